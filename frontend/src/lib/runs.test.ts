import { describe, expect, it } from "vitest";
import { fileName, formatBytes, formatDuration, isShrinkRefusal, toFinding } from "./runs";

describe("runs", () => {
  it("names an uploaded file as it was given, and any other by its last path segment", () => {
    expect(fileName("uploads/2026/11/29/0123456789abcdef0123456789abcdef-gen19.csv")).toBe("gen19.csv");
    expect(fileName("../shared/data/egrid/gen23.csv")).toBe("gen23.csv");
    expect(fileName("s3://bucket/egrid/0123456789abcdef0123456789abcdef-x.csv")).toBe(
      "0123456789abcdef0123456789abcdef-x.csv",
    );
  });

  it("formats durations and sizes", () => {
    expect([0.01, 0.42, 9.96, 12.3, 75.4, null].map(formatDuration)).toEqual([
      "< 0.1 s",
      "0.4 s",
      "10.0 s",
      "12 s",
      "1 min 15 s",
      "\u2014",
    ]);
    expect([1, 512, 2048, 8_082_000, null].map(formatBytes)).toEqual([
      "1 byte",
      "512 bytes",
      "2.0 kB",
      "8.1 MB",
      "\u2014",
    ]);
  });

  it("recognises a refusal to shrink a year, and only that", () => {
    const shrink =
      "k.csv: would replace 26,601 generators of 2023 with 100 (99.6% fewer, more than 10%); " +
      "if the smaller file is right, ingest it again with --force";
    expect(isShrinkRefusal({ status: "failed", error: shrink })).toBe(true);
    expect(isShrinkRefusal({ status: "failed", error: "k.csv line 3: no YEAR column" })).toBe(false);
    expect(isShrinkRefusal({ status: "succeeded", error: null })).toBe(false);
  });

  it("reads a finding's four fields, null where absent", () => {
    expect(toFinding({ line: 52, column: "GENNTAN", value: "abc", reason: "not a number" })).toEqual({
      line: 52,
      column: "GENNTAN",
      value: "abc",
      reason: "not a number",
    });
    expect(toFinding({ line: 9, column: null, value: null, reason: "copy of line 4" })).toEqual({
      line: 9,
      column: null,
      value: null,
      reason: "copy of line 4",
    });
  });
});
