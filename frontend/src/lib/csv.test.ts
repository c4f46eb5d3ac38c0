import { describe, expect, it } from "vitest";
import { csvCell, toCsv } from "./csv";

describe("csvCell", () => {
  it.each([
    ["=SUM(A1:A9)", "'=SUM(A1:A9)"],
    ["+1 555", "'+1 555"],
    ["-Dam", "'-Dam"],
    ["@home", "'@home"],
  ])("defuses text %s that a spreadsheet would run", (text, cell) => {
    expect(csvCell(text)).toBe(cell);
  });
  it("keeps numbers as numbers, negative ones too", () => {
    expect(csvCell(-1234.5)).toBe("-1234.5");
    expect(csvCell(21787144)).toBe("21787144");
  });
  it("quotes commas, quotes and newlines", () => {
    expect(csvCell("AOC, Capitol Power Plant")).toBe('"AOC, Capitol Power Plant"');
    expect(csvCell('The "Big" One')).toBe('"The ""Big"" One"');
    expect(csvCell("=a,b")).toBe(`"'=a,b"`);
  });
  it("writes null as an empty cell", () => {
    expect(csvCell(null)).toBe("");
  });
});

describe("toCsv", () => {
  it("writes a header and CRLF rows", () => {
    expect(
      toCsv(
        ["a", "b"],
        [
          [1, "x"],
          [null, "-y"],
        ],
      ),
    ).toBe("a,b\r\n1,x\r\n,'-y\r\n");
  });
});
