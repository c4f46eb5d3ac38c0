import type { TopPlants } from "../../lib/api";
import { exportTopPlants } from "../../lib/exportCsv";
import type { FuelTable } from "../../lib/fuels";
import { stateName } from "../../lib/states";
import { PlantBarChart } from "../PlantChart/PlantBarChart";
import { EmptyResult } from "../Status/EmptyResult";
import { TopPlantsTable } from "./TopPlantsTable";

interface Props {
  /** The result on screen; while the next one loads, the previous one (stale). */
  result: TopPlants | undefined;
  stale: boolean;
  /** What was asked for, used until the first result arrives. */
  requested: { state: string | null; n: number };
  openPlant: number | null;
  onOpenPlant: (plantId: number | null) => void;
  fuels: FuelTable;
}

/** The "Top plants" table with its export, and the bar chart of the same plants beside it. */
export function Results({ result, stale, requested, openPlant, onOpenPlant, fuels }: Props) {
  // Labelled by the result itself, never by the choice still loading.
  const where = result?.state ? stateName(result.state) : "the U.S.";
  const fuel = result?.fuel ? ` ${fuels.categoryLabel(result.fuel).toLowerCase()}` : "";
  const empty = result !== undefined && result.plants.length === 0;
  return (
    <div className="row row-results" id="results" tabIndex={-1}>
      <section className="panel table-panel" aria-labelledby="top-title">
        <header className="panel-header">
          <div>
            <h2 id="top-title" className="panel-title">
              Top plants
            </h2>
            <p className="subtitle" aria-live="polite">
              {result
                ? `${result.plants.length} largest${fuel} in ${where} by net generation, ${result.year}${stale ? " (updating…)" : ""}`
                : "Loading…"}
            </p>
          </div>
          <button
            type="button"
            className="button"
            disabled={!result || stale || empty}
            onClick={() => result && exportTopPlants(result, requested.n, fuels)}
          >
            Export CSV
          </button>
        </header>
        {result && empty ? (
          <EmptyResult where={where} year={result.year} />
        ) : (
          <TopPlantsTable
            plants={result?.plants}
            state={result ? result.state : requested.state}
            previousYear={result?.previous_year ?? null}
            fuels={fuels}
            stale={stale}
            skeletonRows={Math.min(requested.n, 10)}
            openPlant={openPlant}
            onOpenPlant={onOpenPlant}
          />
        )}
      </section>
      <section className="panel chart-panel" aria-labelledby="chart-title">
        <h2 id="chart-title" className="panel-title">
          Net generation <span className="unit">(MWh)</span>
        </h2>
        {result ? (
          !empty && (
            <PlantBarChart plants={result.plants} fuels={fuels} openPlant={openPlant} onOpenPlant={onOpenPlant} />
          )
        ) : (
          <div className="chart-placeholder skeleton" aria-hidden="true" />
        )}
      </section>
    </div>
  );
}
