import { useEffect, useMemo } from "react";
import { Controls } from "../components/Controls/Controls";
import { PlantDetail } from "../components/PlantDetail/PlantDetail";
import { ErrorBanner } from "../components/Status/ErrorBanner";
import { NoData } from "../components/Status/NoData";
import { LoadedData } from "../components/Summary/LoadedData";
import { Summary } from "../components/Summary/Summary";
import { Results } from "../components/TopPlants/Results";
import { MapPanel } from "../components/StateMap/MapPanel";
import { PlantSearch } from "../components/Search/PlantSearch";
import { TrendPanel } from "../components/Trend/TrendPanel";
import {
  useFuels,
  usePlant,
  usePlantHistory,
  useStateHistory,
  useStates,
  useTopPlants,
  useYears,
} from "../hooks/queries";
import { useSelection } from "../hooks/useSelection";
import { ApiError } from "../lib/api";
import { fuelTable } from "../lib/fuels";
import { stateName } from "../lib/states";

/** The main view at /: pick a state, a fuel and a number of plants, read the ranking and the trend. */
export function PlantsPage() {
  const [selection, select] = useSelection();
  const years = useYears();
  const states = useStates(selection.year);
  const fuelsQuery = useFuels();
  const fuels = useMemo(() => fuelTable(fuelsQuery.data), [fuelsQuery.data]);
  const top = useTopPlants(selection);
  const trend = useStateHistory(selection.state, selection.fuel);
  const plant = usePlant(selection.plant, selection.year);
  const plantHistory = usePlantHistory(selection.plant);
  // Rows wait for the fuel labels (one small, cached call) rather than flash raw codes; without them, codes.
  const result = fuelsQuery.isPending ? undefined : top.data;

  const latest = years.data?.latest ?? null;
  const loadedYears = (years.data?.years ?? []).map((y) => y.year).sort((a, b) => b - a);
  const noData = latest === null && years.isSuccess;
  const where = selection.state ? stateName(selection.state) : "U.S.";
  const stateList = states.data?.states;
  const fuelName = selection.fuel ? fuels.categoryLabel(selection.fuel) : null;
  // With a fuel chosen, the plants of that fuel: the trend counts them per year.
  const plantCount = selection.fuel
    ? trend.isPlaceholderData
      ? undefined
      : trend.data?.years.find((y) => y.year === (selection.year ?? latest))?.plants
    : stateList
      ? selection.state
        ? (stateList.find((s) => s.code === selection.state)?.plants ?? 0)
        : stateList.reduce((sum, s) => sum + s.plants, 0)
      : undefined;
  // While the next result loads the last one stays up, dimmed (useTopPlants keeps it).
  const stale = top.isPlaceholderData;
  // Nothing to show but the error: the banner stands in for the table and chart.
  const failed = top.error !== null && !top.data;

  useEffect(() => {
    const scope = selection.state ? stateName(selection.state) : "U.S.";
    document.title = `${scope}${fuelName ? ` · ${fuelName}` : ""} · top ${selection.n} plants · gridlens`;
  }, [selection.state, selection.n, fuelName]);

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
                <PlantSearch year={selection.year} onChoose={(match) => select({ plant: match.plant_id })} />
                <Controls
                  selection={selection}
                  states={stateList}
                  years={loadedYears}
                  latestYear={latest}
                  fuels={fuels.categories}
                  onChange={select}
                />
                <Summary
                  top={stale ? undefined : result}
                  failed={failed}
                  where={fuelName ? `${where} ${fuelName.toLowerCase()}` : where}
                  plantCount={plantCount}
                />
                <LoadedData years={years.data} year={selection.year} />
              </section>
              <MapPanel
                states={stateList}
                error={states.error}
                onRetry={() => void states.refetch()}
                selected={selection.state}
                onSelect={(code) => select({ state: code, plant: null })}
                year={selection.year}
                fuel={selection.fuel}
                fuels={fuels}
                top={selection.n}
                openPlant={selection.plant}
                onOpenPlant={(plant) => select({ plant })}
              />
            </div>

            {top.error && <ErrorBanner error={top.error} onRetry={() => void top.refetch()} />}

            {!failed && (
              <Results
                result={result}
                stale={top.isPlaceholderData}
                requested={selection}
                openPlant={selection.plant}
                onOpenPlant={(plantId) => select({ plant: plantId })}
                fuels={fuels}
              />
            )}

            {selection.plant !== null && (
              <PlantDetail
                plantId={selection.plant}
                plant={plant.data}
                error={plant.error}
                onRetry={() => void plant.refetch()}
                history={plantHistory.data}
                historyError={plantHistory.error}
                onRetryHistory={() => void plantHistory.refetch()}
                fuels={fuels}
                onClose={() => select({ plant: null })}
              />
            )}

            {/* When the ranking failed its banner speaks for the page; a second one would repeat it. */}
            {!failed && (
              <TrendPanel
                history={trend.data}
                stale={trend.isPlaceholderData}
                error={trend.error}
                onRetry={() => void trend.refetch()}
                where={where === "U.S." ? "the U.S." : where}
                fuel={selection.fuel}
                fuels={fuels}
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
