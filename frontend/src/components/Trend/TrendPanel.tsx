import type { StateHistory } from "../../lib/api";
import { formatChange, formatCount, formatMwh, UNKNOWN } from "../../lib/format";
import type { FuelTable } from "../../lib/fuels";
import { ErrorBanner } from "../Status/ErrorBanner";
import { TrendChart } from "./TrendChart";

interface Props {
  history: StateHistory | undefined;
  stale: boolean;
  error: Error | null;
  onRetry: () => void;
  /** "Texas" or "the U.S." */
  where: string;
  /** The fuel category filtered on, or null for all. */
  fuel: string | null;
  fuels: FuelTable;
}

/** How the scope's generation and mix changed across the loaded years: a stacked chart and its figures. */
export function TrendPanel({ history, stale, error, onRetry, where, fuel, fuels }: Props) {
  const what = fuel ? `${fuels.categoryLabel(fuel).toLowerCase()} plants in ${where}` : where;
  const years = history?.years ?? [];
  return (
    <section className="panel trend-panel" aria-labelledby="trend-title" aria-busy={!history || stale}>
      <header className="panel-header">
        <div>
          <h2 id="trend-title" className="panel-title">
            Trend
          </h2>
          <p className="subtitle">
            Net generation of {what} by year{fuel ? "" : " and fuel"}
            {stale ? " (updating…)" : ""}
          </p>
        </div>
      </header>
      {error && !history ? (
        <ErrorBanner error={error} onRetry={onRetry} />
      ) : !history ? (
        <div className="chart-placeholder skeleton" aria-hidden="true" />
      ) : years.length < 2 ? (
        <p className="note" role="status">
          Trends need more years: only eGRID {years[0]?.year ?? ""} is loaded. Load another year's generator sheet to
          compare.
        </p>
      ) : (
        <div className={`trend-body${stale ? " stale" : ""}`}>
          <TrendChart years={years} fuels={fuels} label={what} />
          <div className="table-scroll">
            <table className="data-table trend-figures">
              <caption className="visually-hidden">Net generation by year</caption>
              <thead>
                <tr>
                  <th scope="col">Year</th>
                  <th scope="col" className="num">
                    Plants
                  </th>
                  <th scope="col" className="num">
                    Net generation <span className="unit">(MWh)</span>
                  </th>
                  <th scope="col" className="num">
                    Change <span className="unit">(vs year before)</span>
                  </th>
                </tr>
              </thead>
              <tbody>
                {years.map((year, index) => {
                  const before = index > 0 ? years[index - 1] : undefined;
                  return (
                    <tr key={year.year}>
                      <th scope="row">{year.year}</th>
                      <td className="num">{formatCount(year.plants)}</td>
                      <td className="num">{formatMwh(year.net_generation_mwh)}</td>
                      <td className="num">
                        {before ? formatChange(year.net_generation_mwh, before.net_generation_mwh) : UNKNOWN}
                      </td>
                    </tr>
                  );
                })}
              </tbody>
            </table>
          </div>
        </div>
      )}
    </section>
  );
}
