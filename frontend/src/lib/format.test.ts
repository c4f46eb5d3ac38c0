import { describe, expect, it } from "vitest";
import { formatChange, formatCapacityFactor, formatMw, formatMwh, formatShare } from "./format";

describe("formatMwh", () => {
  it("groups thousands", () => {
    expect(formatMwh(31_522_590)).toBe("31,522,590");
    expect(formatMwh(58_267)).toBe("58,267");
  });
  it("rounds to whole MWh", () => {
    expect(formatMwh(450.545)).toBe("451");
  });
  it("shows negatives with a minus sign", () => {
    expect(formatMwh(-1234)).toBe("\u22121,234");
    expect(formatMwh(-11.383)).toBe("\u221211");
  });
  it("never shows minus zero", () => {
    expect(formatMwh(-0.2)).toBe("0");
  });
  it("shows unknown as an em dash, not zero", () => {
    expect(formatMwh(null)).toBe("\u2014");
    expect(formatMwh(0)).toBe("0");
  });
});

describe("formatMw", () => {
  it("keeps one decimal", () => {
    expect(formatMw(2708.6)).toBe("2,708.6");
    expect(formatMw(2430)).toBe("2,430.0");
  });
});

describe("formatShare", () => {
  it("shows percent with one decimal from 1%", () => {
    expect(formatShare(0.040153337)).toBe("4.0%");
    expect(formatShare(0.2137)).toBe("21.4%");
  });
  it("keeps two decimals below 1% so small shares stay visible", () => {
    expect(formatShare(0.0075251)).toBe("0.75%");
  });
  it("shows negative shares with a minus sign", () => {
    expect(formatShare(-0.0123)).toBe("\u22121.2%");
  });
  it("shows an unknown share as an em dash", () => {
    expect(formatShare(null)).toBe("\u2014");
  });
});

describe("formatCapacityFactor", () => {
  it("is a percentage", () => {
    expect(formatCapacityFactor(0.855)).toBe("85.5%");
  });

  it("tells a change with its sign and percent, never by colour alone", () => {
    expect(formatChange(521_881_122, 481_398_471)).toBe("+40,482,651 (+8.4%)");
    expect(formatChange(4_400_000, 4_840_000)).toBe("\u2212440,000 (\u22129.1%)");
    expect(formatChange(5, 5)).toBe("\u00b10 (\u00b10.00%)");
    // No percent of a zero or negative base.
    expect(formatChange(100, -50)).toBe("+150");
  });
});
