/** The README's screenshot of the main view: npm run screenshot (writes ../docs/screenshot-main.png). */
import { fileURLToPath } from "node:url";
import { expect, plantNames, test } from "./fixtures";

const OUT = fileURLToPath(new URL("../../docs/screenshot-main.png", import.meta.url));

test("main view: Texas, 10 plants", async ({ page }) => {
  await page.setViewportSize({ width: 1440, height: 1000 });
  await page.goto("/?state=TX");
  await expect(plantNames(page)).toHaveCount(10);
  await expect(page.getByRole("button", { name: /^Texas:/ })).toBeVisible();
  await page.mouse.move(0, 0);
  await page.screenshot({ path: OUT, fullPage: true, animations: "disabled" });
});
