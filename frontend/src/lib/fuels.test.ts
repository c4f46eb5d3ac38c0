import { describe, expect, it } from "vitest";
import { FUELS } from "../test/fakeApi";
import { fuelTable } from "./fuels";
import { primeMoverLabel, statusLabel } from "./generators";
import { codeForFips } from "./states";

describe("labels", () => {
  const fuels = fuelTable(FUELS);
  it("reads eGRID fuel codes from the API's table", () => {
    expect(fuels.label("NUC")).toBe("Nuclear");
    expect(fuels.label("ng")).toBe("Natural gas");
    expect(fuels.label("LIG")).toBe("Coal (lignite)");
    expect(fuels.label("MWH")).toBe("Battery storage");
  });
  it("shows an unknown code as itself", () => {
    expect(fuels.label("XYZ")).toBe("XYZ");
    expect(fuels.label(null)).toBe("Unknown");
  });
  it("puts each code in its category, an unknown one in other", () => {
    expect(fuels.category("SUB")).toBe("coal");
    expect(fuels.category("OG")).toBe("other_fossil");
    expect(fuels.category("XYZ")).toBe("other");
    expect(fuels.categoryLabel("other_fossil")).toBe("Other fossil gases");
  });
  it("reads codes as themselves before the table has loaded", () => {
    const empty = fuelTable(undefined);
    expect(empty.label("NUC")).toBe("NUC");
    expect(empty.categories).toEqual([]);
  });
  it("reads prime movers and statuses", () => {
    expect(primeMoverLabel("ST")).toBe("Steam turbine");
    expect(primeMoverLabel("QQ")).toBe("QQ");
    expect(statusLabel("OP")).toBe("Operating");
  });
  it("maps us-atlas FIPS ids to postal codes", () => {
    expect(codeForFips("48")).toBe("TX");
    expect(codeForFips("06")).toBe("CA");
    expect(codeForFips(6)).toBe("CA");
    expect(codeForFips("99")).toBeUndefined();
  });
});
