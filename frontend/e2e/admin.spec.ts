/** Users, API tokens and Activity end to end: the real server, its database and its audit trail. */
import { expect, SIGNED_OUT, seriousViolations, signIn, test } from "./fixtures";

const ZOE = "e2e-zoe";

const row = (table: import("@playwright/test").Locator, name: string) =>
  table.locator("tbody tr").filter({ has: table.page().getByRole("rowheader", { name, exact: true }) });

test("Users: add, change role, the last admin kept, disable and enable, reset a password", async ({
  page,
  browser,
}) => {
  await page.goto("/");
  await page.getByRole("link", { name: "Users" }).click();
  await expect(page).toHaveURL(/\/users$/);
  const table = page.getByRole("table", { name: "Users" });
  await expect(row(table, "e2e-admin (you)").locator("td").first()).toHaveText("admin");
  await expect(row(table, "e2e-viewer").locator("td").first()).toHaveText("viewer");
  expect(await seriousViolations(page)).toEqual([]);

  await page.getByRole("button", { name: "Make e2e-admin viewer" }).click();
  await expect(page.getByRole("alert")).toContainText(
    "'e2e-admin' is the last active admin; make another user admin first",
  );
  await page.getByRole("button", { name: "Dismiss" }).click();

  const form = page.getByRole("region", { name: "Add a user" });
  await form.getByLabel("Username").fill(ZOE);
  await form.getByLabel("Password").fill("zoe-first-password");
  await form.getByRole("button", { name: "Add user" }).click();
  const zoe = row(table, ZOE);
  await expect(zoe.locator("td")).toHaveText(["viewer", "password", "never", "active", /Make admin/]);

  await page.getByRole("button", { name: `Make ${ZOE} admin` }).click();
  await expect(zoe.locator("td").first()).toHaveText("admin");
  await page.getByRole("button", { name: `Make ${ZOE} viewer` }).click();
  await expect(zoe.locator("td").first()).toHaveText("viewer");
  await page.getByRole("button", { name: `Disable ${ZOE}` }).click();
  await expect(zoe.locator("td").nth(3)).toHaveText("disabled");
  await page.getByRole("button", { name: `Enable ${ZOE}` }).click();
  await expect(zoe.locator("td").nth(3)).toHaveText("active");

  await page.getByRole("button", { name: `Reset the password of ${ZOE}` }).click();
  const shown = page.getByRole("status", { name: "New password" });
  await expect(shown).toContainText(`New password for ${ZOE}, shown this once:`);
  const password = (await shown.locator("code").textContent()) ?? "";
  expect(password).toMatch(/^[A-Za-z0-9_-]{24}$/);

  // The new password works in a fresh browser, and the list then shows that sign-in.
  const other = await browser.newContext({ storageState: SIGNED_OUT });
  const zoePage = await other.newPage();
  await zoePage.goto(page.url().replace(/\/users$/, "/"));
  await signIn(zoePage, { username: ZOE, password });
  await other.close();
  await page.reload();
  await expect(row(table, ZOE).locator("td").nth(2)).not.toHaveText("never");
});

test("API tokens: create one with an expiry, its secret once, use it, revoke it", async ({ page, context }) => {
  await context.grantPermissions(["clipboard-read", "clipboard-write"]);
  await page.goto("/");
  await page.getByRole("link", { name: "API tokens" }).click();
  await expect(page).toHaveURL(/\/tokens$/);
  await page.getByLabel("Name").fill("e2e-ci");
  await page.getByLabel("Expires after").selectOption({ label: "30 days" });
  await page.getByRole("button", { name: "Create token" }).click();
  const shown = page.getByRole("status", { name: "New token" });
  await expect(shown).toContainText("Copy it now: it is shown this once, never again.");
  const secret = (await shown.locator("p code").textContent()) ?? "";
  expect(secret).toMatch(/^glp_[A-Za-z0-9_-]{43}$/);
  await expect(shown.locator("pre")).toHaveText(
    `curl -H "Authorization: Bearer ${secret}" "${new URL(page.url()).origin}/api/v1/plants/top?n=5"`,
  );
  await shown.getByRole("button", { name: "Copy", exact: true }).click();
  await expect(shown.getByText("Copied")).toBeVisible();
  expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(secret);
  expect(await seriousViolations(page)).toEqual([]);

  const table = page.getByRole("table", { name: "Your API tokens" });
  await expect(row(table, "e2e-ci").locator("td")).toHaveText([
    `${secret.slice(0, 10)}…`,
    /\d/,
    /\d/,
    "active",
    "Revoke",
  ]);
  const me = await page.request.get("/api/v1/auth/me", { headers: { Authorization: `Bearer ${secret}` } });
  expect(await me.json()).toEqual({ username: "e2e-admin", role: "admin", via: "api_token" });

  await page.getByRole("button", { name: "Revoke e2e-ci" }).click();
  await expect(row(table, "e2e-ci").locator("td").nth(3)).toHaveText("revoked");
  const after = await page.request.get("/api/v1/auth/me", { headers: { Authorization: `Bearer ${secret}` } });
  expect(after.status()).toBe(401);
});

test("Activity: the trail of what the other tests did, filtered", async ({ page }) => {
  await page.goto("/");
  await page.getByRole("link", { name: "Activity" }).click();
  await expect(page).toHaveURL(/\/activity$/);
  const table = page.getByRole("table", { name: "Activity" });
  await expect(table.locator("tbody tr").first()).toBeVisible();
  expect(await seriousViolations(page)).toEqual([]);

  await page.getByLabel("Target").fill(ZOE);
  await page.getByRole("button", { name: "Filter" }).click();
  const cells = (n: number) => table.locator("tbody tr").locator(`:nth-child(${n})`);
  // Newest first: zoe's own sign-in, then what e2e-admin did to her.
  await expect(cells(3)).toHaveText([
    "auth.sign_in",
    "user.password_reset",
    "user.enabled",
    "user.disabled",
    "user.role_changed",
    "user.role_changed",
    "user.added",
  ]);
  await expect(cells(2)).toHaveText([ZOE, ...Array(6).fill("e2e-admin")]);
  await expect(cells(6)).toHaveText(Array(7).fill("127.0.0.1"));

  await page.getByLabel("Target").fill("");
  await page.getByLabel("Who").fill("e2e-admin");
  await page.getByLabel("Action").selectOption("token.revoked");
  await page.getByRole("button", { name: "Filter" }).click();
  await expect(cells(3)).toHaveText(["token.revoked"]);
  await expect(cells(4)).toHaveText([/^token:\d+$/]);
});
