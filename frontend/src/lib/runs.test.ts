import { describe, expect, it } from "vitest";
import { fileName, formatBytes, formatDuration, isActive, isShrinkRefusal, statusLabel } from "./runs";

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

  it("recognises a refusal to shrink a year by its code, not its words", () => {
    expect(isShrinkRefusal({ status: "failed", error_code: "shrink_refused" })).toBe(true);
    expect(isShrinkRefusal({ status: "failed", error_code: "too_many_rejects" })).toBe(false);
    expect(isShrinkRefusal({ status: "failed", error_code: "missing_columns" })).toBe(false);
    expect(isShrinkRefusal({ status: "failed", error_code: null })).toBe(false);
    expect(isShrinkRefusal({ status: "succeeded", error_code: null })).toBe(false);
  });

  it("polls queued and running runs only, and labels every status", () => {
    expect((["queued", "running", "succeeded", "skipped", "failed"] as const).map(isActive)).toEqual([
      true,
      true,
      false,
      false,
      false,
    ]);
    expect(statusLabel("skipped")).toBe("Skipped");
  });
});
