/** Signing in and out through the UI, as a person would; each test starts with no session. */
import { admin, expect, plantNames, seriousViolations, SIGNED_OUT, signIn, test, viewer } from "./fixtures";

test.use({ storageState: SIGNED_OUT });

const TX_TOP3 = ["South Texas Project", "Comanche Peak", "Oak Grove"];

test("sign in, reload keeps the session, sign out returns to the sign-in page", async ({ page, context }) => {
  await page.goto("/?state=TX&n=3");
  await expect(page.getByRole("heading", { name: "Sign in" })).toBeVisible();
  await expect(page.getByLabel("Username")).toBeFocused();
  expect(await seriousViolations(page)).toEqual([]);

  await page.getByLabel("Username").fill(admin().username);
  await page.getByLabel("Password").fill("not the password");
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page.getByRole("alert")).toHaveText("Wrong username or password");
  await expect(page.getByLabel("Password")).toBeFocused();
  await expect(page.getByLabel("Password")).toHaveValue("");
  expect(await seriousViolations(page)).toEqual([]);

  await page.getByLabel("Password").fill(admin().password);
  await page.getByRole("button", { name: "Sign in" }).click();
  // Back at the view asked for, query string and all.
  await expect(plantNames(page)).toHaveText(TX_TOP3);
  await expect(page).toHaveURL(/\/\?state=TX&n=3$/);
  const header = page.locator("header.masthead");
  await expect(header.getByText(admin().username, { exact: true })).toBeVisible();
  await expect(header.getByText("admin", { exact: true })).toBeVisible();
  await expect(header.getByRole("link", { name: "Upload" })).toBeVisible();

  // The session is an HttpOnly, SameSite=Strict cookie; scripts see no token anywhere.
  const [cookie] = (await context.cookies()).filter((c) => c.name === "gridlens_session");
  expect(cookie).toMatchObject({ httpOnly: true, sameSite: "Strict", path: "/api" });
  expect(await page.evaluate(() => [document.cookie, localStorage.length, sessionStorage.length])).toEqual(["", 0, 0]);

  await page.reload();
  await expect(plantNames(page)).toHaveText(TX_TOP3);
  await expect(page.getByRole("heading", { name: "Sign in" })).toHaveCount(0);

  await page.getByRole("button", { name: "Sign out" }).click();
  await expect(page.getByRole("heading", { name: "Sign in" })).toBeVisible();
  await expect(page.getByRole("status")).toHaveText("You signed out.");
  await expect(page).toHaveURL(/\/$/);
  expect((await context.cookies()).filter((c) => c.name === "gridlens_session")).toEqual([]);
  await page.reload();
  await expect(page.getByRole("heading", { name: "Sign in" })).toBeVisible();
});

test("keyboard only: type the username, Tab, the password, Enter", async ({ page }) => {
  await page.goto("/?state=TX&n=3");
  await expect(page.getByLabel("Username")).toBeFocused();
  await page.keyboard.type(admin().username);
  await page.keyboard.press("Tab");
  await expect(page.getByLabel("Password")).toBeFocused();
  await page.keyboard.type(admin().password);
  await page.keyboard.press("Enter");
  await expect(plantNames(page)).toHaveText(TX_TOP3);
});

test("a session that ends sends the person to sign in again, then back to the same view", async ({ page, context }) => {
  await page.goto("/?state=TX&n=3");
  await signIn(page, admin());
  await expect(plantNames(page)).toHaveText(TX_TOP3);

  await context.clearCookies(); // as when the session expires
  await page.getByLabel("State", { exact: true }).selectOption("DC");
  await expect(page.getByRole("heading", { name: "Sign in" })).toBeVisible();
  await expect(page.getByRole("status")).toHaveText("Your session ended; sign in again");
  await expect(page).toHaveURL(/\?state=DC&n=3$/);

  await signIn(page, admin());
  await expect(plantNames(page).first()).toHaveText("Walt Bailey Bioenergy Facility");
  await expect(page).toHaveURL(/\?state=DC&n=3$/);
});

test("a viewer sees no Upload link, and the upload page says it is for admins", async ({ page }) => {
  await page.goto("/");
  await signIn(page, viewer());
  const header = page.locator("header.masthead");
  await expect(header.getByText("viewer", { exact: true })).toBeVisible();
  await expect(plantNames(page).first()).toHaveText("Palo Verde");
  await expect(header.getByRole("link", { name: "Upload" })).toHaveCount(0);

  await page.goto("/upload");
  await expect(page.getByRole("heading", { name: "Only admins can upload" })).toBeVisible();
  await expect(page.getByLabel("Choose a CSV file")).toHaveCount(0);
  expect(await seriousViolations(page)).toEqual([]);
});
