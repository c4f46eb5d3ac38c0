import { describe, expect, it } from "vitest";
import { parseSelection, selectionToSearch } from "./selection";

describe("parseSelection", () => {
  it("reads state, fuel, n, year and plant", () => {
    expect(parseSelection("?state=TX&fuel=solar&n=3&year=2023&plant=6251")).toEqual({
      state: "TX",
      fuel: "solar",
      n: 3,
      year: 2023,
      plant: 6251,
    });
  });
  it("defaults to all states, 10 plants, the latest year", () => {
    expect(parseSelection("")).toEqual({ state: null, fuel: null, n: 10, year: null, plant: null });
  });
  it("accepts a lower-case state", () => {
    expect(parseSelection("?state=tx").state).toBe("TX");
  });
  it("falls back to defaults for malformed values", () => {
    expect(parseSelection("?state=Texas&fuel=<b>&n=0&year=x&plant=-1")).toEqual({
      state: null,
      fuel: null,
      n: 10,
      year: null,
      plant: null,
    });
    expect(parseSelection("?n=1001").n).toBe(10);
  });
});

describe("selectionToSearch", () => {
  it("writes the choice in a stable order, defaults left out", () => {
    expect(selectionToSearch({ state: "TX", fuel: "other_fossil", n: 3, year: 2023, plant: null })).toBe(
      "?state=TX&fuel=other_fossil&n=3&year=2023",
    );
    expect(selectionToSearch({ state: null, fuel: null, n: 10, year: null, plant: null })).toBe("");
  });
  it("round-trips", () => {
    const search = "?state=CA&fuel=solar&n=25&plant=6008";
    expect(selectionToSearch(parseSelection(search))).toBe(search);
  });
});
