import { geoAlbersUsa } from "d3-geo";
import { expect, test } from "./fixtures";

/** The overlay says how many dots it draws (the plain ones are paths, one per fuel). */
const dotsDrawn = (page: import("@playwright/test").Page) => page.locator("svg.plant-dots");
const centre = (box: { x: number; y: number; width: number; height: number } | null) => ({
  x: (box?.x ?? NaN) + (box?.width ?? NaN) / 2,
  y: (box?.y ?? NaN) + (box?.height ?? NaN) / 2,
});

test("Texas top 10: ten numbered dots, the coast's reactor south-east of Comanche Peak; a click opens it", async ({
  page,
}) => {
  await page.goto("/?state=TX&n=10");
  const ranked = page.locator(".plant-dots circle.ranked");
  await expect(ranked).toHaveCount(10);
  await expect(page.locator(".dot-numbers text")).toHaveText(["1", "2", "3", "4", "5", "6", "7", "8", "9", "10"]);
  await expect(page.getByTestId("unlocated-summary")).toHaveText("All of the top 10 have a location.");

  const southTexas = page.getByRole("button", { name: "1. South Texas Project, Nuclear, 21,787,144 MWh" });
  const comanche = page.getByRole("button", { name: /^2\. Comanche Peak, Nuclear, / });
  const stp = centre(await southTexas.boundingBox());
  const cp = centre(await comanche.boundingBox());
  expect(stp.x).toBeGreaterThan(cp.x); // east
  expect(stp.y).toBeGreaterThan(cp.y); // south (screen y grows downwards)

  await southTexas.hover();
  await expect(page.locator(".dot-tooltip")).toHaveText("1. South Texas ProjectNuclear21,787,144 MWh");
  await southTexas.click();
  await expect(page.getByRole("heading", { name: "Generators at South Texas Project" })).toBeFocused();
  await expect(page).toHaveURL(/plant=6251/);
});

test("the nation's top 200 list the one plant without a location", async ({ page }) => {
  await page.goto("/?n=200");
  await expect(page.getByTestId("unlocated-summary")).toHaveText("1 of the top 200 have no location:");
  await expect(page.getByRole("list", { name: "Top plants without a location" })).toHaveText(
    /H F Lee Steam Electric Plant \(NC\)/,
  );
});

test("5,000 dots render in under 500 ms", async ({ page }) => {
  await page.goto("/?n=10");
  const limit = page.getByRole("combobox", { name: /^Plants on the map/ });
  // Fetch the 5,000 once, so the measurement below is the rendering alone (the answer is cached).
  await limit.selectOption("5000");
  await expect(dotsDrawn(page)).toHaveAttribute("data-dots", "4953"); // of the top 5,000, 4,953 are located

  // The median of three renders: this machine is shared, one sample can catch another job's burst.
  const samples: number[] = [];
  for (let run = 0; run < 3; run++) {
    await limit.selectOption("500");
    await expect(dotsDrawn(page)).not.toHaveAttribute("data-dots", "4953");
    samples.push(await page.evaluate(renderAll));
  }
  const ms = samples.sort((a, b) => a - b)[1]!;
  console.log(`5,000-plant map rendered in ${samples.map((s) => s.toFixed(0)).join(", ")} ms`);
  expect(ms).toBeLessThan(500);
});

/** In the page: choose 5,000 plants and time until their dots are in the page and painted. */
function renderAll(): Promise<number> {
  return new Promise<number>((resolve) => {
    const select = document.querySelector<HTMLSelectElement>(".dot-limit select")!;
    const started = performance.now();
    const observer = new MutationObserver(() => {
      if (document.querySelector("svg.plant-dots")?.getAttribute("data-dots") !== "4953") return;
      observer.disconnect();
      // After layout and paint of the frame that shows them.
      requestAnimationFrame(() => setTimeout(() => resolve(performance.now() - started), 0));
    });
    observer.observe(document.querySelector(".map-frame")!, { childList: true, subtree: true, attributes: true });
    const setValue = Object.getOwnPropertyDescriptor(HTMLSelectElement.prototype, "value")!.set!;
    setValue.call(select, "5000");
    select.dispatchEvent(new Event("change", { bubbles: true }));
  });
}

test("a dot beyond the top N (drawn in a shared path) still tells its plant and opens it", async ({ page }) => {
  await page.goto("/?state=TX&n=1");
  await expect(page.locator(".plant-dots circle.ranked")).toHaveCount(1);
  // Comanche Peak (rank 2) on the map, by the atlas's projection, then on the screen.
  const [x, y] = geoAlbersUsa().scale(1300).translate([487.5, 305])([-97.785515, 32.298365])!;
  const at = await page.locator("svg.plant-dots").evaluate(
    (svg, point) => {
      const screen = new DOMPoint(point.x, point.y).matrixTransform((svg as SVGSVGElement).getScreenCTM()!);
      return { x: screen.x, y: screen.y };
    },
    { x, y },
  );
  await page.mouse.move(at.x, at.y);
  // The smallest dot under the pointer is the one on top: there, Wolf Hollow's on Comanche Peak's.
  const tooltip = page.locator(".dot-tooltip");
  await expect(tooltip).toHaveText(/^\d+\. .+(Nuclear|Natural gas)[\d,]+ MWh$/);
  const name = (await tooltip.locator("strong").textContent())!.replace(/^\d+\. /, "");
  await page.mouse.click(at.x, at.y);
  await expect(page.getByRole("heading", { name: `Generators at ${name}` })).toBeFocused();
});
