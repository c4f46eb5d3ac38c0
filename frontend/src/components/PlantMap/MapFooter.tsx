import type { PlantMap } from "../../lib/api";
import type { FuelTable } from "../../lib/fuels";
import { exportPlantMap, unlocated } from "../../lib/plantMap";

interface Props {
  map: PlantMap;
  /** The table's N. */
  top: number;
  onOpenPlant: (plantId: number) => void;
  fuels: FuelTable;
}

/** Under the plant map: the top plants it cannot place, and the scope's exports. */
export function MapFooter({ map, top, onOpenPlant, fuels }: Props) {
  const missing = unlocated(map, top);
  const shown = Math.min(top, map.features.length);
  return (
    <div className="map-footer">
      <p className="unlocated-summary" data-testid="unlocated-summary">
        {missing.length === 0
          ? `All of the top ${shown} have a location.`
          : `${missing.length} of the top ${shown} have no location:`}
      </p>
      {missing.length > 0 && (
        <ul className="unlocated" aria-label="Top plants without a location">
          {missing.map((f) => (
            <li key={f.id}>
              <button type="button" className="link-button" onClick={() => onOpenPlant(f.properties.plant_id)}>
                {f.properties.rank}. {f.properties.name} ({f.properties.state})
              </button>
            </li>
          ))}
        </ul>
      )}
      <div className="map-exports">
        <button type="button" className="button secondary" onClick={() => exportPlantMap(map, "geojson", fuels)}>
          Export GeoJSON
        </button>
        <button type="button" className="button secondary" onClick={() => exportPlantMap(map, "csv", fuels)}>
          Export map CSV
        </button>
      </div>
    </div>
  );
}
