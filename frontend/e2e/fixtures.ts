/** The test function for every browser test: points at the server global-setup started, or skips. */
import AxeBuilder from "@axe-core/playwright";
import { test as base, expect, type Locator, type Page } from "@playwright/test";

export { ADMIN_STATE } from "./paths";
/** A browser with no session, for the tests that sign in themselves. */
export const SIGNED_OUT = { cookies: [], origins: [] };

export interface Credentials {
  username: string;
  password: string;
}
export const admin = (): Credentials => ({
  username: process.env.GRIDLENS_E2E_USER ?? "",
  password: process.env.GRIDLENS_E2E_PASSWORD ?? "",
});
export const viewer = (): Credentials => ({
  username: process.env.GRIDLENS_E2E_VIEWER ?? "",
  password: process.env.GRIDLENS_E2E_VIEWER_PASSWORD ?? "",
});

export const test = base.extend<{ skipWithoutData: void }>({
  baseURL: async ({}, use) => {
    await use(process.env.GRIDLENS_E2E_URL);
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

/** Signs in through the sign-in page, as a person would, and waits for the signed-in header. */
export async function signIn(page: Page, who: Credentials): Promise<void> {
  await page.getByLabel("Username").fill(who.username);
  await page.getByLabel("Password").fill(who.password);
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page.getByRole("button", { name: "Sign out" })).toBeVisible();
}

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
