import type { PlantMap, StateTotal } from "../../lib/api";
import type { FuelTable } from "../../lib/fuels";
import StateMap from "../StateMap/StateMap";
import { MapFooter } from "./MapFooter";
import { PlantDots } from "./PlantDots";

interface Props {
  states: readonly StateTotal[] | undefined;
  selected: string | null;
  onSelect: (code: string) => void;
  map: PlantMap | undefined;
  top: number;
  openPlant: number | null;
  onOpenPlant: (plantId: number) => void;
  fuels: FuelTable;
}

/** The state map zoomed to the selection, the scope's plants over it, and what it cannot place. */
export default function PlantMapView({ states, selected, onSelect, map, top, openPlant, onOpenPlant, fuels }: Props) {
  return (
    <>
      <StateMap
        states={states}
        selected={selected}
        onSelect={onSelect}
        zoomTo={selected}
        overlay={(view) =>
          map && (
            <PlantDots map={map} view={view} top={top} openPlant={openPlant} onOpenPlant={onOpenPlant} fuels={fuels} />
          )
        }
      />
      {map && <MapFooter map={map} top={top} onOpenPlant={onOpenPlant} fuels={fuels} />}
    </>
  );
}
