import type { TopPlant } from "../../lib/api";
import { formatMw, formatMwh, formatShare } from "../../lib/format";
import { fuelGroup, fuelLabel } from "../../lib/fuels";

interface Props {
  plants: readonly TopPlant[] | undefined;
  /** Postal code when the shares are of one state's total, null for the nation. */
  state: string | null;
  /** The result on screen is for an earlier choice while the new one loads. */
  stale: boolean;
  skeletonRows: number;
  openPlant: number | null;
  onOpenPlant: (plantId: number | null) => void;
}

export function TopPlantsTable({ plants, state, stale, skeletonRows, openPlant, onOpenPlant }: Props) {
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
            <th scope="col" className="num">
              Plant ID <span className="unit">(ORISPL)</span>
            </th>
            <th scope="col">State</th>
            <th scope="col">Primary fuel</th>
            <th scope="col" className="num">
              Nameplate <span className="unit">(MW)</span>
            </th>
            <th scope="col" className="num">
              Net generation <span className="unit">(MWh)</span>
            </th>
            <th scope="col" className="num">
              Share <span className="unit">(of {state ?? "U.S."} total)</span>
            </th>
          </tr>
        </thead>
        <tbody className={stale ? "stale" : undefined}>
          {plants === undefined
            ? Array.from({ length: skeletonRows }, (_, row) => (
                <tr key={row} className="skeleton-row" aria-hidden="true">
                  {Array.from({ length: 8 }, (_, cell) => (
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
                    <td className="num">{plant.plant_id}</td>
                    <td>{plant.state}</td>
                    <td className="fuel">
                      <span className={`fuel-dot fuel-${fuelGroup(plant.primary_fuel)}`} aria-hidden="true" />
                      {fuelLabel(plant.primary_fuel)}
                    </td>
                    <td className="num">{formatMw(plant.nameplate_mw)}</td>
                    <td className={`num${(plant.net_generation_mwh ?? 0) < 0 ? " negative" : ""}`}>
                      {formatMwh(plant.net_generation_mwh)}
                    </td>
                    <td className="num">{formatShare(plant.share)}</td>
                  </tr>
                );
              })}
        </tbody>
      </table>
    </div>
  );
}
