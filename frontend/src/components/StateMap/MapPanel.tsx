import { lazy, Suspense, useState } from "react";
import { usePlantMap } from "../../hooks/plantMap";
import type { StateTotal } from "../../lib/api";
import type { FuelTable } from "../../lib/fuels";
import { ErrorBanner } from "../Status/ErrorBanner";

// The map, its TopoJSON and the plant dots load after the first paint, outside the initial bundle.
const PlantMapView = lazy(() => import("../PlantMap/PlantMapView"));

/** How many plants the map may show; the API's most is 5,000. */
export const DOT_LIMITS = [500, 1000, 5000] as const;

interface Props {
  states: readonly StateTotal[] | undefined;
  error: Error | null;
  onRetry: () => void;
  selected: string | null;
  onSelect: (code: string | null) => void;
  /** The scope of the table: its year, fuel and N, and the plant it has open. */
  year: number | null;
  fuel: string | null;
  fuels: FuelTable;
  top: number;
  openPlant: number | null;
  onOpenPlant: (plantId: number) => void;
}

export function MapPanel({
  states,
  error,
  onRetry,
  selected,
  onSelect,
  year,
  fuel,
  fuels,
  top,
  openPlant,
  onOpenPlant,
}: Props) {
  const [limit, setLimit] = useState<number>(DOT_LIMITS[0]);
  const plantMap = usePlantMap({ state: selected, year, fuel, limit: Math.max(limit, top) });
  const map = plantMap.data;
  return (
    <section className="panel map-panel" aria-labelledby="map-title">
      <header className="panel-header">
        <div>
          <h2 id="map-title" className="panel-title">
            Plants and net generation by state
          </h2>
          <p className="subtitle">
            Click a state to rank its plants. Dots are plants, sized by net generation and coloured by fuel; the
            table&apos;s plants are outlined and numbered.
          </p>
        </div>
        <div className="map-actions">
          <label className="dot-limit">
            Plants on the map{" "}
            <select value={limit} onChange={(event) => setLimit(Number(event.target.value))}>
              {DOT_LIMITS.map((value) => (
                <option key={value} value={value}>
                  {value.toLocaleString("en-US")}
                </option>
              ))}
            </select>
          </label>
          {selected && (
            <button type="button" className="button secondary" onClick={() => onSelect(null)}>
              Show all states
            </button>
          )}
        </div>
      </header>
      {error ? (
        <ErrorBanner error={error} onRetry={onRetry} />
      ) : (
        <Suspense fallback={<div className="map-placeholder skeleton" aria-hidden="true" />}>
          <PlantMapView
            states={states}
            selected={selected}
            onSelect={onSelect}
            map={map}
            top={top}
            openPlant={openPlant}
            onOpenPlant={onOpenPlant}
            fuels={fuels}
          />
        </Suspense>
      )}
      {plantMap.error && <ErrorBanner error={plantMap.error} onRetry={() => void plantMap.refetch()} />}
    </section>
  );
}
