import { readFile } from "node:fs/promises";
import { expect, plantNames, seriousViolations, test, topPlants } from "./fixtures";

const TX_TOP3 = ["South Texas Project", "Comanche Peak", "Oak Grove"];

test("choose Texas and 3 plants, read them; reload gives the same", async ({ page }) => {
  await page.goto("/");
  await expect(plantNames(page).first()).toHaveText("Palo Verde");

  await page.getByLabel("State", { exact: true }).selectOption("TX");
  await page.getByLabel("Number of plants").fill("3");

  await expect(plantNames(page)).toHaveText(TX_TOP3);
  await expect(page).toHaveURL(/\/\?state=TX&n=3$/);
  const first = topPlants(page).locator("tbody tr").first();
  await expect(first.locator("td, th")).toHaveText([
    "1",
    "South Texas Project",
    "6251",
    "TX",
    "Nuclear",
    "2,708.6",
    "21,787,144",
    "4.0%",
    "= \u2212132,742 (\u22120.61%)",
  ]);

  await page.reload();
  await expect(plantNames(page)).toHaveText(TX_TOP3);
  await expect(page.getByLabel("State", { exact: true })).toHaveValue("TX");
  await expect(page.getByLabel("Number of plants")).toHaveValue("3");
});

test("a shared URL restores the view; back and forward move between choices", async ({ page }) => {
  await page.goto("/?state=TX&n=3");
  await expect(plantNames(page)).toHaveText(TX_TOP3);

  await page.getByLabel("State", { exact: true }).selectOption("DC");
  await expect(plantNames(page)).toHaveText([
    "Walt Bailey Bioenergy Facility",
    "AOC, Capitol Power Plant",
    "GSA Central Heating",
  ]);
  await expect(page).toHaveURL(/\?state=DC&n=3$/);

  await page.goBack();
  await expect(page).toHaveURL(/\?state=TX&n=3$/);
  await expect(page.getByLabel("State", { exact: true })).toHaveValue("TX");
  await expect(plantNames(page)).toHaveText(TX_TOP3);

  await page.goForward();
  await expect(page.getByLabel("State", { exact: true })).toHaveValue("DC");
  await expect(plantNames(page).first()).toHaveText("Walt Bailey Bioenergy Facility");
});

test("the nation's top plants by default", async ({ page }) => {
  await page.goto("/?n=5");
  await expect(plantNames(page)).toHaveText(["Palo Verde", "Browns Ferry", "Vogtle", "Oconee", "Peach Bottom"]);
  await expect(topPlants(page).locator("tbody tr").first().locator("td").nth(5)).toHaveText("31,522,590");
});

test("clicking a state on the map selects it", async ({ page }) => {
  await page.goto("/");
  const california = page.getByRole("button", { name: /^California: [\d,]+ MWh from [\d,]+ plants$/ });
  await california.hover();
  await expect(page.locator(".map-tooltip")).toContainText("California");
  await california.click();

  await expect(page.getByLabel("State", { exact: true })).toHaveValue("CA");
  await expect(page).toHaveURL(/\?state=CA$/);
  await expect(topPlants(page).locator("tbody tr td:nth-child(4)")).toHaveText(Array(10).fill("CA"));
  await expect(california).toHaveAttribute("aria-pressed", "true");
});

test("opening a plant shows its generators", async ({ page }) => {
  await page.goto("/?state=AZ&n=3");
  await page.getByRole("button", { name: "Palo Verde", exact: true }).click();

  await expect(page.getByRole("heading", { name: "Generators at Palo Verde" })).toBeFocused();
  const generators = page.getByRole("table", { name: "Generators" });
  await expect(generators.locator("tbody tr")).toHaveCount(3);
  await expect(generators.locator("tbody th")).toHaveText(["1", "2", "3"]);
  await expect(generators.locator("tbody tr").first().locator("td").nth(2)).toHaveText("Nuclear");
  await expect(page).toHaveURL(/\?state=AZ&n=3&plant=6008$/);

  await page.reload();
  await expect(generators.locator("tbody tr")).toHaveCount(3);
});

