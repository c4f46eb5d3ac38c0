/** The Upload page end to end: a real file through the real server and its embedded worker. */
import type { Locator } from "@playwright/test";
import { writeFileSync } from "node:fs";
import { expect, plantNames, seriousViolations, test } from "./fixtures";

const HEADER = [
  "Generator file sequence number,Data Year,Plant state abbreviation,Plant name,DOE/EIA ORIS plant or facility code," +
    "Generator ID,Number of associated boilers,Generator status,Generator prime mover type,Generator primary fuel," +
    "Generator nameplate capacity (MW),Generator capacity factor,Generator annual net generation (MWh)," +
    "Generator ozone season net generation (MWh),Generation data source,Generator year on-line," +
    "Generator planned or actual retirement year",
  "SEQGEN23,YEAR,PSTATEABB,PNAME,ORISPL,GENID,NUMBLR,GENSTAT,PRMVR,FUELG1,NAMEPCAP,CFACT,GENNTAN,GENNTOZ,GENERSRC,GENYRONL,GENYRRET",
];
const STATES = ["TX", "CA", "NY", "WA", "AZ"];
const ROWS = 105;
const BAD_ROW = 49; // GENNTAN=abc; data starts on line 3, so this is line 52

/**
 * eGRID 2019 in EPA's two-header layout: 35 plants of 3 generators, generator i making (i+1)·1,000
 * MWh, so Texas's largest is E2E Plant 31 (rows 90–92: 91,000 + 92,000 + 93,000 = 276,000 MWh).
 */
function gen19(): string {
  const rows = Array.from({ length: ROWS }, (_, i) => {
    const plant = Math.floor(i / 3);
    const netMwh = i === BAD_ROW ? "abc" : String(1000 * (i + 1));
    return [i + 1, 2019, STATES[plant % 5], `E2E Plant ${plant + 1}`, 99001 + plant, `G${(i % 3) + 1}`, ""]
      .concat(["OP", "ST", "NG", "100.5", "0.5", netMwh, String(400 * (i + 1)), "", "1990", ""])
      .join(",");
  });
  return [...HEADER, ...rows].join("\n") + "\n";
}

const fact = (region: Locator, term: string) => region.locator(`dt:text-is("${term}") + dd`);

test("upload a CSV: progress, the run's outcome with its reject, the history, and the data", async ({
  page,
}, testInfo) => {
  const path = testInfo.outputPath("e2e-gen19.csv");
  writeFileSync(path, gen19());

  await page.goto("/?state=TX");
  await page.getByRole("link", { name: "Upload" }).click();
  await expect(page).toHaveURL(/\/upload$/);
  await expect(page.getByRole("heading", { name: "Upload a generator sheet" })).toBeVisible();
  expect(await seriousViolations(page)).toEqual([]);

  await page.getByLabel("Choose a CSV file").setInputFiles(path);
  const progress = page.getByRole("progressbar", { name: "Upload progress" });
  await expect(progress).toBeVisible();
  await expect(progress).toHaveAttribute("value", "100");
  await expect(page).toHaveURL(/\/upload\?run=\d+$/);
  const runId = new URL(page.url()).searchParams.get("run");
  await expect(page.getByText(`Uploaded and queued as run #${runId}.`)).toBeVisible();

  const detail = page.getByRole("region", { name: `Run #${runId} · e2e-gen19.csv` });
  await expect(detail.getByRole("status")).toHaveText("Succeeded: eGRID 2019 is loaded from this file.", {
    timeout: 20_000,
  });
  await expect(detail.locator(".status-badge")).toHaveText("Succeeded");
  for (const [term, value] of [
    ["Year", "2019"],
    ["Rows read", "105"],
    ["Rows loaded", "104"],
    ["Rejected", "1"],
    ["Skipped", "0"],
  ]) {
    await expect(fact(detail, term!)).toHaveText(value!);
  }
  const rejects = detail.getByRole("table", { name: "Rejected rows" });
  await expect(rejects.locator("tbody tr")).toHaveCount(1);
  await expect(rejects.locator("tbody tr td")).toHaveText(["52", "GENNTAN", "abc", "not a number"]);

  const history = page.getByRole("table", { name: "Ingestion history" });
  const newest = history.locator("tbody tr").first();
  await expect(newest.locator("th, td").nth(0)).toHaveText(`#${runId}`);
  await expect(newest.locator("td").nth(0)).toHaveText("e2e-gen19.csv");
  await expect(newest.locator("td").nth(1)).toHaveText("Succeeded");
  await expect(newest.locator("td").nth(2)).toHaveText("2019");
  await expect(newest.locator("td").nth(3)).toHaveText("104");
  await expect(newest.locator("td").nth(4)).toHaveText("1");
  // The first load, gen23.csv by the CLI, is in the history too.
  await expect(history.locator("tbody td", { hasText: "gen23.csv" })).toHaveCount(1);
  expect(await seriousViolations(page)).toEqual([]);

  // The main view now offers 2019, and its numbers are this file's.
  await page.getByRole("link", { name: "Plants" }).click();
  await page.getByLabel("Year").selectOption("2019");
  await page.getByLabel("State", { exact: true }).selectOption("TX");
  await page.getByLabel("Number of plants").fill("1");
  await expect(plantNames(page)).toHaveText(["E2E Plant 31"]);
  await expect(page.getByRole("table", { name: "Top plants" }).locator("tbody td").nth(5)).toHaveText("276,000");
});

test("an Excel workbook named .csv is refused with the reason", async ({ page }) => {
  await page.goto("/upload");
  await page.getByLabel("Choose a CSV file").setInputFiles({
    name: "x.csv",
    mimeType: "text/csv",
    buffer: Buffer.concat([Buffer.from([0x50, 0x4b, 0x03, 0x04]), Buffer.alloc(200, 1)]),
  });
  const alert = page.getByRole("alert");
  await expect(alert.locator("strong")).toHaveText("Not a CSV file");
  await expect(alert.locator("p")).toHaveText(
    "x.csv is an Excel workbook (.xlsx), not CSV: open it, select the GEN sheet and save it as CSV " +
      "(or run `gridlens egrid fetch` for EPA's workbook)",
  );
  await expect(page.getByText("The upload was refused.")).toBeVisible();
  await expect(page).toHaveURL(/\/upload$/);
  expect(await seriousViolations(page)).toEqual([]);
});
