import { useMemo, useState, type KeyboardEvent, type MouseEvent } from "react";
import type { PlantMap } from "../../lib/api";
import { formatMwh } from "../../lib/format";
import type { FuelTable } from "../../lib/fuels";
import { dotsOf, WIDTH, type Dot, type View } from "../../lib/plantMap";

/** Beyond this many, the top plants are outlined but not numbered: the numbers would pile up. */
export const MAX_NUMBERED = 50;

interface Props {
  map: PlantMap;
  view: View;
  /** The table's N: these plants are outlined, numbered and focusable. */
  top: number;
  openPlant: number | null;
  onOpenPlant: (plantId: number) => void;
  /** Fuel labels and categories (GET /api/v1/fuels): the chart's colours. */
  fuels: FuelTable;
}

function describe(dot: Dot, fuels: FuelTable): string {
  const p = dot.feature.properties;
  return `${p.rank}. ${p.name}, ${fuels.label(p.fuel)}, ${formatMwh(p.net_generation_mwh)} MWh`;
}

/** The ranked plants as dots over the state map: area by net generation, colour by fuel. */
export function PlantDots({ map, view, top, openPlant, onOpenPlant, fuels }: Props) {
  const dots = useMemo(() => dotsOf(map), [map]);
  const [active, setActive] = useState<Dot | null>(null);
  const ranked = useMemo(() => dots.filter((dot) => dot.feature.properties.rank <= top), [dots, top]);
  // Dots keep their size on screen when the map zooms to a state.
  const k = view.width / WIDTH;
  // The plain dots (beyond the top N): one path per fuel, not thousands of elements, built once per
  // answer and zoom; hovering re-renders only the tooltip. They are found under the pointer by hitAt.
  const plain = useMemo(() => dots.filter((dot) => dot.feature.properties.rank > top), [dots, top]);
  const plainLayer = useMemo(() => {
    const byFuel = new Map<string, string[]>();
    for (const dot of plain) {
      const group = fuels.category(dot.feature.properties.fuel);
      const r = dot.r * k;
      const arcs = byFuel.get(group) ?? byFuel.set(group, []).get(group)!;
      arcs.push(`M${dot.x - r},${dot.y}a${r},${r} 0 1,0 ${2 * r},0a${r},${r} 0 1,0 ${-2 * r},0`);
    }
    return (
      <g aria-hidden="true">
        {[...byFuel].map(([group, arcs]) => (
          <path key={group} className={`dot-layer fuel-${group}`} d={arcs.join("")} />
        ))}
      </g>
    );
  }, [plain, k]);
  const numbered = top <= MAX_NUMBERED;

  // One listener for every dot: a ranked circle names its dot; a plain dot is the one under the pointer.
  function dotAt(event: MouseEvent<SVGSVGElement>): Dot | null {
    const index = (event.target as Element).getAttribute("data-dot");
    if (index !== null) return dots[Number(index)] ?? null;
    return (event.target as Element).classList.contains("dot-layer") ? hitAt(event) : null;
  }
  function hitAt(event: MouseEvent<SVGSVGElement>): Dot | null {
    const matrix = event.currentTarget.getScreenCTM()?.inverse();
    if (!matrix) return null;
    const at = new DOMPoint(event.clientX, event.clientY).matrixTransform(matrix);
    // Drawn largest first: the last dot that holds the point is the one on top.
    for (let i = plain.length - 1; i >= 0; i--) {
      const dot = plain[i]!;
      const r = dot.r * k;
      if ((dot.x - at.x) ** 2 + (dot.y - at.y) ** 2 <= r * r) return dot;
    }
    return null;
  }
  // One tab stop for the ranked dots; arrow keys move between them in rank order (as the state map).
  const [focusRank, setFocusRank] = useState<number | null>(null);
  const tabStop = ranked.some((dot) => dot.feature.properties.rank === focusRank)
    ? focusRank
    : (ranked[0]?.feature.properties.rank ?? null);
  function onKeyDown(event: KeyboardEvent<SVGCircleElement>, at: number) {
    const moves: Record<string, number> = { ArrowRight: 1, ArrowDown: 1, ArrowLeft: -1, ArrowUp: -1 };
    let next: number;
    if (event.key in moves) next = (at + (moves[event.key] ?? 0) + ranked.length) % ranked.length;
    else if (event.key === "Home") next = 0;
    else if (event.key === "End") next = ranked.length - 1;
    else {
      if (event.key === "Enter" || event.key === " ") {
        event.preventDefault();
        const dot = ranked[at];
        if (dot) onOpenPlant(dot.feature.properties.plant_id);
      }
      return;
    }
    event.preventDefault();
    const rank = ranked[next]?.feature.properties.rank ?? null;
    setFocusRank(rank);
    event.currentTarget.ownerSVGElement?.querySelector<SVGElement>(`[data-rank="${rank}"]`)?.focus();
  }
  const index = useMemo(() => new Map(dots.map((dot, i) => [dot, i])), [dots]);

  return (
    <>
      <svg
        className="plant-dots"
        viewBox={`${view.x} ${view.y} ${view.width} ${view.height}`}
        role="group"
        aria-label={`The top ${Math.min(top, map.features.length)} plants on the map. Arrow keys move between them; Enter opens one.`}
        data-dots={dots.length}
        onMouseMove={(event) => {
          const dot = dotAt(event);
          if (dot !== active) setActive(dot);
        }}
        onMouseLeave={() => setActive(null)}
        onClick={(event) => {
          const dot = dotAt(event);
          if (dot) onOpenPlant(dot.feature.properties.plant_id);
        }}
      >
        {plainLayer}
        {ranked.map((dot, at) => (
          <circle
            key={dot.feature.id}
            data-dot={index.get(dot)}
            data-rank={dot.feature.properties.rank}
            className={`dot ranked fuel-${fuels.category(dot.feature.properties.fuel)}${dot.feature.id === openPlant ? " open" : ""}`}
            cx={dot.x}
            cy={dot.y}
            r={dot.r * k}
            role="button"
            tabIndex={dot.feature.properties.rank === tabStop ? 0 : -1}
            aria-label={describe(dot, fuels)}
            onKeyDown={(event) => onKeyDown(event, at)}
            onFocus={() => {
              setFocusRank(dot.feature.properties.rank);
              setActive(dot);
            }}
            onBlur={() => setActive(null)}
          />
        ))}
        {numbered && (
          <g className="dot-numbers" aria-hidden="true" style={{ fontSize: `${10 * k}px` }}>
            {ranked.map((dot) => {
              const y = dot.y - (dot.r + 2) * k;
              const width = (String(dot.feature.properties.rank).length * 6.5 + 4) * k;
              // On a white chip: a number over another plant's dot stays legible whatever its fuel.
              return (
                <g key={dot.feature.id}>
                  <rect x={dot.x - width / 2} y={y - 9 * k} width={width} height={11 * k} rx={2 * k} />
                  <text x={dot.x} y={y}>
                    {dot.feature.properties.rank}
                  </text>
                </g>
              );
            })}
          </g>
        )}
      </svg>
      {active && (
        <div
          className="map-tooltip dot-tooltip"
          role="status"
          style={{
            left: `${((active.x - view.x) / view.width) * 100}%`,
            top: `${((active.y - view.y) / view.height) * 100}%`,
          }}
        >
          <strong>
            {active.feature.properties.rank}. {active.feature.properties.name}
          </strong>
          <span>{fuels.label(active.feature.properties.fuel)}</span>
          <span>{formatMwh(active.feature.properties.net_generation_mwh)} MWh</span>
        </div>
      )}
    </>
  );
}
