/** Plants as dots on the state map: where (the atlas's own projection), how big, and the exports. */
import { geoAlbersUsa } from "d3-geo";
import type { MapFeature, PlantMap } from "./api";
import { downloadCsv, downloadText, toCsv } from "./csv";
import type { FuelTable } from "./fuels";

export const WIDTH = 975;
export const HEIGHT = 610;
/** us-atlas's states-albers-10m is pre-projected with exactly this: the dots land on its shapes. */
const ALBERS = geoAlbersUsa().scale(1300).translate([487.5, 305]);
/** Puerto Rico is outside Albers USA: its plants go into its tile (shapes.ts), by their lon/lat. */
export const PR_TILE = { x: 900, y: 520, width: 34, height: 22 };
const PR_BOX = { west: -67.95, east: -65.2, south: 17.85, north: 18.55 };
export const MAX_RADIUS = 14;
const MIN_RADIUS = 1.5;

export interface Dot {
  feature: MapFeature;
  x: number;
  y: number;
  r: number;
}

/** Where a point falls on the 975×610 map, or null outside it. */
export function project(lon: number, lat: number): [number, number] | null {
  const point = ALBERS([lon, lat]);
  if (point) return [point[0], point[1]];
  if (lon < PR_BOX.west || lon > PR_BOX.east || lat < PR_BOX.south || lat > PR_BOX.north) return null;
  return [
    PR_TILE.x + ((lon - PR_BOX.west) / (PR_BOX.east - PR_BOX.west)) * PR_TILE.width,
    PR_TILE.y + ((PR_BOX.north - lat) / (PR_BOX.north - PR_BOX.south)) * PR_TILE.height,
  ];
}

/** A dot's radius: its area in proportion to net generation, the largest in scope MAX_RADIUS. */
export function radius(mwh: number, largest: number): number {
  if (largest <= 0 || mwh <= 0) return MIN_RADIUS;
  return Math.max(MIN_RADIUS, MAX_RADIUS * Math.sqrt(mwh / largest));
}

/** The located plants as dots, largest first (drawn first, so small ones stay on top). */
export function dotsOf(map: PlantMap): Dot[] {
  const largest = map.features.reduce((max, f) => Math.max(max, f.properties.net_generation_mwh), 0);
  const dots: Dot[] = [];
  for (const feature of map.features) {
    const point = feature.geometry ? project(...feature.geometry.coordinates) : null;
    if (point)
      dots.push({ feature, x: point[0], y: point[1], r: radius(feature.properties.net_generation_mwh, largest) });
  }
  return dots;
}

/** The ranked plants among the top n that have no location (or fall outside the map). */
export function unlocated(map: PlantMap, n: number): MapFeature[] {
  return map.features.filter(
    (f) => f.properties.rank <= n && (!f.geometry || project(...f.geometry.coordinates) === null),
  );
}

export type Box = [[number, number], [number, number]];

export interface View {
  x: number;
  y: number;
  width: number;
  height: number;
}

/** A viewBox around bounds with a margin, in the map's aspect ratio, never beyond the whole map. */
export function zoomBox(bounds: Box | null | undefined): View {
  const whole = { x: 0, y: 0, width: WIDTH, height: HEIGHT };
  if (!bounds) return whole;
  const [[x0, y0], [x1, y1]] = bounds;
  const margin = 0.12;
  let width = (x1 - x0) * (1 + 2 * margin);
  let height = (y1 - y0) * (1 + 2 * margin);
  // Keep the aspect ratio; at least a sixth of the map, so a small state is not blown up to a blur.
  width = Math.max(width, height * (WIDTH / HEIGHT), WIDTH / 6);
  height = width * (HEIGHT / WIDTH);
  if (width >= WIDTH) return whole;
  const cx = (x0 + x1) / 2;
  const cy = (y0 + y1) / 2;
  return {
    x: Math.min(Math.max(cx - width / 2, 0), WIDTH - width),
    y: Math.min(Math.max(cy - height / 2, 0), HEIGHT - height),
    width,
    height,
  };
}

export const MAP_CSV_HEADER = [
  "rank",
  "plant_id",
  "plant_name",
  "state",
  "primary_fuel",
  "primary_fuel_label",
  "net_generation_mwh",
  "latitude",
  "longitude",
  "city",
  "county",
  "year",
] as const;

/** The map's plants as CSV: coordinates in decimal degrees, empty where a plant has none. */
export function plantMapCsv(map: PlantMap, fuels: FuelTable): string {
  return toCsv(
    MAP_CSV_HEADER,
    map.features.map(({ geometry, properties: p }) => [
      p.rank,
      p.plant_id,
      p.name,
      p.state,
      p.fuel,
      p.fuel ? fuels.label(p.fuel) : null,
      p.net_generation_mwh,
      geometry?.coordinates[1],
      geometry?.coordinates[0],
      p.city,
      p.county,
      map.year,
    ]),
  );
}

/** The map's plants as GeoJSON (RFC 7946), as the API answered them. */
export function plantMapGeoJson(map: PlantMap): string {
  return JSON.stringify(map, null, 1);
}

export function mapFilename(map: PlantMap, extension: "csv" | "geojson"): string {
  return `gridlens-map-${map.features.length}-${map.state ?? "US"}-${map.year}.${extension}`;
}

export function exportPlantMap(map: PlantMap, format: "csv" | "geojson", fuels: FuelTable): void {
  if (format === "csv") downloadCsv(mapFilename(map, "csv"), plantMapCsv(map, fuels));
  else downloadText(mapFilename(map, "geojson"), plantMapGeoJson(map), "application/geo+json");
}
