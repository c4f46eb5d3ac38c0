/** The test function for every browser test: points at the server global-setup started, or skips. */
import AxeBuilder from "@axe-core/playwright";
import { test as base, expect, type Locator, type Page } from "@playwright/test";

export const test = base.extend<{ skipWithoutData: void }>({
  baseURL: async ({}, use) => {
    await use(process.env.GRIDLENS_E2E_URL);
  },
  // When the API wants a signed-in caller, sign the browser in (the session cookie) before the test.
  context: async ({ context }, use) => {
    if (process.env.GRIDLENS_E2E_URL) {
      const probe = await context.request.get("/api/v1/years");
      if (probe.status() === 401) {
        const signIn = await context.request.post("/api/v1/auth/session", {
          form: { username: process.env.GRIDLENS_E2E_USER ?? "", password: process.env.GRIDLENS_E2E_PASSWORD ?? "" },
        });
        expect(signIn.status(), await signIn.text()).toBe(200);
      }
    }
    await use(context);
  },
  skipWithoutData: [
    async ({}, use, testInfo) => {
      const reason = process.env.GRIDLENS_E2E_SKIP;
      testInfo.skip(Boolean(reason), reason);
      await use();
    },
    { auto: true },
  ],
});

export { expect };

export const topPlants = (page: Page): Locator => page.getByRole("table", { name: "Top plants" });

/** The plant names in the table, in order: the name column is the row header. */
export const plantNames = (page: Page): Locator => topPlants(page).locator("tbody th");

/** axe-core's serious and critical violations against WCAG 2.1 A and AA. */
export async function seriousViolations(page: Page) {
  const result = await new AxeBuilder({ page }).withTags(["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]).analyze();
  return result.violations
    .filter((v) => v.impact === "serious" || v.impact === "critical")
    .map((v) => ({ id: v.id, impact: v.impact, help: v.help, nodes: v.nodes.map((n) => n.target.join(" ")) }));
}
