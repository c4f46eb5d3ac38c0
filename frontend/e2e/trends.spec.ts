/** Trends across GEN21-GEN23 (global-setup loads all three): facts from ../shared/data/egrid/README.md. */
import { expect, plantNames, seriousViolations, test, topPlants } from "./fixtures";
import type { Page } from "@playwright/test";

const figures = (page: Page) => page.getByRole("table", { name: "Net generation by year" });

test("Texas's trend shows the three years' totals", async ({ page }) => {
  await page.goto("/?state=TX");
  await expect(page.getByText("Net generation of Texas by year and fuel")).toBeVisible();
  await expect(figures(page).locator("tbody th")).toHaveText(["2021", "2022", "2023"]);
  await expect(figures(page).locator("tbody td:nth-of-type(1)")).toHaveText(["684", "754", "824"]);
  await expect(figures(page).locator("tbody td:nth-of-type(2)")).toHaveText([
    "481,398,471",
    "521,881,122",
    "542,598,584",
  ]);
  await expect(figures(page).locator("tbody td:nth-of-type(3)")).toHaveText([
    "\u2014",
    "+40,482,651 (+8.4%)",
    "+20,717,462 (+4.0%)",
  ]);

  // Hovering a year's bar shows its figures.
  const bar2021 = page.getByRole("img", { name: "2021: 481,398,471 MWh from 684 plants" });
  await bar2021.hover();
  await expect(page.getByRole("tooltip")).toContainText("Total 481,398,471 MWh · 684 plants");
});

test("the nation's trend by default", async ({ page }) => {
  await page.goto("/");
  await expect(figures(page).locator("tbody td:nth-of-type(2)")).toHaveText([
    "4,120,594,476",
    "4,240,141,166",
    "4,188,971,343",
  ]);
  await expect(figures(page).locator("tbody td:nth-of-type(1)")).toHaveText(["11,394", "11,973", "12,611"]);
});

test("a plant's rank movement reads right: Pastoria was 11th in California in 2022, 4th in 2023", async ({ page }) => {
  await page.goto("/?state=CA&n=5");
  await expect(plantNames(page)).toHaveText([
    "Diablo Canyon",
    "Moss Landing Power Plant",
    "Geysers Unit 5-20",
    "Pastoria Energy Facility",
    "Delta Energy Center, LLC",
  ]);
  await expect(topPlants(page).getByRole("columnheader", { name: "vs 2022" })).toBeVisible();
  const moves = topPlants(page).locator("tbody td.movement .move");
  // 2022 ranks 1, 2, 3, 11, 5.
  await expect(moves).toHaveText(["=", "=", "=", "\u25b27", "="]);
  await expect(moves.nth(3)).toHaveAttribute("title", "11th in 2022");

  // A year back: their 2021 ranks were 1, 2, 3, 5, 4.
  await page.getByLabel("Year", { exact: true }).selectOption("2022");
  await expect(topPlants(page).getByRole("columnheader", { name: "vs 2021" })).toBeVisible();
  await expect(plantNames(page).nth(0)).toHaveText("Diablo Canyon");
});

test("fuel = solar in California lists only solar plants, in the table, chart and trend", async ({ page }) => {
  await page.goto("/?state=CA");
  await expect(plantNames(page)).toHaveCount(10);
  await page.getByLabel("Fuel", { exact: true }).selectOption({ label: "Solar" });
  await expect(page).toHaveURL(/\?state=CA&fuel=solar$/);
  await expect(topPlants(page).locator("tbody td.fuel")).toHaveText(Array(10).fill("Solar"));
  await expect(page.getByRole("list", { name: "Bar colours by primary fuel" })).toHaveText("Solar");
  await expect(page.getByText("Net generation of solar plants in California by year")).toBeVisible();
  await expect(page.getByRole("list", { name: "Bar colours by fuel category" })).toHaveText("Solar");

  await page.reload();
  await expect(page.getByLabel("Fuel", { exact: true })).toHaveValue("solar");
  await expect(topPlants(page).locator("tbody td.fuel")).toHaveText(Array(10).fill("Solar"));
});

