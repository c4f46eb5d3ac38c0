import { describe, expect, it } from "vitest";
import { fuelGroup, fuelLabel } from "./fuels";
import { primeMoverLabel, statusLabel } from "./generators";
import { codeForFips } from "./states";

describe("labels", () => {
  it("reads eGRID fuel codes", () => {
    expect(fuelLabel("NUC")).toBe("Nuclear");
    expect(fuelLabel("NG")).toBe("Natural gas");
    expect(fuelLabel("LIG")).toBe("Coal (lignite)");
    expect(fuelLabel("MWH")).toBe("Battery storage");
  });
  it("shows an unknown code as itself", () => {
    expect(fuelLabel("XYZ")).toBe("XYZ");
    expect(fuelLabel(null)).toBe("Unknown");
  });
  it("groups fuels for colour", () => {
    expect(fuelGroup("SUB")).toBe("coal");
    expect(fuelGroup("XYZ")).toBe("other");
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
