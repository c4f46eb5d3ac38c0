import { describe, expect, it } from "vitest";
import { FUELS, mapOf, TX_TOP, US_TOP } from "../test/fakeApi";
import { fuelTable } from "./fuels";
import { dotsOf, MAP_CSV_HEADER, MAX_RADIUS, plantMapCsv, project, radius, unlocated, zoomBox } from "./plantMap";
import { SHAPES } from "../components/StateMap/shapes";

const inside = (code: string, point: [number, number] | null) => {
  const bounds = SHAPES.find((s) => s.code === code)?.bounds;
  if (!point || !bounds) return false;
  const [[x0, y0], [x1, y1]] = bounds;
  return point[0] >= x0 && point[0] <= x1 && point[1] >= y0 && point[1] <= y1;
};

describe("plantMap", () => {
  it("projects plants onto the atlas's own shapes, Puerto Rico into its tile", () => {
    expect(inside("AZ", project(-112.8617, 33.3881))).toBe(true); // Palo Verde
    expect(inside("AL", project(-87.1189, 34.7042))).toBe(true); // Browns Ferry
    expect(inside("TX", project(-96.0481, 28.795))).toBe(true); // South Texas Project
    expect(inside("AK", project(-160.497222, 55.339722))).toBe(true); // Sand Point, in the inset
    expect(inside("PR", project(-66.1, 18.4))).toBe(true);
    expect(project(2.35, 48.85)).toBeNull();
  });

  it("sizes dots by area: a quarter of the generation is half the radius", () => {
    expect(radius(100, 100)).toBe(MAX_RADIUS);
    expect(radius(25, 100)).toBe(MAX_RADIUS / 2);
    expect(radius(-5, 100)).toBe(1.5);
  });

  it("places the located plants and names the ones without a location", () => {
    const map = mapOf(TX_TOP);
    const dots = dotsOf(map);
    expect(dots.map((d) => d.feature.id)).toEqual([6251, 6145]);
    const [south, comanche] = dots;
    // South Texas Project is south-east of Comanche Peak: right of it and below it on screen.
    expect(south!.x).toBeGreaterThan(comanche!.x);
    expect(south!.y).toBeGreaterThan(comanche!.y);
    expect(unlocated(map, 3).map((f) => f.properties.name)).toEqual(["Oak Grove"]);
    expect(unlocated(map, 2)).toEqual([]);
  });

  it("zooms to a state in the map's aspect ratio, within the map", () => {
    const bounds = SHAPES.find((s) => s.code === "TX")?.bounds;
    const texas = zoomBox(bounds);
    const [[x0, y0], [x1, y1]] = bounds!;
    expect(texas.x).toBeLessThan(x0);
    expect(texas.y).toBeLessThan(y0);
    expect(texas.x + texas.width).toBeGreaterThan(x1);
    expect(texas.width / texas.height).toBeCloseTo(975 / 610, 6);
    expect(texas.x).toBeGreaterThanOrEqual(0);
    expect(texas.y + texas.height).toBeLessThanOrEqual(610);
    expect(texas.y + texas.height).toBeGreaterThan(y1);
    expect(texas.width).toBeLessThan(975 * 0.6);
    expect(zoomBox(null)).toEqual({ x: 0, y: 0, width: 975, height: 610 });
  });

  it("exports CSV with coordinates, empty where a plant has none", () => {
    const lines = plantMapCsv(mapOf(TX_TOP), fuelTable(FUELS)).split("\r\n");
    expect(lines[0]).toBe(MAP_CSV_HEADER.join(","));
    expect(lines[1]).toBe(
      "1,6251,South Texas Project,TX,NUC,Nuclear,21787144,28.795,-96.0481,Wadsworth,Matagorda,2023",
    );
    expect(lines[3]).toBe("3,6180,Oak Grove,TX,LIG,Coal (lignite),12011783,,,,,2023");
    expect(plantMapCsv(mapOf(US_TOP), fuelTable(FUELS)).split("\r\n")).toHaveLength(4);
  });
});
