/** Signs the admin in once through the UI; the other tests start from this browser state. */
import { mkdirSync, writeFileSync } from "node:fs";
import { dirname } from "node:path";
import { ADMIN_STATE, admin, expect, signIn, test as setup } from "./fixtures";

setup.beforeAll(() => {
  // Without data the tests skip, but the projects still read this file.
  mkdirSync(dirname(ADMIN_STATE), { recursive: true });
  writeFileSync(ADMIN_STATE, JSON.stringify({ cookies: [], origins: [] }));
});

setup("sign in as the admin", async ({ page }) => {
  await page.goto("/");
  await expect(page.getByRole("heading", { name: "Sign in" })).toBeVisible();
  await signIn(page, admin());
  await page.context().storageState({ path: ADMIN_STATE });
});
