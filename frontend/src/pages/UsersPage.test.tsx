import { screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { describe, expect, it } from "vitest";
import { App } from "../App";
import type { User } from "../lib/api";
import { fakeApi, ok, problem, standardRoutes, VIEWER } from "../test/fakeApi";
import { renderWithQuery } from "../test/render";

/** The page is loaded lazily; its first load can take seconds on a busy machine. */
const LAZY = { timeout: 10_000 };

const USERS: User[] = [
  {
    username: "ada",
    role: "admin",
    disabled: false,
    created_at: "2026-12-01T09:00:00Z",
    last_sign_in_at: "2026-12-04T15:00:00Z",
    signs_in_with: "password",
  },
  {
    username: "vic",
    role: "viewer",
    disabled: true,
    created_at: "2026-12-02T09:00:00Z",
    last_sign_in_at: null,
    signs_in_with: "password",
  },
];

function open(path = "/users") {
  window.history.replaceState(null, "", path);
  return renderWithQuery(<App />);
}

const rows = (table: HTMLElement) =>
  [...table.querySelectorAll("tbody tr")].map((row) =>
    [...row.querySelectorAll("th, td")].slice(0, 5).map((c) => c.textContent),
  );

describe("the Users page", { timeout: 30_000 }, () => {
  it("lists users with role, sign-in method, last sign-in and status", async () => {
    fakeApi(standardRoutes({ "/api/v1/users": () => ok(USERS) }));
    open();
    const table = await screen.findByRole("table", { name: "Users" }, LAZY);
    expect(rows(table)).toEqual([
      ["ada (you)", "admin", "password", expect.stringContaining("2026"), "active"],
      ["vic", "viewer", "password", "never", "disabled"],
    ]);
    expect(document.title).toBe("Users · gridlens");
  });

  it("adds a user, changes a role and enables a user through the API", async () => {
    const user = userEvent.setup();
    const api = fakeApi(
      standardRoutes({
        "/api/v1/users": (_, request) =>
          request.method === "POST" ? { status: 201, body: { ...USERS[1], username: "zoe" } } : ok(USERS),
        "/api/v1/users/{username}/role": () => ok({ ...USERS[1], role: "admin" }),
        "/api/v1/users/{username}/enable": () => ok({ ...USERS[1], disabled: false }),
      }),
    );
    open();
    await screen.findByRole("table", { name: "Users" }, LAZY);
    await user.type(screen.getByLabelText("Username"), "zoe");
    await user.type(screen.getByLabelText("Password"), "zoe-password-12");
    await user.selectOptions(screen.getByLabelText("Role"), "admin");
    await user.click(screen.getByRole("button", { name: "Add user" }));
    await waitFor(() => expect(api.callsTo("/api/v1/users", "POST")).toHaveLength(1));
    expect(JSON.parse(api.callsTo("/api/v1/users", "POST")[0]?.body ?? "")).toEqual({
      username: "zoe",
      password: "zoe-password-12",
      role: "admin",
    });
    await waitFor(() => expect(screen.getByLabelText("Username")).toHaveValue(""));

    await user.click(screen.getByRole("button", { name: "Make vic admin" }));
    await waitFor(() => expect(api.callsTo("/api/v1/users/vic/role", "POST")).toHaveLength(1));
    expect(JSON.parse(api.callsTo("/api/v1/users/vic/role", "POST")[0]?.body ?? "")).toEqual({ role: "admin" });
    await user.click(screen.getByRole("button", { name: "Enable vic" }));
    await waitFor(() => expect(api.callsTo("/api/v1/users/vic/enable", "POST")).toHaveLength(1));
  });

  it("says why the last admin cannot be demoted", async () => {
    const user = userEvent.setup();
    fakeApi(
      standardRoutes({
        "/api/v1/users": () => ok(USERS),
        "/api/v1/users/{username}/role": () =>
          problem(
            409,
            "The last active admin must stay",
            "'ada' is the last active admin; make another user admin first",
          ),
      }),
    );
    open();
    await screen.findByRole("table", { name: "Users" }, LAZY);
    await user.click(screen.getByRole("button", { name: "Make ada viewer" }));
    const alert = await screen.findByRole("alert");
    expect(alert).toHaveTextContent("The last active admin must stay");
    expect(alert).toHaveTextContent("'ada' is the last active admin; make another user admin first");
    await user.click(within(alert).getByRole("button", { name: "Dismiss" }));
    expect(screen.queryByRole("alert")).toBeNull();
  });

  it("shows a reset password once", async () => {
    const user = userEvent.setup();
    fakeApi(
      standardRoutes({
        "/api/v1/users": () => ok(USERS),
        "/api/v1/users/{username}/password-reset": () => ok({ username: "vic", password: "N3w-pa55word-xyz" }),
      }),
    );
    open();
    await screen.findByRole("table", { name: "Users" }, LAZY);
    await user.click(screen.getByRole("button", { name: "Reset the password of vic" }));
    const shown = await screen.findByRole("status", { name: "New password" });
    expect(shown).toHaveTextContent("New password for vic, shown this once:");
    expect(within(shown).getByText("N3w-pa55word-xyz")).toBeInTheDocument();
  });

  it("tells a viewer it is for admins, without asking the API", async () => {
    const api = fakeApi(standardRoutes({ "/api/v1/auth/me": () => ok(VIEWER) }));
    open();
    expect(await screen.findByRole("heading", { name: "Only admins can manage users" }, LAZY)).toBeInTheDocument();
    expect(api.callsTo("/api/v1/users")).toHaveLength(0);
    expect(screen.queryByRole("link", { name: "Users" })).toBeNull();
    expect(screen.getByRole("link", { name: "API tokens" })).toBeInTheDocument();
  });
});
