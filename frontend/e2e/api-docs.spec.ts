/**
 * The API docs work without the internet: every request to a host other than this machine is
 * aborted and recorded, and none may be attempted. /docs (Swagger UI) authorizes with the password
 * flow or a personal API token and runs "Try it out"; /redoc renders the operations.
 * The browser starts signed out: the UI's session cookie would otherwise authorize "Try it out".
 */
import type { BrowserContext, Locator, Page } from "@playwright/test";
import { ADMIN_STATE, admin, expect, SIGNED_OUT, test } from "./fixtures";

test.use({ storageState: SIGNED_OUT });

const THIS_MACHINE = new Set(["127.0.0.1", "localhost"]);

interface Offline {
  /** URLs the page tried to load from another host (all aborted). */
  elsewhere: string[];
  /** What the browser said it refused under the Content-Security-Policy. */
  refused: string[];
}

/** Cuts the page off from every other host, as on a machine without the internet. */
async function offline(context: BrowserContext, page: Page): Promise<Offline> {
  const seen: Offline = { elsewhere: [], refused: [] };
  await context.route("**/*", (route) => {
    const url = new URL(route.request().url());
    if (THIS_MACHINE.has(url.hostname)) return route.continue();
    seen.elsewhere.push(url.href);
    return route.abort("internetdisconnected");
  });
  page.on("console", (message) => {
    if (message.text().includes("Content Security Policy")) seen.refused.push(message.text());
  });
  return seen;
}

/** GET /api/v1/plants/top in Swagger UI, opened by its deep link. */
async function topPlantsOperation(page: Page): Promise<Locator> {
  await page.goto("/docs#/plants/top_plants");
  const operation = page.locator("#operations-plants-top_plants");
  await expect(operation.locator(".opblock-summary-description")).toHaveText("Top plants by net generation");
  await expect(operation.getByRole("button", { name: "Try it out" })).toBeVisible();
  return operation;
}

/** Try it out with n=1, Execute, and return the live response's status cell and body. */
async function execute(operation: Locator): Promise<{ status: Locator; body: Locator }> {
  const tryItOut = operation.getByRole("button", { name: "Try it out" });
  if (await tryItOut.isVisible()) await tryItOut.click();
  await operation.locator('input[placeholder="n"]').fill("1");
  await operation.getByRole("button", { name: "Execute" }).click();
  const live = operation.locator(".live-responses-table .response");
  return { status: live.locator(".response-col_status"), body: live.locator(".response-col_description pre").first() };
}

/** Swagger UI's "Available authorizations" dialog (no dialog role), at one scheme's form. */
async function authorizeDialog(page: Page, scheme: string): Promise<Locator> {
  await page.locator(".auth-wrapper").getByRole("button", { name: "Authorize" }).click();
  const dialog = page.locator(".dialog-ux");
  await expect(dialog.getByRole("heading", { name: "Available authorizations" })).toBeVisible();
  return dialog.locator(".auth-container").filter({ has: page.getByRole("heading", { name: scheme }) });
}

/** Applies the filled-in form, sees it accepted, and closes the dialog. */
async function apply(page: Page, form: Locator, button: string): Promise<void> {
  await form.getByRole("button", { name: button }).click();
  await expect(form.getByRole("heading", { name: /Authorized/ })).toBeVisible();
  await form.getByRole("button", { name: "Close" }).click();
  await expect(page.locator(".dialog-ux")).toHaveCount(0);
}

test("/docs: Authorize with the password flow, then Try it out on top plants answers 200", async ({
  page,
  context,
}) => {
  const seen = await offline(context, page);
  const operation = await topPlantsOperation(page);

  // Unauthorized first: this is what makes the 200 below the password flow's doing.
  const before = await execute(operation);
  await expect(before.status).toHaveText(/^401/);

  const password = await authorizeDialog(page, "OAuth2PasswordBearer (OAuth2, password)");
  await password.getByLabel("username:").fill(admin().username);
  await password.getByLabel("password:").fill(admin().password);
  await apply(page, password, "Apply given OAuth2 credentials");

  const after = await execute(operation);
  await expect(after.status).toHaveText(/^200/);
  await expect(after.body).toContainText('"name": "Palo Verde"');
  expect(seen).toEqual({ elsewhere: [], refused: [] });
});

test("/docs: Authorize with a personal API token, then Try it out answers 200", async ({ page, context, request }) => {
  const signIn = await request.post("/api/v1/auth/token", { form: admin() as unknown as Record<string, string> });
  expect(signIn.status()).toBe(200);
  const { access_token } = (await signIn.json()) as { access_token: string };
  const created = await request.post("/api/v1/auth/api-tokens", {
    data: { name: "api-docs e2e", expires_in_days: 1 },
    headers: { Authorization: `Bearer ${access_token}` },
  });
  expect(created.status()).toBe(201);
  const { token } = (await created.json()) as { token: string };
  expect(token).toMatch(/^glp_/);

  const seen = await offline(context, page);
  const operation = await topPlantsOperation(page);
  const apiToken = await authorizeDialog(page, "ApiToken (http, Bearer)");
  await apiToken.getByRole("textbox").fill(token);
  await apply(page, apiToken, "Apply credentials");

  const answer = await execute(operation);
  await expect(answer.status).toHaveText(/^200/);
  await expect(answer.body).toContainText('"name": "Palo Verde"');
  expect(seen).toEqual({ elsewhere: [], refused: [] });
});

test("/redoc renders the operations from this machine alone", async ({ page, context }) => {
  const seen = await offline(context, page);
  await page.goto("/redoc");

  await expect(page.getByRole("heading", { name: "Top plants by net generation" })).toBeVisible();
  await expect(page.getByRole("heading", { name: "Each state's total net generation" })).toBeVisible();
  // Its search runs in a worker (the policy's worker-src blob:).
  await page.getByPlaceholder("Search...").fill("ingestion");
  await expect(page.getByRole("search")).toContainText("Ingestion runs, newest first");
  // ReDoc always shows Redocly's logo from Redocly's CDN: the policy stops it before any request
  // is made, and ReDoc drops the broken image.
  expect(seen.elsewhere).toEqual([]);
  expect(seen.refused).toEqual([
    "Loading the image 'https://cdn.redoc.ly/redoc/logo-mini.svg' violates the following Content " +
      "Security Policy directive: \"img-src 'self' data: blob:\". The action has been blocked.",
  ]);
  await expect(page.getByAltText("redocly logo")).toHaveCount(0);
});

test.describe("signed in", () => {
  test.use({ storageState: ADMIN_STATE });

  test('the UI\'s "API docs" link opens Swagger UI', async ({ page, context }) => {
    const seen = await offline(context, page);
    await page.goto("/");
    await page.getByRole("link", { name: "API docs" }).click();

    await expect(page).toHaveURL(/\/docs$/);
    await expect(page.getByText("Top plants by net generation")).toBeVisible();
    expect(seen).toEqual({ elsewhere: [], refused: [] });
  });
});
