/** State outlines from us-atlas (pre-projected Albers USA, 975×610), bundled: no tiles, no network. */
import { geoPath } from "d3-geo";
import { feature } from "topojson-client";
import type { GeometryCollection, Topology } from "topojson-specification";
import atlas from "us-atlas/states-albers-10m.json";
import type { Box } from "../../lib/plantMap";
import { codeForFips, STATES } from "../../lib/states";

export { HEIGHT, WIDTH } from "../../lib/plantMap";

export interface Shape {
  code: string;
  name: string;
  d: string;
  centroid: [number, number];
  /** [[x0, y0], [x1, y1]] on the map: what zooming to the state shows. */
  bounds: Box;
  /** Drawn as a small labelled square: too small to click (DC) or outside the projection (PR). */
  tile?: { x: number; y: number };
}

const topology = atlas as unknown as Topology<{ states: GeometryCollection<{ name: string }> }>;
const path = geoPath();
const TILE = { width: 34, height: 22 };

function tile(code: string, x: number, y: number): Shape {
  const name = STATES.find((s) => s.code === code)?.name ?? code;
  const d = `M${x},${y}h${TILE.width}v${TILE.height}h${-TILE.width}Z`;
  return {
    code,
    name,
    d,
    centroid: [x + TILE.width / 2, y],
    bounds: [
      [x, y],
      [x + TILE.width, y + TILE.height],
    ],
    tile: { x: x + TILE.width / 2, y: y + TILE.height / 2 },
  };
}

export const SHAPES: readonly Shape[] = [
  ...feature(topology, topology.objects.states).features.flatMap((state): Shape[] => {
    const code = codeForFips(state.id);
    if (!code || code === "DC") return [];
    const [x, y] = path.centroid(state);
    return [{ code, name: state.properties.name, d: path(state) ?? "", centroid: [x, y], bounds: path.bounds(state) }];
  }),
  tile("DC", 900, 300),
  tile("PR", 900, 520),
].sort((a, b) => a.name.localeCompare(b.name));

export const TILE_SIZE = TILE;
