/** The README's screenshots: npm run screenshot (writes ../docs/screenshot-main.png and screenshot-trends.png). */
import { fileURLToPath } from "node:url";
import { expect, plantNames, test } from "./fixtures";

const docs = (name: string) => fileURLToPath(new URL(`../../docs/${name}`, import.meta.url));

test("main view: Texas, 10 plants", async ({ page }) => {
  await page.setViewportSize({ width: 1440, height: 1000 });
  await page.goto("/?state=TX");
  await expect(plantNames(page)).toHaveCount(10);
  await expect(page.getByRole("button", { name: /^Texas:/ })).toBeVisible();
  await page.mouse.move(0, 0);
  await page.screenshot({ path: docs("screenshot-main.png"), fullPage: true, animations: "disabled" });
});

test("trends: California, who moved since 2022, Diablo Canyon's years, the state's mix", async ({ page }) => {
  await page.setViewportSize({ width: 1440, height: 1000 });
  await page.goto("/?state=CA&plant=6099");
  await expect(plantNames(page)).toHaveCount(10);
  await expect(page.getByRole("table", { name: "Plant history" }).locator("tbody tr")).toHaveCount(3);
  await expect(page.getByRole("table", { name: "Net generation by year" }).locator("tbody tr")).toHaveCount(3);
  await page.getByRole("img", { name: /^2021:/ }).hover();
  await expect(page.getByRole("tooltip")).toBeVisible();
  // From the table down: the ranking with its movement, the plant's history and the trend.
  // Page coordinates (a full-page clip's), not the viewport's that boundingBox gives.
  const pageY = (selector: string) =>
    page.locator(selector).evaluate((element) => {
      const box = element.getBoundingClientRect();
      return { top: box.top + window.scrollY, bottom: box.bottom + window.scrollY };
    });
  const from = (await pageY("#results")).top - 12;
  const to = (await pageY(".trend-panel")).bottom + 12;
  await page.screenshot({
    path: docs("screenshot-trends.png"),
    fullPage: true,
    animations: "disabled",
    clip: { x: 0, y: from, width: 1440, height: to - from },
  });
});
