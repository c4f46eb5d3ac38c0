import { screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { describe, expect, it, vi } from "vitest";
import { App } from "../App";
import type { ApiToken } from "../lib/api";
import { fakeApi, noContent, ok, standardRoutes, VIEWER } from "../test/fakeApi";
import { renderWithQuery } from "../test/render";

/** The page is loaded lazily; its first load can take seconds on a busy machine. */
const LAZY = { timeout: 10_000 };

const TOKEN: ApiToken = {
  id: 4,
  name: "etl",
  prefix: "glp_Ab12Cd",
  created_at: "2026-12-01T09:00:00Z",
  expires_at: "2099-03-01T09:00:00Z",
  revoked_at: null,
  last_used_at: null,
};
const SECRET = "glp_Ab12Cdsecretsecretsecretsecretsecret12345";

function open() {
  window.history.replaceState(null, "", "/tokens");
  return renderWithQuery(<App />);
}

describe("the API tokens page", { timeout: 30_000 }, () => {
  it("creates a token with a name and expiry, shows its secret once with a copy button and curl", async () => {
    const user = userEvent.setup();
    const writeText = vi.fn(async () => undefined);
    Object.defineProperty(navigator, "clipboard", { value: { writeText }, configurable: true });
    let listed: ApiToken[] = [];
    const api = fakeApi(
      standardRoutes({
        "/api/v1/auth/me": () => ok(VIEWER),
        "/api/v1/auth/api-tokens": (_, request) => {
          if (request.method !== "POST") return ok(listed);
          listed = [TOKEN];
          return { status: 201, body: { ...TOKEN, token: SECRET } };
        },
      }),
    );
    open();
    expect(await screen.findByText("You have no API tokens.", {}, LAZY)).toBeInTheDocument();
    await user.type(screen.getByLabelText("Name"), "etl");
    await user.selectOptions(screen.getByLabelText("Expires after"), "1 year");
    await user.click(screen.getByRole("button", { name: "Create token" }));
    const shown = await screen.findByRole("status", { name: "New token" });
    expect(JSON.parse(api.callsTo("/api/v1/auth/api-tokens", "POST")[0]?.body ?? "")).toEqual({
      name: "etl",
      expires_in_days: 365,
    });
    expect(shown).toHaveTextContent("Copy it now: it is shown this once, never again.");
    expect(within(shown).getByText(SECRET)).toBeInTheDocument();
    expect(within(shown).getByText(/^curl /)).toHaveTextContent(
      `curl -H "Authorization: Bearer ${SECRET}" "http://localhost:3000/api/v1/plants/top?n=5"`,
    );
    await user.click(within(shown).getByRole("button", { name: "Copy" }));
    expect(writeText).toHaveBeenCalledWith(SECRET);
    expect(await within(shown).findByText("Copied")).toBeInTheDocument();
    const table = await screen.findByRole("table", { name: "Your API tokens" });
    expect([...table.querySelectorAll("tbody td")].map((c) => c.textContent)[0]).toBe("glp_Ab12Cd…");
  });

  it("revokes a token", async () => {
    const user = userEvent.setup();
    let listed: ApiToken[] = [TOKEN];
    const api = fakeApi(
      standardRoutes({
        "/api/v1/auth/api-tokens": () => ok(listed),
        "/api/v1/auth/api-tokens/{token_id}": () => {
          listed = [{ ...TOKEN, revoked_at: "2026-12-04T16:00:00Z" }];
          return noContent;
        },
      }),
    );
    open();
    await user.click(await screen.findByRole("button", { name: "Revoke etl" }, LAZY));
    await waitFor(() => expect(api.callsTo("/api/v1/auth/api-tokens/4", "DELETE")).toHaveLength(1));
    const table = screen.getByRole("table", { name: "Your API tokens" });
    await waitFor(() => expect(within(table).getByText("revoked")).toBeInTheDocument());
    expect(screen.queryByRole("button", { name: "Revoke etl" })).toBeNull();
  });
});
