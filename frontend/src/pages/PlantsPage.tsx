import { useEffect } from "react";
import { Controls } from "../components/Controls/Controls";
import { PlantDetail } from "../components/PlantDetail/PlantDetail";
import { ErrorBanner } from "../components/Status/ErrorBanner";
import { NoData } from "../components/Status/NoData";
import { LoadedData } from "../components/Summary/LoadedData";
import { Summary } from "../components/Summary/Summary";
import { Results } from "../components/TopPlants/Results";
import { MapPanel } from "../components/StateMap/MapPanel";
import { usePlant, useStates, useTopPlants, useYears } from "../hooks/queries";
import { useSelection } from "../hooks/useSelection";
import { ApiError } from "../lib/api";
import { stateName } from "../lib/states";

/** The main view at /: pick a state and a number of plants, read the ranking. */
export function PlantsPage() {
  const [selection, select] = useSelection();
  const years = useYears();
  const states = useStates(selection.year);
  const top = useTopPlants(selection);
  const plant = usePlant(selection.plant, selection.year);

  const latest = years.data?.latest ?? null;
  const loadedYears = (years.data?.years ?? []).map((y) => y.year).sort((a, b) => b - a);
  const noData = latest === null && years.isSuccess;
  const where = selection.state ? stateName(selection.state) : "U.S.";
  const stateList = states.data?.states;
  const plantCount = stateList
    ? selection.state
      ? (stateList.find((s) => s.code === selection.state)?.plants ?? 0)
      : stateList.reduce((sum, s) => sum + s.plants, 0)
    : undefined;
  // While the next result loads the last one stays up, dimmed (useTopPlants keeps it).
  const stale = top.isPlaceholderData;
  // Nothing to show but the error: the banner stands in for the table and chart.
  const failed = top.error !== null && !top.data;

  useEffect(() => {
    document.title = `${selection.state ? stateName(selection.state) : "U.S."} · top ${selection.n} plants · gridlens`;
  }, [selection.state, selection.n]);

  return (
    <>
      <main id="main">
        {noData ? (
          <NoData detail={top.error instanceof ApiError ? top.error.problem.detail : null} />
        ) : (
          <>
            <div className="row row-top">
              <section className="panel controls-panel" aria-labelledby="choose-title">
                <h2 id="choose-title" className="panel-title">
                  Choose
                </h2>
                <Controls
                  selection={selection}
                  states={stateList}
                  years={loadedYears}
                  latestYear={latest}
                  onChange={select}
                />
                <Summary top={stale ? undefined : top.data} failed={failed} where={where} plantCount={plantCount} />
                <LoadedData years={years.data} year={selection.year} />
              </section>
              <MapPanel
                states={stateList}
                error={states.error}
                onRetry={() => void states.refetch()}
                selected={selection.state}
                onSelect={(code) => select({ state: code, plant: null })}
                year={selection.year}
                top={selection.n}
                openPlant={selection.plant}
                onOpenPlant={(plant) => select({ plant })}
              />
            </div>

            {top.error && <ErrorBanner error={top.error} onRetry={() => void top.refetch()} />}

            {!failed && (
              <Results
                result={top.data}
                stale={top.isPlaceholderData}
                requested={selection}
                openPlant={selection.plant}
                onOpenPlant={(plantId) => select({ plant: plantId })}
              />
            )}

            {selection.plant !== null && (
              <PlantDetail
                plantId={selection.plant}
                plant={plant.data}
                error={plant.error}
                onRetry={() => void plant.refetch()}
                onClose={() => select({ plant: null })}
              />
            )}
          </>
        )}
      </main>

      <footer className="footer">
        <p>
          Source: U.S. EPA, Emissions &amp; Generation Resource Integrated Database (eGRID), generator sheet. A plant's
          net generation is the sum of its generators' annual net generation; a blank value is unknown (shown as —), not
          zero. Storage and pumped-storage plants can be negative: they use more energy than they deliver.
        </p>
      </footer>
    </>
  );
}
