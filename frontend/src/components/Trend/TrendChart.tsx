import { useId, useState } from "react";
import type { StateYear } from "../../lib/api";
import { formatCompact, formatCount, formatMwh } from "../../lib/format";
import type { FuelTable } from "../../lib/fuels";
import { useWidth } from "../../hooks/useWidth";
import { niceTicks } from "../PlantChart/PlantBarChart";

const HEIGHT = 260;
const TOP = 24;
const BOTTOM = 26;
const LEFT = 52;
/** Room the hover box needs beside a bar (its longest line is a category with a 9-digit figure). */
const TOOLTIP_WIDTH = 250;

interface Props {
  years: readonly StateYear[];
  fuels: FuelTable;
  /** What the figures are of, for the chart's name: "Texas", "the U.S., solar". */
  label: string;
}

interface Segment {
  fuel: string;
  mwh: number;
  from: number;
  to: number;
}

/** "2021–2023": the years a chart covers, named without the word a Year control is found by. */
export function span(years: readonly { year: number }[]): string {
  const first = years[0]?.year;
  const last = years.at(-1)?.year;
  return first === last ? String(first ?? "") : `${first}\u2013${last}`;
}

/** Stacks a year's fuel figures: positives up from zero, negatives (storage) down from it. */
export function stack(year: StateYear, order: readonly string[]): Segment[] {
  const rank = (fuel: string) => (order.includes(fuel) ? order.indexOf(fuel) : order.length);
  const byFuel = [...year.by_fuel].sort((a, b) => rank(a.fuel) - rank(b.fuel));
  let up = 0;
  let down = 0;
  return byFuel
    .filter((f) => f.net_generation_mwh !== 0)
    .map((f) => {
      const mwh = f.net_generation_mwh;
      const from = mwh >= 0 ? up : down;
      if (mwh >= 0) up += mwh;
      else down += mwh;
      return { fuel: f.fuel, mwh, from, to: from + mwh };
    });
}

/** Net generation per year as bars stacked by fuel category, the total marked above each. */
export function TrendChart({ years, fuels, label }: Props) {
  const [ref, width] = useWidth<HTMLDivElement>(640);
  const [hovered, setHovered] = useState<number | null>(null);
  const titleId = useId();
  // The API's order of categories, then any the table does not know (yet).
  const order = [
    ...new Set([...fuels.categories.map((c) => c.category), ...years.flatMap((y) => y.by_fuel.map((f) => f.fuel))]),
  ];
  const stacks = years.map((year) => stack(year, order));
  const low = Math.min(0, ...stacks.flat().map((s) => Math.min(s.from, s.to)));
  const high = Math.max(
    0,
    ...stacks.flat().map((s) => Math.max(s.from, s.to)),
    ...years.map((y) => y.net_generation_mwh),
  );
  const ticks = niceTicks(low, high, 4);
  const top = Math.max(high, ticks.at(-1) ?? high);
  const bottom = Math.min(low, ticks[0] ?? low);
  const y = (value: number) => TOP + ((top - value) / (top - bottom || 1)) * (HEIGHT - TOP - BOTTOM);
  const slot = (width - LEFT) / Math.max(1, years.length);
  const barWidth = Math.min(72, slot * 0.6);
  const x = (index: number) => LEFT + slot * index + (slot - barWidth) / 2;
  const present = order.filter((fuel) => stacks.some((segments) => segments.some((s) => s.fuel === fuel)));
  const shown = hovered === null ? null : years[hovered];

  return (
    <figure className="chart trend-chart">
      <figcaption id={titleId} className="visually-hidden">
        Net generation of {label} by fuel category, {span(years)}, in MWh
      </figcaption>
      <div ref={ref} className="chart-canvas" onMouseLeave={() => setHovered(null)}>
        <svg width={width} height={HEIGHT} role="group" aria-labelledby={titleId}>
          <g className="grid" aria-hidden="true">
            {ticks.map((tick) => (
              <g key={tick} transform={`translate(0,${y(tick)})`}>
                <line x1={LEFT - 4} x2={width} />
                <text x={LEFT - 8} dy="0.35em" textAnchor="end">
                  {formatCompact(tick)}
                </text>
              </g>
            ))}
          </g>
          {years.map((year, index) => (
            <g
              key={year.year}
              className={`trend-year${hovered === index ? " hovered" : ""}`}
              role="img"
              tabIndex={0}
              aria-label={`${year.year}: ${formatMwh(year.net_generation_mwh)} MWh from ${formatCount(year.plants)} plants`}
              onMouseEnter={() => setHovered(index)}
              onFocus={() => setHovered(index)}
              onBlur={() => setHovered(null)}
            >
              <rect className="hit" x={LEFT + slot * index} y={0} width={slot} height={HEIGHT} />
              {stacks[index]!.map((segment) => (
                <rect
                  key={segment.fuel}
                  className={`bar fuel-${segment.fuel}`}
                  x={x(index)}
                  y={y(Math.max(segment.from, segment.to))}
                  width={barWidth}
                  height={Math.max(0.5, Math.abs(y(segment.from) - y(segment.to)))}
                />
              ))}
              <line
                className="total-mark"
                x1={x(index) - 4}
                x2={x(index) + barWidth + 4}
                y1={y(year.net_generation_mwh)}
                y2={y(year.net_generation_mwh)}
              />
              <text
                className="total-label"
                x={x(index) + barWidth / 2}
                y={y(Math.max(0, year.net_generation_mwh)) - 6}
                textAnchor="middle"
              >
                {formatCompact(year.net_generation_mwh)}
              </text>
              <text className="year-label" x={x(index) + barWidth / 2} y={HEIGHT - 8} textAnchor="middle">
                {year.year}
              </text>
            </g>
          ))}
          <line className="zero" x1={LEFT - 4} x2={width} y1={y(0)} y2={y(0)} aria-hidden="true" />
        </svg>
        {shown && hovered !== null && (
          <div
            className="chart-tooltip"
            role="tooltip"
            // Beside the bar, on whichever side has room, so it never hides the bar it describes.
            style={
              x(hovered) + barWidth + TOOLTIP_WIDTH + 8 <= width
                ? { left: x(hovered) + barWidth + 8, top: TOP }
                : { right: width - x(hovered) + 8, top: TOP }
            }
          >
            <strong>{shown.year}</strong>
            <span>
              Total {formatMwh(shown.net_generation_mwh)} MWh · {formatCount(shown.plants)} plants
            </span>
            {stacks[hovered]!.map((segment) => (
              <span key={segment.fuel}>
                <span className={`swatch fuel-${segment.fuel}`} aria-hidden="true" />
                {fuels.categoryLabel(segment.fuel)} {formatMwh(segment.mwh)}
              </span>
            ))}
          </div>
        )}
      </div>
      <ul className="legend fuel-legend" aria-label="Bar colours by fuel category">
        {present.map((fuel) => (
          <li key={fuel}>
            <span className={`swatch fuel-${fuel}`} aria-hidden="true" />
            {fuels.categoryLabel(fuel)}
          </li>
        ))}
      </ul>
    </figure>
  );
}
