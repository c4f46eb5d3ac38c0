import { useId } from "react";
import type { PlantHistory as History } from "../../lib/api";
import { formatCompact, formatMwh, UNKNOWN } from "../../lib/format";
import { useWidth } from "../../hooks/useWidth";
import { ErrorBanner } from "../Status/ErrorBanner";
import { span } from "../Trend/TrendChart";

const HEIGHT = 120;
const PAD_X = 28;
const TOP = 18;
const BOTTOM = 22;

interface Props {
  history: History | undefined;
  error: Error | null;
  onRetry: () => void;
}

/** One plant across the loaded years: a small line of its generation and the figures with its ranks. */
export function PlantHistory({ history, error, onRetry }: Props) {
  if (error && !history) return <ErrorBanner error={error} onRetry={onRetry} />;
  const years = history?.years ?? [];
  const renamed = history ? years.filter((y) => y.name !== history.name) : [];
  return (
    <div className="plant-history">
      <h3>Across the years</h3>
      {history && years.length > 1 && <HistoryLine history={history} />}
      <div className="table-scroll">
        <table className="data-table history" aria-label="Plant history" aria-busy={!history}>
          <thead>
            <tr>
              <th scope="col">Year</th>
              <th scope="col" className="num">
                Net generation <span className="unit">(MWh)</span>
              </th>
              <th scope="col" className="num">
                Rank in state
              </th>
              <th scope="col" className="num">
                Rank in nation
              </th>
            </tr>
          </thead>
          <tbody>
            {history
              ? years.map((year) => (
                  <tr key={year.year}>
                    <th scope="row">{year.year}</th>
                    <td className={`num${(year.net_generation_mwh ?? 0) < 0 ? " negative" : ""}`}>
                      {formatMwh(year.net_generation_mwh)}
                    </td>
                    <td className="num">{year.rank_in_state ?? UNKNOWN}</td>
                    <td className="num">{year.rank_in_nation ?? UNKNOWN}</td>
                  </tr>
                ))
              : Array.from({ length: 2 }, (_, row) => (
                  <tr key={row} className="skeleton-row" aria-hidden="true">
                    {Array.from({ length: 4 }, (_, cell) => (
                      <td key={cell}>
                        <span className="skeleton" />
                      </td>
                    ))}
                  </tr>
                ))}
          </tbody>
        </table>
      </div>
      {renamed.length > 0 && (
        <p className="note">
          Listed under other names: {renamed.map((y) => `\u201c${y.name}\u201d (${y.year})`).join(", ")}. The plant ID
          stays the same.
        </p>
      )}
    </div>
  );
}

function HistoryLine({ history }: { history: History }) {
  const [ref, width] = useWidth<HTMLDivElement>(320);
  const titleId = useId();
  const known = history.years.filter((y) => y.net_generation_mwh !== null);
  const values = known.map((y) => y.net_generation_mwh ?? 0);
  const low = Math.min(0, ...values);
  const high = Math.max(0, ...values);
  const first = history.years[0]!.year;
  const last = history.years.at(-1)!.year;
  const x = (year: number) => PAD_X + ((year - first) / (last - first || 1)) * (width - 2 * PAD_X);
  const y = (value: number) => TOP + ((high - value) / (high - low || 1)) * (HEIGHT - TOP - BOTTOM);
  const points = known.map((year) => `${x(year.year)},${y(year.net_generation_mwh ?? 0)}`).join(" ");
  return (
    <figure className="chart history-chart">
      <figcaption id={titleId} className="visually-hidden">
        Net generation of {history.name}, {span(history.years)}, in MWh; the table below has the figures
      </figcaption>
      <div ref={ref} className="chart-canvas">
        <svg width={width} height={HEIGHT} role="img" aria-labelledby={titleId}>
          <line className="zero" x1={PAD_X / 2} x2={width - PAD_X / 2} y1={y(0)} y2={y(0)} />
          <polyline className="history-line" points={points} />
          {known.map((year) => (
            <g key={year.year}>
              <circle className="history-point" cx={x(year.year)} cy={y(year.net_generation_mwh ?? 0)} r={3.5}>
                <title>{`${year.year}: ${formatMwh(year.net_generation_mwh)} MWh`}</title>
              </circle>
              <text
                className="point-label"
                x={x(year.year)}
                y={y(year.net_generation_mwh ?? 0) - 7}
                textAnchor="middle"
              >
                {formatCompact(year.net_generation_mwh ?? 0)}
              </text>
            </g>
          ))}
          {history.years.map((year) => (
            <text key={year.year} className="year-label" x={x(year.year)} y={HEIGHT - 6} textAnchor="middle">
              {year.year}
            </text>
          ))}
        </svg>
      </div>
    </figure>
  );
}
