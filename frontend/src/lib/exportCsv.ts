/** The table as a CSV file: raw numbers (no separators), fuel as code and label, share as a fraction. */
import type { TopPlants } from "./api";
import { downloadCsv, toCsv } from "./csv";
import type { FuelTable } from "./fuels";

export const CSV_HEADER = [
  "rank",
  "plant_id",
  "plant_name",
  "state",
  "primary_fuel",
  "primary_fuel_label",
  "nameplate_mw",
  "net_generation_mwh",
  "share",
  "year",
] as const;

export function topPlantsCsv(top: TopPlants, fuels: FuelTable): string {
  return toCsv(
    CSV_HEADER,
    top.plants.map((p) => [
      p.rank,
      p.plant_id,
      p.name,
      p.state,
      p.primary_fuel,
      p.primary_fuel ? fuels.label(p.primary_fuel) : null,
      p.nameplate_mw,
      p.net_generation_mwh,
      p.share,
      top.year,
    ]),
  );
}

export function csvFilename(top: TopPlants, n: number): string {
  return `gridlens-top-${n}-${top.state ?? "US"}${top.fuel ? `-${top.fuel}` : ""}-${top.year}.csv`;
}

export function exportTopPlants(top: TopPlants, n: number, fuels: FuelTable): void {
  downloadCsv(csvFilename(top, n), topPlantsCsv(top, fuels));
}
