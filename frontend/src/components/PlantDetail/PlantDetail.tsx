import { useEffect, useRef } from "react";
import type { PlantDetail as Plant, PlantHistory as History } from "../../lib/api";
import { formatCapacityFactor, formatCount, formatMw, formatMwh, UNKNOWN } from "../../lib/format";
import type { FuelTable } from "../../lib/fuels";
import { primeMoverLabel, statusLabel } from "../../lib/generators";
import { stateName } from "../../lib/states";
import { ErrorBanner } from "../Status/ErrorBanner";
import { PlantHistory } from "./PlantHistory";

interface Props {
  plantId: number;
  plant: Plant | undefined;
  error: Error | null;
  onRetry: () => void;
  history: History | undefined;
  historyError: Error | null;
  onRetryHistory: () => void;
  fuels: FuelTable;
  onClose: () => void;
}

/** One plant's generators in the year on screen, beside its history across the loaded years. */
export function PlantDetail({
  plantId,
  plant,
  error,
  onRetry,
  history,
  historyError,
  onRetryHistory,
  fuels,
  onClose,
}: Props) {
  const heading = useRef<HTMLHeadingElement>(null);
  useEffect(() => {
    heading.current?.focus();
    heading.current?.scrollIntoView?.({ block: "nearest", behavior: "smooth" });
  }, [plantId]);

  return (
    <section
      id="plant-detail"
      className="panel plant-detail"
      aria-labelledby="plant-detail-title"
      onKeyDown={(event) => {
        if (event.key === "Escape") onClose();
      }}
    >
      <header className="panel-header">
        <div>
          <h2 id="plant-detail-title" ref={heading} tabIndex={-1}>
            {plant ? `Generators at ${plant.name}` : `Plant ${plantId}`}
          </h2>
          {plant && (
            <p className="subtitle">
              ORISPL {plant.plant_id} · {stateName(plant.state)} ({plant.state}) · {plant.year}
            </p>
          )}
        </div>
        <button type="button" className="button secondary" onClick={onClose}>
          Close <span className="visually-hidden">generators</span>
        </button>
      </header>
      <div className="plant-body">
        {error ? (
          <ErrorBanner error={error} onRetry={onRetry} />
        ) : (
          <div className="plant-generators">
            {plant && (
              <dl className="facts">
                <div>
                  <dt>Net generation</dt>
                  <dd>{formatMwh(plant.net_generation_mwh)} MWh</dd>
                </div>
                <div>
                  <dt>Nameplate capacity</dt>
                  <dd>{formatMw(plant.nameplate_mw)} MW</dd>
                </div>
                <div>
                  <dt>Primary fuel</dt>
                  <dd>{fuels.label(plant.primary_fuel)}</dd>
                </div>
                <div>
                  <dt>Generators</dt>
                  <dd>{formatCount(plant.generator_count)}</dd>
                </div>
              </dl>
            )}
            <div className="table-scroll">
              <table className="data-table generators" aria-label="Generators" aria-busy={!plant}>
                <thead>
                  <tr>
                    <th scope="col">Generator ID</th>
                    <th scope="col">Status</th>
                    <th scope="col">Prime mover</th>
                    <th scope="col">Fuel</th>
                    <th scope="col" className="num">
                      Capacity <span className="unit">(MW)</span>
                    </th>
                    <th scope="col" className="num">
                      Capacity factor
                    </th>
                    <th scope="col" className="num">
                      Net generation <span className="unit">(MWh)</span>
                    </th>
                    <th scope="col" className="num">
                      Year online
                    </th>
                  </tr>
                </thead>
                <tbody>
                  {plant
                    ? plant.generators.map((generator) => (
                        <tr key={generator.line}>
                          <th scope="row">{generator.generator_id ?? UNKNOWN}</th>
                          <td>{statusLabel(generator.status)}</td>
                          <td>{primeMoverLabel(generator.prime_mover)}</td>
                          <td>{fuels.label(generator.fuel)}</td>
                          <td className="num">{formatMw(generator.nameplate_mw)}</td>
                          <td className="num">{formatCapacityFactor(generator.capacity_factor)}</td>
                          <td className={`num${(generator.net_generation_mwh ?? 0) < 0 ? " negative" : ""}`}>
                            {formatMwh(generator.net_generation_mwh)}
                          </td>
                          <td className="num">
                            {generator.year_online ?? UNKNOWN}
                            {generator.year_retired ? ` (retires ${generator.year_retired})` : ""}
                          </td>
                        </tr>
                      ))
                    : Array.from({ length: 3 }, (_, row) => (
                        <tr key={row} className="skeleton-row" aria-hidden="true">
                          {Array.from({ length: 8 }, (_, cell) => (
                            <td key={cell}>
                              <span className="skeleton" />
                            </td>
                          ))}
                        </tr>
                      ))}
                </tbody>
              </table>
            </div>
          </div>
        )}
        <PlantHistory history={history} error={historyError} onRetry={onRetryHistory} />
      </div>
    </section>
  );
}
