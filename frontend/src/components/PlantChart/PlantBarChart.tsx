import { useId } from "react";
import type { TopPlant } from "../../lib/api";
import { formatCompact, formatMwh } from "../../lib/format";
import type { FuelTable } from "../../lib/fuels";
import { useWidth } from "../../hooks/useWidth";

/** More bars than this stop being readable; the table lists every plant. */
export const MAX_BARS = 25;

const ROW = 32;
const BAR = 18;
const TOP = 22;
const VALUE_WIDTH = 92;

interface Props {
  plants: readonly TopPlant[];
  fuels: FuelTable;
  openPlant: number | null;
  onOpenPlant: (plantId: number) => void;
}

export function PlantBarChart({ plants, fuels, openPlant, onOpenPlant }: Props) {
  const [ref, width] = useWidth<HTMLDivElement>(520);
  const titleId = useId();
  const shown = plants.slice(0, MAX_BARS);
  const values = shown.map((p) => p.net_generation_mwh ?? 0);
  const low = Math.min(0, ...values);
  const high = Math.max(0, ...values);
  const labelWidth = Math.min(200, Math.round(width * 0.36));
  const x0 = labelWidth + 8;
  const x1 = Math.max(x0 + 40, width - VALUE_WIDTH - 8);
  const x = (value: number) => x0 + ((value - low) / (high - low || 1)) * (x1 - x0);
  const zero = x(0);
  const height = TOP + shown.length * ROW + 4;
  const ticks = niceTicks(low, high, Math.max(2, Math.floor((x1 - x0) / 70)));

  return (
    <figure className="chart" aria-labelledby={titleId}>
      <figcaption id={titleId} className="visually-hidden">
        Net generation of the {shown.length === plants.length ? "" : `first ${shown.length} `}plants in the table, in
        MWh
      </figcaption>
      <div ref={ref} className="chart-canvas">
        <svg width={width} height={height} role="img" aria-labelledby={titleId} className="bar-chart">
          <g className="grid" aria-hidden="true">
            {ticks.map((tick) => (
              <g key={tick} transform={`translate(${x(tick)},0)`}>
                <line y1={TOP - 4} y2={height} />
                <text y={TOP - 8} textAnchor="middle">
                  {formatCompact(tick)}
                </text>
              </g>
            ))}
          </g>
          {shown.map((plant, index) => {
            const value = plant.net_generation_mwh;
            const y = TOP + index * ROW;
            const barStart = value === null ? zero : Math.min(zero, x(value));
            const barWidth = value === null ? 0 : Math.abs(x(value) - zero);
            const open = plant.plant_id === openPlant;
            return (
              <g
                key={plant.plant_id}
                className={`bar-row${open ? " open" : ""}`}
                transform={`translate(0,${y})`}
                onClick={() => onOpenPlant(plant.plant_id)}
              >
                <title>{`${plant.name} (${fuels.label(plant.primary_fuel)}): ${formatMwh(value)} MWh`}</title>
                <rect className="hit" x={0} y={0} width={width} height={ROW} />
                <text className="bar-label" x={labelWidth} y={ROW / 2} dy="0.35em" textAnchor="end">
                  {truncate(plant.name, Math.floor(labelWidth / 7))}
                </text>
                <rect
                  className={`bar fuel-${fuels.category(plant.primary_fuel)}${(value ?? 0) < 0 ? " negative" : ""}`}
                  x={barStart}
                  y={(ROW - BAR) / 2}
                  width={Math.max(barWidth, value ? 1 : 0)}
                  height={BAR}
                  rx={2}
                />
                <text className="bar-value" x={width - 4} y={ROW / 2} dy="0.35em" textAnchor="end">
                  {formatMwh(value)}
                </text>
              </g>
            );
          })}
          <line className="zero" x1={zero} x2={zero} y1={TOP - 4} y2={height} aria-hidden="true" />
        </svg>
      </div>
      <FuelLegend plants={shown} fuels={fuels} />
      {shown.length < plants.length && (
        <p className="note">
          The chart shows the first {shown.length} of {plants.length} plants; the table lists them all.
        </p>
      )}
    </figure>
  );
}

function FuelLegend({ plants, fuels }: { plants: readonly TopPlant[]; fuels: FuelTable }) {
  const groups = [...new Set(plants.map((plant) => fuels.category(plant.primary_fuel)))];
  return (
    <ul className="legend fuel-legend" aria-label="Bar colours by primary fuel">
      {groups.map((group) => (
        <li key={group}>
          <span className={`swatch fuel-${group}`} aria-hidden="true" />
          {fuels.categoryLabel(group)}
        </li>
      ))}
    </ul>
  );
}

function truncate(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, Math.max(1, max - 1)).trimEnd()}…`;
}

/** Round tick values (1, 2 or 5 × 10^k) spanning [low, high], about `count` of them (as d3's ticks). */
export function niceTicks(low: number, high: number, count: number): number[] {
  if (high === low) return [0];
  const raw = (high - low) / count;
  const power = 10 ** Math.floor(Math.log10(raw));
  const error = raw / power;
  const step = power * (error >= Math.sqrt(50) ? 10 : error >= Math.sqrt(10) ? 5 : error >= Math.SQRT2 ? 2 : 1);
  const ticks: number[] = [];
  for (let tick = Math.ceil(low / step) * step; tick <= high + step * 1e-9; tick += step) {
    ticks.push(Math.round(tick / step) * step);
  }
  return ticks;
}
