import { useId, useState } from "react";
import type { StateTotal } from "../../lib/api";
import type { FuelCategory } from "../../lib/fuels";
import { isValidPlantCount, MAX_PLANTS, MIN_PLANTS, type Selection } from "../../lib/selection";
import { stateName } from "../../lib/states";
import type { Navigate } from "../../hooks/useSelection";

interface Props {
  selection: Selection;
  states: readonly StateTotal[] | undefined;
  /** Loaded years, newest first. */
  years: readonly number[];
  latestYear: number | null;
  /** Fuel categories from the API, in its order. */
  fuels: readonly FuelCategory[];
  onChange: (patch: Partial<Selection>, how?: Navigate) => void;
}

export function Controls({ selection, states, years, latestYear, fuels, onChange }: Props) {
  const options = stateOptions(states, selection.state);
  return (
    <form className="controls" onSubmit={(event) => event.preventDefault()} aria-label="Choose plants">
      <div className="field">
        <label htmlFor="state">State</label>
        <select
          id="state"
          value={selection.state ?? ""}
          onChange={(event) => onChange({ state: event.target.value || null, plant: null })}
        >
          <option value="">All states</option>
          {options.map((state) => (
            <option key={state.code} value={state.code}>
              {state.name} ({state.code})
            </option>
          ))}
        </select>
      </div>
      <PlantCount n={selection.n} onChange={(n) => onChange({ n }, { mode: "typing", key: "n" })} />
      <div className="field">
        <label htmlFor="fuel">Fuel</label>
        <select
          id="fuel"
          value={selection.fuel ?? ""}
          onChange={(event) => onChange({ fuel: event.target.value || null })}
        >
          <option value="">All fuels</option>
          {fuels.map((fuel) => (
            <option key={fuel.category} value={fuel.category}>
              {fuel.label}
            </option>
          ))}
          {/* A category from the URL stays listed while the categories load (or if the API lacks it). */}
          {selection.fuel && !fuels.some((f) => f.category === selection.fuel) && (
            <option value={selection.fuel}>{selection.fuel}</option>
          )}
        </select>
      </div>
      {years.length > 1 && (
        <div className="field">
          <label htmlFor="year">Year</label>
          <select
            id="year"
            value={selection.year ?? latestYear ?? ""}
            onChange={(event) => onChange({ year: Number(event.target.value) })}
          >
            {years.map((year) => (
              <option key={year} value={year}>
                {year}
              </option>
            ))}
          </select>
        </div>
      )}
    </form>
  );
}

/** States from the API, sorted by name; the chosen code stays listed while they load. */
function stateOptions(states: readonly StateTotal[] | undefined, chosen: string | null) {
  const list = states ? [...states] : [];
  if (chosen && !list.some((s) => s.code === chosen)) {
    list.push({ code: chosen, name: stateName(chosen), plants: 0, net_generation_mwh: 0 });
  }
  return list.sort((a, b) => a.name.localeCompare(b.name));
}

function PlantCount({ n, onChange }: { n: number; onChange: (n: number) => void }) {
  const [draft, setDraft] = useState(String(n));
  const [shown, setShown] = useState(n);
  const messageId = useId();
  // Back/forward changed n underneath us: show the URL's value.
  if (n !== shown) {
    setShown(n);
    setDraft(String(n));
  }
  const message = plantCountMessage(draft);
  return (
    <div className="field">
      <label htmlFor="n">Number of plants</label>
      <input
        id="n"
        type="number"
        inputMode="numeric"
        min={MIN_PLANTS}
        max={MAX_PLANTS}
        step={1}
        value={draft}
        aria-invalid={message !== null}
        aria-describedby={message ? messageId : undefined}
        onChange={(event) => {
          const text = event.target.value;
          setDraft(text);
          if (plantCountMessage(text) === null) {
            setShown(Number(text));
            onChange(Number(text));
          }
        }}
      />
      {message && (
        <p id={messageId} className="field-message" role="alert">
          {message}
        </p>
      )}
    </div>
  );
}

export function plantCountMessage(text: string): string | null {
  const range = `from ${MIN_PLANTS} to ${MAX_PLANTS.toLocaleString("en-US")}`;
  if (text.trim() === "") return `Enter a number of plants ${range}.`;
  const value = Number(text);
  if (!Number.isInteger(value)) return `Enter a whole number ${range}.`;
  if (!isValidPlantCount(value)) return `Number of plants must be ${range}; showing the last valid choice.`;
  return null;
}