test('typing "palo" and Enter opens Palo Verde with its three years', async ({ page }) => {
  await page.goto("/");
  await expect(plantNames(page).first()).toHaveText("Palo Verde");
  const search = page.getByRole("combobox", { name: "Find a plant" });
  await search.fill("palo");
  await expect(page.getByRole("listbox", { name: "Suggestions" }).getByRole("option").first()).toContainText(
    "Palo Verde",
  );
  await search.press("Enter");

  await expect(page).toHaveURL(/\?plant=6008$/);
  await expect(page.getByRole("heading", { name: "Generators at Palo Verde" })).toBeFocused();
  const history = page.getByRole("table", { name: "Plant history" });
  await expect(history.locator("tbody th")).toHaveText(["2021", "2022", "2023"]);
  await expect(history.locator("tbody td:nth-of-type(1)")).toHaveText(["31,629,861", "31,942,794", "31,522,590"]);
  await expect(history.locator("tbody td:nth-of-type(2)")).toHaveText(["1", "1", "1"]);
  await expect(history.locator("tbody td:nth-of-type(3)")).toHaveText(["1", "1", "1"]);
  await expect(page.getByRole("table", { name: "Generators" }).locator("tbody tr")).toHaveCount(3);
  expect(await seriousViolations(page)).toEqual([]);
});

test("the search works from the keyboard alone", async ({ page }) => {
  await page.goto("/");
  const search = page.getByRole("combobox", { name: "Find a plant" });
  await search.focus();
  await page.keyboard.type("diablo");
  const options = page.getByRole("listbox", { name: "Suggestions" }).getByRole("option");
  await expect(options.first()).toContainText("Diablo Canyon");
  await page.keyboard.press("ArrowDown");
  await expect(search).toHaveAttribute("aria-activedescendant", (await options.first().getAttribute("id")) ?? "");
  expect(await seriousViolations(page)).toEqual([]);
  await page.keyboard.press("Escape");
  await expect(search).toHaveAttribute("aria-expanded", "false");
  await page.keyboard.press("ArrowDown");
  await expect(search).toHaveAttribute("aria-expanded", "true");
  await page.keyboard.press("ArrowDown");
  await page.keyboard.press("Enter");
  await expect(page).toHaveURL(/\?plant=6099$/);
  await expect(page.getByRole("heading", { name: "Generators at Diablo Canyon" })).toBeFocused();
});

test("the masthead names the year on screen", async ({ page }) => {
  await page.goto("/?year=2021&state=TX&n=3");
  await expect(page.locator("header.masthead")).toContainText("from EPA's eGRID 2021");
  await page.getByLabel("Year", { exact: true }).selectOption("2023");
  await expect(page.locator("header.masthead")).toContainText("from EPA's eGRID 2023");
});

test("on a 390 px phone the net generation column stays in view", async ({ page }) => {
  await page.setViewportSize({ width: 390, height: 844 });
  await page.goto("/?state=TX&n=3");
  await expect(plantNames(page)).toHaveText(["South Texas Project", "Comanche Peak", "Oak Grove"]);
  // Scrolls the page only (never the table sideways), as a reader reaching the table would.
  await page.locator("#results").evaluate((element) => element.scrollIntoView({ block: "start" }));
  const header = topPlants(page).getByRole("columnheader", { name: "Net generation (MWh)" });
  await expect(header).toBeInViewport({ ratio: 1 });
  const value = topPlants(page).locator("tbody tr").first().getByText("21,787,144", { exact: true });
  await expect(value).toBeInViewport({ ratio: 1 });
  // Nothing on the page is wider than the phone.
  expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
  expect(await seriousViolations(page)).toEqual([]);
});

test("axe finds no serious or critical violations with the trend and a plant's history open", async ({ page }) => {
  await page.goto("/?state=CA&plant=6099");
  await expect(figures(page).locator("tbody tr")).toHaveCount(3);
  await expect(page.getByRole("table", { name: "Plant history" }).locator("tbody tr")).toHaveCount(3);
  await expect(topPlants(page).locator("tbody td.movement")).toHaveCount(10);
  expect(await seriousViolations(page)).toEqual([]);
});
