import { useMemo, useState, type KeyboardEvent, type ReactNode } from "react";
import type { StateTotal } from "../../lib/api";
import { formatCount, formatMwh } from "../../lib/format";
import { colourFor, COLOURS, legendLabels, NO_DATA_COLOUR } from "../../lib/mapScale";
import { zoomBox, type View } from "../../lib/plantMap";
import { SHAPES, type Shape } from "./shapes";

interface Props {
  states: readonly StateTotal[] | undefined;
  selected: string | null;
  onSelect: (code: string) => void;
  /** The state to zoom to (the whole map when none). */
  zoomTo?: string | null;
  /** Drawn over the map in the same view (the plant dots). */
  overlay?: (view: View) => ReactNode;
}

/** U.S. states coloured by total net generation; click (or Enter) selects a state. */
export default function StateMap({ states, selected, onSelect, zoomTo, overlay }: Props) {
  const totals = useMemo(() => new Map(states?.map((s) => [s.code, s])), [states]);
  const [hovered, setHovered] = useState<string | null>(null);
  const [focusCode, setFocusCode] = useState<string | null>(null);
  const tabStop = focusCode ?? selected ?? SHAPES[0]?.code;
  const active = SHAPES.find((shape) => shape.code === hovered);

  function describe(shape: Shape): string {
    const total = totals.get(shape.code);
    if (!states) return shape.name;
    return total
      ? `${shape.name}: ${formatMwh(total.net_generation_mwh)} MWh from ${formatCount(total.plants)} plants`
      : `${shape.name}: no data`;
  }

  function onKeyDown(event: KeyboardEvent<SVGElement>, index: number) {
    const moves: Record<string, number> = { ArrowRight: 1, ArrowDown: 1, ArrowLeft: -1, ArrowUp: -1 };
    let next: number | undefined;
    if (event.key in moves) next = (index + (moves[event.key] ?? 0) + SHAPES.length) % SHAPES.length;
    else if (event.key === "Home") next = 0;
    else if (event.key === "End") next = SHAPES.length - 1;
    else if (event.key === "Enter" || event.key === " ") {
      event.preventDefault();
      onSelect(SHAPES[index]?.code ?? "");
      return;
    } else return;
    event.preventDefault();
    const code = SHAPES[next]?.code ?? null;
    setFocusCode(code);
    setHovered(code);
    const svg = event.currentTarget.ownerSVGElement;
    svg?.querySelector<SVGElement>(`[data-code="${code}"]`)?.focus();
  }

  const selectedShape = SHAPES.find((shape) => shape.code === selected);
  const view = zoomBox(SHAPES.find((shape) => shape.code === zoomTo)?.bounds);
  return (
    <div className="state-map">
      <div className="map-frame">
        <svg
          viewBox={`${view.x} ${view.y} ${view.width} ${view.height}`}
          role="group"
          aria-label="U.S. states by total net generation. Arrow keys move between states; Enter selects one."
          onMouseLeave={() => setHovered(null)}
        >
          {SHAPES.map((shape, index) => {
            const total = totals.get(shape.code);
            return (
              <path
                key={shape.code}
                data-code={shape.code}
                d={shape.d}
                className={`state${shape.tile ? " tile" : ""}${shape.code === selected ? " selected" : ""}`}
                fill={states ? colourFor(total?.net_generation_mwh) : NO_DATA_COLOUR}
                role="button"
                tabIndex={shape.code === tabStop ? 0 : -1}
                aria-label={describe(shape)}
                aria-pressed={shape.code === selected}
                onClick={() => onSelect(shape.code)}
                onKeyDown={(event) => onKeyDown(event, index)}
                onMouseEnter={() => setHovered(shape.code)}
                onFocus={() => {
                  setFocusCode(shape.code);
                  setHovered(shape.code);
                }}
                onBlur={() => setHovered(null)}
              />
            );
          })}
          {selectedShape && <path className="selected-outline" d={selectedShape.d} aria-hidden="true" />}
          {SHAPES.filter((shape) => shape.tile).map((shape) => (
            <text
              key={shape.code}
              className="tile-label"
              x={shape.tile?.x}
              y={shape.tile?.y}
              dy="0.35em"
              aria-hidden="true"
            >
              {shape.code}
            </text>
          ))}
        </svg>
        {active && (
          <div
            className="map-tooltip"
            aria-hidden="true"
            style={{
              left: `${((active.centroid[0] - view.x) / view.width) * 100}%`,
              top: `${((active.centroid[1] - view.y) / view.height) * 100}%`,
            }}
          >
            <strong>{active.name}</strong>
            <span>
              {totals.get(active.code) ? `${formatMwh(totals.get(active.code)?.net_generation_mwh)} MWh` : "No data"}
            </span>
          </div>
        )}
        {overlay?.(view)}
      </div>
      <MapLegend />
    </div>
  );
}

function MapLegend() {
  const labels = legendLabels();
  return (
    <div className="legend map-legend">
      <span className="legend-title">Total net generation, million MWh</span>
      <ul aria-label="Map colours">
        {COLOURS.map((colour, index) => (
          <li key={colour}>
            <span className="swatch" style={{ background: colour }} aria-hidden="true" />
            {labels[index]}
          </li>
        ))}
      </ul>
    </div>
  );
}