test("export downloads the current result as CSV", async ({ page }) => {
  await page.goto("/?state=TX&n=3");
  await expect(plantNames(page)).toHaveText(TX_TOP3);
  const [download] = await Promise.all([
    page.waitForEvent("download"),
    page.getByRole("button", { name: "Export CSV" }).click(),
  ]);
  expect(download.suggestedFilename()).toBe("gridlens-top-3-TX-2023.csv");
  const lines = (await readFile(await download.path(), "utf8")).trimEnd().split("\r\n");
  expect(lines).toHaveLength(4);
  expect(lines[0]).toBe(
    "rank,plant_id,plant_name,state,primary_fuel,primary_fuel_label,nameplate_mw,net_generation_mwh,share,year",
  );
  const first = lines[1]!.split(",");
  expect(first.slice(0, 8)).toEqual(["1", "6251", "South Texas Project", "TX", "NUC", "Nuclear", "2708.6", "21787144"]);
  expect(Number(first[8])).toBeCloseTo(21_787_144 / 542_598_584, 6);
  expect(first[9]).toBe("2023");
});

test("an out-of-range number of plants is explained inline", async ({ page }) => {
  await page.goto("/?state=TX&n=3");
  await expect(plantNames(page)).toHaveText(TX_TOP3);
  const input = page.getByLabel("Number of plants");
  await input.fill("1001");
  await expect(input).toHaveAttribute("aria-invalid", "true");
  await expect(
    page.getByText("Number of plants must be from 1 to 1,000; showing the last valid choice."),
  ).toBeVisible();
  await expect(plantNames(page)).toHaveText(TX_TOP3);
  await expect(page).toHaveURL(/\?state=TX&n=3$/);
});

test("keyboard only: Tab to the State select, choose Texas, open a plant", async ({ page }) => {
  await page.goto("/");
  await expect(plantNames(page).first()).toHaveText("Palo Verde");

  // Past the skip link and the header (Plants, Upload, API docs, Sign out).
  for (
    let i = 0;
    i < 10 && !(await page.getByLabel("State", { exact: true }).evaluate((el) => el === document.activeElement));
    i++
  ) {
    await page.keyboard.press("Tab");
  }
  await expect(page.getByLabel("State", { exact: true })).toBeFocused();
  await page.keyboard.type("Texas");
  await expect(page.getByLabel("State", { exact: true })).toHaveValue("TX");

  await page.keyboard.press("Tab");
  await expect(page.getByLabel("Number of plants")).toBeFocused();
  await page.keyboard.press("ControlOrMeta+A");
  await page.keyboard.type("3");
  await expect(plantNames(page)).toHaveText(TX_TOP3);

  // On through the map (states and plant dots, one tab stop each), its controls and the Export button.
  const first = page.getByRole("button", { name: "South Texas Project", exact: true });
  for (let i = 0; i < 20 && !(await first.evaluate((el) => el === document.activeElement)); i++) {
    await page.keyboard.press("Tab");
  }
  await expect(first).toBeFocused();
  await page.keyboard.press("Enter");
  await expect(page.getByRole("heading", { name: "Generators at South Texas Project" })).toBeFocused();
  await expect(page.getByRole("table", { name: "Generators" }).locator("tbody tr")).toHaveCount(2);
  await page.keyboard.press("Escape");
  await expect(page.getByRole("table", { name: "Generators" })).toHaveCount(0);
});

test("the map works from the keyboard", async ({ page }) => {
  await page.goto("/?state=TX&n=3");
  await expect(plantNames(page)).toHaveText(TX_TOP3);
  await page.getByRole("button", { name: /^Texas:/ }).focus();
  await page.keyboard.press("ArrowRight");
  await expect(page.getByRole("button", { name: /^Utah:/ })).toBeFocused();
  await page.keyboard.press("Enter");
  await expect(page.getByLabel("State", { exact: true })).toHaveValue("UT");
});

test("axe finds no serious or critical violations", async ({ page }) => {
  await page.goto("/?state=TX");
  await expect(plantNames(page)).toHaveCount(10);
  await expect(page.getByRole("button", { name: /^Texas:/ })).toBeVisible();
  expect(await seriousViolations(page)).toEqual([]);

  await page.getByRole("button", { name: "South Texas Project", exact: true }).click();
  await expect(page.getByRole("table", { name: "Generators" }).locator("tbody tr")).toHaveCount(2);
  await page.getByLabel("Number of plants").fill("0");
  await expect(page.getByLabel("Number of plants")).toHaveAttribute("aria-invalid", "true");
  expect(await seriousViolations(page)).toEqual([]);
});
