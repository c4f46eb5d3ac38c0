import { useEffect, useId, useState } from "react";
import { MIN_SEARCH, usePlantSearch } from "../../hooks/queries";
import type { PlantMatch } from "../../lib/api";
import { formatMwh } from "../../lib/format";

/** Waits for a pause in typing before asking the API. */
const DEBOUNCE_MS = 150;

interface Props {
  /** The year on screen: suggestions are the plants of that year. */
  year: number | null;
  onChoose: (plant: PlantMatch) => void;
}

/**
 * "Find a plant": a combobox (ARIA 1.2 pattern, list autocomplete). Arrows move through the
 * suggestions, Enter opens the highlighted one (or the first), Escape closes the list, then clears.
 */
export function PlantSearch({ year, onChoose }: Props) {
  const [text, setText] = useState("");
  const [asked, setAsked] = useState("");
  const [open, setOpen] = useState(false);
  const [active, setActive] = useState(-1);
  // Enter pressed before the suggestions for the typed text arrived: open the first when they do.
  const [pendingEnter, setPendingEnter] = useState(false);
  const id = useId();
  const listId = `${id}-list`;
  const statusId = `${id}-status`;

  useEffect(() => {
    const timer = setTimeout(() => setAsked(text), DEBOUNCE_MS);
    return () => clearTimeout(timer);
  }, [text]);

  const search = usePlantSearch(asked, year);
  const long = text.trim().length >= MIN_SEARCH;
  // While the next answer loads the last suggestions stay up; "fresh" ones are for the text typed now.
  const fresh = long && asked === text && search.isSuccess && !search.isPlaceholderData;
  const matches = long ? (search.data?.plants ?? []) : [];
  const expanded = open && long && matches.length > 0;

  const choose = (plant: PlantMatch | undefined) => {
    setPendingEnter(false);
    if (!plant) return;
    onChoose(plant);
    setOpen(false);
    setActive(-1);
    setText("");
    setAsked("");
  };

  useEffect(() => {
    if (pendingEnter && fresh) choose(matches[0]);
  });

  const status = !long
    ? ""
    : search.isError
      ? "Search failed; try again."
      : !fresh
        ? "Searching…"
        : matches.length === 0
          ? `No plant matches \u201c${text.trim()}\u201d.`
          : expanded
            ? `${matches.length} suggestion${matches.length === 1 ? "" : "s"}; arrows to move, Enter to open.`
            : "";

  return (
    <div className="plant-search" role="search" aria-label="Plants">
      <label htmlFor={id}>Find a plant</label>
      <div className="combobox">
        <input
          id={id}
          type="text"
          role="combobox"
          autoComplete="off"
          spellCheck={false}
          placeholder="Name or plant ID"
          aria-autocomplete="list"
          aria-expanded={expanded}
          aria-controls={listId}
          aria-activedescendant={expanded && active >= 0 ? `${id}-option-${active}` : undefined}
          aria-describedby={statusId}
          value={text}
          onChange={(event) => {
            setText(event.target.value);
            setOpen(true);
            setActive(-1);
            setPendingEnter(false);
          }}
          onBlur={() => setOpen(false)}
          onFocus={() => setOpen(true)}
          onKeyDown={(event) => {
            if (event.key === "ArrowDown" || event.key === "ArrowUp") {
              event.preventDefault();
              if (!expanded) {
                setOpen(true);
                return;
              }
              const count = matches.length;
              setActive((index) =>
                event.key === "ArrowDown" ? (index + 1) % count : index <= 0 ? count - 1 : index - 1,
              );
            } else if (event.key === "Enter") {
              if (!long) return;
              event.preventDefault();
              if (expanded && active >= 0) choose(matches[active]);
              else if (fresh) choose(matches[0]);
              else {
                setAsked(text);
                setPendingEnter(true);
              }
            } else if (event.key === "Escape") {
              // Keep the plant panel's own Escape from closing it too.
              event.stopPropagation();
              if (expanded) setOpen(false);
              else setText("");
              setActive(-1);
            }
          }}
        />
        <ul id={listId} role="listbox" aria-label="Suggestions" className="suggestions" hidden={!expanded}>
          {matches.map((plant, index) => (
            <li
              key={plant.plant_id}
              id={`${id}-option-${index}`}
              role="option"
              aria-selected={index === active}
              className={index === active ? "active" : undefined}
              // Chosen on mousedown, before the input's blur closes the list.
              onMouseDown={(event) => {
                event.preventDefault();
                choose(plant);
              }}
              onMouseMove={() => setActive(index)}
            >
              <span className="suggestion-name">{plant.name}</span>
              <span className="suggestion-meta">
                {plant.state} · ORISPL {plant.plant_id} · {formatMwh(plant.net_generation_mwh)} MWh
              </span>
            </li>
          ))}
        </ul>
      </div>
      <p id={statusId} className="visually-hidden" aria-live="polite">
        {status}
      </p>
    </div>
  );
}
