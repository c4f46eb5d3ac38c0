import { screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { describe, expect, it } from "vitest";
import { App } from "./App";
import { ADMIN, fakeApi, noContent, notSignedIn, ok, problem, standardRoutes, US_TOP, VIEWER } from "./test/fakeApi";
import { renderWithQuery } from "./test/render";

function open(path: string) {
  window.history.replaceState(null, "", path);
  return renderWithQuery(<App />);
}

/** The page header (the panels have headers of their own). */
const masthead = () => document.querySelector<HTMLElement>("header.masthead")!;

const plantNames = () =>
  [...screen.getByRole("table", { name: "Top plants" }).querySelectorAll("tbody th")].map((th) => th.textContent);

/** A server where nobody is signed in until POST /auth/session gets the right password. */
function signInServer(user = ADMIN, password = "correct horse") {
  let signedIn = false;
  const api = fakeApi(
    standardRoutes({
      "/api/v1/auth/me": () => (signedIn ? ok(user) : notSignedIn()),
      "/api/v1/auth/session": (_url, request) => {
        if (request.method === "DELETE") {
          signedIn = false;
          return noContent;
        }
        const form = new URLSearchParams(request.body);
        if (form.get("username") !== user.username || form.get("password") !== password) {
          return problem(401, "Not authenticated", "wrong username or password, or the user is disabled");
        }
        signedIn = true;
        return ok({ username: user.username, role: user.role, expires_in: 3600 });
      },
    }),
  );
  return { api };
}

async function signIn(username: string, password: string) {
  const user = userEvent.setup();
  await user.type(await screen.findByLabelText("Username"), username);
  await user.type(screen.getByLabelText("Password"), password);
  await user.click(screen.getByRole("button", { name: "Sign in" }));
  return user;
}

describe("signing in", () => {
  it("shows the sign-in page when there is no session, and asks for nothing else", async () => {
    const { api } = signInServer();
    open("/?state=TX&n=3");
    expect(await screen.findByRole("heading", { name: "Sign in", level: 1 })).toBeInTheDocument();
    expect(screen.getByLabelText("Username")).toHaveAttribute("autocomplete", "username");
    expect(screen.getByLabelText("Password")).toHaveAttribute("type", "password");
    expect(screen.getByLabelText("Password")).toHaveAttribute("autocomplete", "current-password");
    expect(screen.getByRole("button", { name: "Sign in" })).toHaveAttribute("type", "submit");
    expect(screen.getByLabelText("Username")).toHaveFocus();
    expect(document.title).toBe("Sign in · gridlens");
    await waitFor(() =>
      expect(api.calls.map((c) => `${c.method} ${c.url.pathname}`)).toEqual([
        "GET /api/v1/auth/me",
        "GET /api/v1/auth/providers",
      ]),
    );
    expect(screen.queryByRole("link", { name: /^Sign in with/ })).toBeNull();
  });

  it("offers single sign-on beside the password form when a provider is configured", async () => {
    fakeApi(
      standardRoutes({
        "/api/v1/auth/me": () => notSignedIn(),
        "/api/v1/auth/providers": () =>
          ok({ password: true, oidc: { name: "Example ID", login_url: "/api/v1/auth/oidc/login" } }),
      }),
    );
    open("/");
    const link = await screen.findByRole("link", { name: "Sign in with Example ID" });
    expect(link).toHaveAttribute("href", "/api/v1/auth/oidc/login");
    expect(screen.getByLabelText("Password")).toBeInTheDocument();
  });

  it("hides the password form when password sign-in is off", async () => {
    fakeApi(
      standardRoutes({
        "/api/v1/auth/me": () => notSignedIn(),
        "/api/v1/auth/providers": () =>
          ok({ password: false, oidc: { name: "Example ID", login_url: "/api/v1/auth/oidc/login" } }),
      }),
    );
    open("/");
    expect(await screen.findByRole("link", { name: "Sign in with Example ID" })).toBeInTheDocument();
    expect(screen.queryByLabelText("Password")).toBeNull();
    expect(screen.queryByRole("button", { name: "Sign in" })).toBeNull();
  });

  it("shows why a single sign-on was refused, once, from the server's cookie", async () => {
    fakeApi(standardRoutes({ "/api/v1/auth/me": () => notSignedIn() }));
    document.cookie =
      "gridlens_sso_error=the%20e-mail%20m%40evil.test%20is%20not%20in%20a%20domain%20allowed%20to%20sign%20in%20(example.com); Path=/";
    open("/");
    expect(await screen.findByRole("alert")).toHaveTextContent(
      "Single sign-on refused: the e-mail m@evil.test is not in a domain allowed to sign in (example.com)",
    );
    expect(document.cookie).not.toContain("gridlens_sso_error");
  });

  it("shows no text a link puts in the URL as a sign-on refusal", async () => {
    fakeApi(standardRoutes({ "/api/v1/auth/me": () => notSignedIn() }));
    open("/?sso_error=Your+account+is+locked.+Call+555-0100");
    expect(await screen.findByLabelText("Password")).toBeInTheDocument();
    expect(screen.queryByRole("alert")).toBeNull();
    expect(document.body).not.toHaveTextContent("555-0100");
  });

  it("signs in with the form and returns to the URL asked for, query string kept", async () => {
    const { api } = signInServer();
    open("/?state=TX&n=3");
    await signIn("ada", "correct horse");

    await waitFor(() => expect(plantNames()).toEqual(["South Texas Project", "Comanche Peak", "Oak Grove"]));
    expect(window.location.pathname + window.location.search).toBe("/?state=TX&n=3");
    const [post] = api.callsTo("/api/v1/auth/session", "POST");
    expect(Object.fromEntries(new URLSearchParams(post!.body))).toEqual({
      grant_type: "password",
      username: "ada",
      password: "correct horse",
      scope: "",
    });
    const header = masthead();
    expect(within(header).getByText("ada")).toBeInTheDocument();
    expect(within(header).getByText("admin")).toBeInTheDocument();
    expect(within(header).getByRole("button", { name: "Sign out" })).toBeInTheDocument();
    // The session is an HttpOnly cookie: nothing about it is kept where scripts can read it.
    expect(localStorage.length).toBe(0);
    expect(sessionStorage.length).toBe(0);
  });

  it("says a wrong password inline, clears it and puts the cursor back in it", async () => {
    signInServer();
    open("/");
    await signIn("ada", "wrong");
    const alert = await screen.findByRole("alert");
    expect(alert).toHaveTextContent(/^Wrong username or password$/);
    const password = screen.getByLabelText("Password");
    expect(password).toHaveValue("");
    expect(password).toHaveFocus();
    expect(password).toHaveAttribute("aria-invalid", "true");
    expect(password).toHaveAccessibleDescription("Wrong username or password");
    expect(screen.getByLabelText("Username")).toHaveValue("ada");
  });

  it("says how long to wait when sign-in attempts are throttled (429)", async () => {
    const api = fakeApi(
      standardRoutes({
        "/api/v1/auth/me": () => notSignedIn(),
        "/api/v1/auth/session": () =>
          problem(429, "Too many requests", "too many sign-in attempts; wait and try again", { "Retry-After": "42" }),
      }),
    );
    open("/");
    const user = await signIn("ada", "guess");
    expect(await screen.findByRole("alert")).toHaveTextContent(
      /^Too many sign-in attempts\. Wait 42 seconds, then try again\.$/,
    );
    const button = screen.getByRole("button", { name: "Sign in" });
    expect(button).toHaveAttribute("aria-disabled", "true");
    await user.click(button);
    expect(api.callsTo("/api/v1/auth/session")).toHaveLength(1);
  });

  it("works from the keyboard alone: type, Tab, type, Enter", async () => {
    signInServer();
    open("/?n=2");
    const user = userEvent.setup();
    await screen.findByLabelText("Username");
    await user.keyboard("ada");
    await user.tab();
    expect(screen.getByLabelText("Password")).toHaveFocus();
    await user.keyboard("correct horse{Enter}");
    await waitFor(() => expect(plantNames()).toEqual(["Palo Verde", "Browns Ferry"]));
  });

  it("shows what went wrong when the server cannot be reached", async () => {
    fakeApi(standardRoutes({ "/api/v1/auth/me": () => problem(503, "Not ready", "The database is not reachable.") }));
    open("/");
    const alert = await screen.findByRole("alert", {}, { timeout: 3000 });
    expect(alert).toHaveTextContent("Not ready");
    expect(alert).toHaveTextContent("The database is not reachable.");
    expect(screen.queryByLabelText("Username")).not.toBeInTheDocument();
  });
});

describe("the session", () => {
  it("ends on any 401: back to sign-in with a message, then to the same view", async () => {
    let expired = false;
    fakeApi(
      standardRoutes({
        "/api/v1/auth/me": () => (expired ? notSignedIn() : ok(ADMIN)),
        "/api/v1/plants/top": (url) =>
          expired ? notSignedIn() : ok(url.searchParams.get("state") ? { ...US_TOP, state: "TX" } : US_TOP),
        "/api/v1/auth/session": () => {
          expired = false;
          return ok({ username: "ada", role: "admin", expires_in: 3600 });
        },
      }),
    );
    open("/?n=2");
    await waitFor(() => expect(plantNames()).toEqual(["Palo Verde", "Browns Ferry"]));

    expired = true;
    const user = userEvent.setup();
    await user.selectOptions(screen.getByLabelText("State"), "TX");
    expect(await screen.findByRole("heading", { name: "Sign in" })).toBeInTheDocument();
    expect(screen.getByRole("status")).toHaveTextContent(/^Your session ended; sign in again$/);
    expect(window.location.search).toBe("?state=TX&n=2");

    await signIn("ada", "correct horse");
    await waitFor(() => expect(plantNames()).toEqual(["Palo Verde", "Browns Ferry"]));
    expect(window.location.search).toBe("?state=TX&n=2");
    expect(screen.getByLabelText("State")).toHaveValue("TX");
  });

  it("signs out: the session is closed and the sign-in page shows at /", async () => {
    const { api } = signInServer();
    open("/?state=TX&n=3");
    await signIn("ada", "correct horse");
    await waitFor(() => expect(plantNames()).toHaveLength(3));

    await userEvent.setup().click(screen.getByRole("button", { name: "Sign out" }));
    expect(await screen.findByRole("heading", { name: "Sign in" })).toBeInTheDocument();
    expect(api.callsTo("/api/v1/auth/session", "DELETE")).toHaveLength(1);
    expect(window.location.pathname + window.location.search).toBe("/");
    expect(screen.getByRole("status")).toHaveTextContent("You signed out.");
    expect(screen.queryByRole("table", { name: "Top plants" })).not.toBeInTheDocument();
  });
});

describe("roles", () => {
  it("gives admins Upload, Users and Activity links in the header, and everyone API tokens", async () => {
    fakeApi(standardRoutes());
    open("/");
    const nav = await screen.findByRole("navigation", { name: "Main" });
    expect(
      within(nav)
        .getAllByRole("link")
        .map((a) => [a.textContent, a.getAttribute("href")]),
    ).toEqual([
      ["Plants", "/"],
      ["Upload", "/upload"],
      ["Users", "/users"],
      ["Activity", "/activity"],
      ["API tokens", "/tokens"],
      ["API docs", "/docs"],
    ]);
  });

  it("hides Upload from viewers, and the upload page tells them it is for admins", async () => {
    fakeApi(standardRoutes({ "/api/v1/auth/me": () => ok(VIEWER) }));
    open("/upload");
    expect(await screen.findByRole("heading", { name: "Only admins can upload" })).toBeInTheDocument();
    const nav = screen.getByRole("navigation", { name: "Main" });
    expect(within(nav).queryByRole("link", { name: "Upload" })).not.toBeInTheDocument();
    expect(within(masthead()).getByText("viewer")).toBeInTheDocument();
    expect(screen.queryByLabelText("Choose a CSV file")).not.toBeInTheDocument();
  });
});
