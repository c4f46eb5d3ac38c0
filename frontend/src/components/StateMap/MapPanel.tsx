import { lazy, Suspense } from "react";
import type { StateTotal } from "../../lib/api";
import { ErrorBanner } from "../Status/ErrorBanner";

// The map and its TopoJSON load after the first paint, outside the initial bundle.
const StateMap = lazy(() => import("./StateMap"));

interface Props {
  states: readonly StateTotal[] | undefined;
  error: Error | null;
  onRetry: () => void;
  selected: string | null;
  onSelect: (code: string | null) => void;
}

export function MapPanel({ states, error, onRetry, selected, onSelect }: Props) {
  return (
    <section className="panel map-panel" aria-labelledby="map-title">
      <header className="panel-header">
        <div>
          <h2 id="map-title" className="panel-title">
            Net generation by state
          </h2>
          <p className="subtitle">Click a state to rank its plants; hover for its total.</p>
        </div>
        {selected && (
          <button type="button" className="button secondary" onClick={() => onSelect(null)}>
            Show all states
          </button>
        )}
      </header>
      {error ? (
        <ErrorBanner error={error} onRetry={onRetry} />
      ) : (
        <Suspense fallback={<div className="map-placeholder skeleton" aria-hidden="true" />}>
          <StateMap states={states} selected={selected} onSelect={onSelect} />
        </Suspense>
      )}
    </section>
  );
}
