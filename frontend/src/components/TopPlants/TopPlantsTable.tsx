import type { TopPlant } from "../../lib/api";
import { formatChange, formatMw, formatMwh, formatShare } from "../../lib/format";
import type { FuelTable } from "../../lib/fuels";

interface Props {
  plants: readonly TopPlant[] | undefined;
  /** Postal code when the shares are of one state's total, null for the nation. */
  state: string | null;
  /** The year each plant's "previous" is from; null (no earlier year loaded) leaves the column out. */
  previousYear: number | null;
  fuels: FuelTable;
  /** The result on screen is for an earlier choice while the new one loads. */
  stale: boolean;
  skeletonRows: number;
  openPlant: number | null;
  onOpenPlant: (plantId: number | null) => void;
}

export function TopPlantsTable({
  plants,
  state,
  previousYear,
  fuels,
  stale,
  skeletonRows,
  openPlant,
  onOpenPlant,
}: Props) {
  const columns = previousYear === null ? 8 : 9;
  return (
    <div className="table-scroll">
      <table className="data-table top-plants" aria-busy={plants === undefined || stale}>
        <caption className="visually-hidden">Top plants</caption>
        <thead>
          <tr>
            <th scope="col" className="num">
              Rank
            </th>
            <th scope="col">Plant</th>
            <th scope="col" className="num optional">
              Plant ID <span className="unit">(ORISPL)</span>
            </th>
            <th scope="col" className="optional">
              State
            </th>
            <th scope="col" className="optional">
              Primary fuel
            </th>
            <th scope="col" className="num optional">
              Nameplate <span className="unit">(MW)</span>
            </th>
            <th scope="col" className="num">
              Net generation <span className="unit">(MWh)</span>
            </th>
            <th scope="col" className="num optional">
              Share <span className="unit">(of {state ?? "U.S."} total)</span>
            </th>
            {previousYear !== null && (
              <th scope="col" className="num">
                vs {previousYear}
              </th>
            )}
          </tr>
        </thead>
        <tbody className={stale ? "stale" : undefined}>
          {plants === undefined
            ? Array.from({ length: skeletonRows }, (_, row) => (
                <tr key={row} className="skeleton-row" aria-hidden="true">
                  {Array.from({ length: columns }, (_, cell) => (
                    <td key={cell}>
                      <span className="skeleton" />
                    </td>
                  ))}
                </tr>
              ))
            : plants.map((plant) => {
                const open = plant.plant_id === openPlant;
                return (
                  <tr key={plant.plant_id} className={open ? "open" : undefined}>
                    <td className="num">{plant.rank}</td>
                    <th scope="row" className="plant-name">
                      <button
                        type="button"
                        className="link-button"
                        aria-expanded={open}
                        aria-controls={open ? "plant-detail" : undefined}
                        title={`Show the generators of ${plant.name}`}
                        onClick={() => onOpenPlant(open ? null : plant.plant_id)}
                      >
                        {plant.name}
                      </button>
                    </th>
                    <td className="num optional">{plant.plant_id}</td>
                    <td className="optional">{plant.state}</td>
                    <td className="fuel optional">
                      <span className={`fuel-dot fuel-${fuels.category(plant.primary_fuel)}`} aria-hidden="true" />
                      {fuels.label(plant.primary_fuel)}
                    </td>
                    <td className="num optional">{formatMw(plant.nameplate_mw)}</td>
                    <td className={`num${(plant.net_generation_mwh ?? 0) < 0 ? " negative" : ""}`}>
                      {formatMwh(plant.net_generation_mwh)}
                    </td>
                    <td className="num optional">{formatShare(plant.share)}</td>
                    {previousYear !== null && <Movement plant={plant} previousYear={previousYear} />}
                  </tr>
                );
              })}
        </tbody>
      </table>
    </div>
  );
}

/** Rank movement in text (▲2, ▼1, =, new) and the change in generation since the previous year. */
function Movement({ plant, previousYear }: { plant: TopPlant; previousYear: number }) {
  const previous = plant.previous;
  if (!previous) {
    return (
      <td className="num movement">
        <span className="move new" title={`Not ranked here in ${previousYear}`}>
          new
        </span>
      </td>
    );
  }
  const places = previous.rank - plant.rank;
  const move = places > 0 ? `\u25b2${places}` : places < 0 ? `\u25bc${-places}` : "=";
  const change =
    plant.net_generation_mwh !== null ? formatChange(plant.net_generation_mwh, previous.net_generation_mwh) : null;
  return (
    <td className="num movement">
      <span
        className={`move ${places > 0 ? "up" : places < 0 ? "down" : "same"}`}
        title={`${ordinal(previous.rank)} in ${previous.year}`}
      >
        {move}
      </span>
      {change && (
        <>
          {" "}
          <span className="change">{change}</span>
        </>
      )}
    </td>
  );
}

export function ordinal(n: number): string {
  const tens = n % 100;
  const suffix = tens >= 11 && tens <= 13 ? "th" : (["th", "st", "nd", "rd"][n % 10] ?? "th");
  return `${n}${suffix}`;
}
