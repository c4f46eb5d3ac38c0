/**
 * Single sign-on through the UI: global-setup.ts runs a real OpenID provider (oidc-provider-mock)
 * and configures the server with it as "Test ID", e-mail domain example.com allowed. On its
 * authorize page whoever types a subject is signed in, with that subject as their e-mail.
 */
import { expect, seriousViolations, SIGNED_OUT, test } from "./fixtures";

test.use({ storageState: SIGNED_OUT });

async function signInAtProvider(page: import("@playwright/test").Page, subject: string) {
  await page.goto("/");
  await expect(page.getByRole("heading", { name: "Sign in" })).toBeVisible();
  await page.getByRole("link", { name: "Sign in with Test ID" }).click();
  // The provider's own page, on its own port.
  await page.locator('input[name="sub"]').fill(subject);
  await page.getByRole("button", { name: "Authorize" }).click();
}

test("Sign in with Test ID lands signed in as a new viewer", async ({ page, context }) => {
  const subject = `sso-${Date.now()}@example.com`;
  await signInAtProvider(page, subject);

  const header = page.locator("header.masthead");
  await expect(header.getByText(subject, { exact: true })).toBeVisible();
  await expect(header.getByText("viewer", { exact: true })).toBeVisible();
  await expect(page).toHaveURL(/\/$/);
  // The same HttpOnly session cookie as a password sign-in; the one-time flow cookie is gone.
  const cookies = await context.cookies();
  expect(cookies.filter((c) => c.name === "gridlens_session")).toMatchObject([
    { httpOnly: true, sameSite: "Strict", path: "/api" },
  ]);
  expect(cookies.filter((c) => c.name === "gridlens_oidc")).toEqual([]);
  expect(await page.evaluate(() => fetch("/api/v1/auth/me").then((r) => r.json()))).toEqual({
    username: subject,
    role: "viewer",
    via: "session",
  });
});

test("a refused single sign-on shows why on the sign-in page", async ({ page, context }) => {
  await signInAtProvider(page, "mallory@evil.test");
  await expect(page.getByRole("alert")).toHaveText(
    "Single sign-on refused: the e-mail mallory@evil.test is not in a domain allowed to sign in (example.com)",
  );
  await expect(page).toHaveURL(/\/$/);
  // The reason came in a one-minute cookie, which the page read once and deleted.
  expect((await context.cookies()).filter((c) => c.name === "gridlens_sso_error")).toEqual([]);
  await expect(page.getByRole("link", { name: "Sign in with Test ID" })).toBeVisible();
  expect(await seriousViolations(page)).toEqual([]);
});
