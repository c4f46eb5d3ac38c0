import { screen, waitFor } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { describe, expect, it } from "vitest";
import { App } from "../App";
import type { AuditEvent } from "../lib/api";
import { fakeApi, ok, standardRoutes, VIEWER } from "../test/fakeApi";
import { renderWithQuery } from "../test/render";

/** The page is loaded lazily; its first load can take seconds on a busy machine. */
const LAZY = { timeout: 10_000 };

const event = (id: number, fields: Partial<AuditEvent> = {}): AuditEvent => ({
  id,
  at: "2026-12-04T15:00:00Z",
  actor_id: 1,
  actor_name: "ada",
  action: "auth.sign_in",
  target: "ada",
  outcome: "success",
  client_address: "127.0.0.1",
  request_id: `rid-${id}`,
  detail: {},
  ...fields,
});

function open() {
  window.history.replaceState(null, "", "/activity");
  return renderWithQuery(<App />);
}

const firstCells = (table: HTMLElement) =>
  [...table.querySelectorAll("tbody tr")].map((row) =>
    [...row.querySelectorAll("th, td")].slice(1).map((c) => c.textContent),
  );

describe("the Activity page", { timeout: 30_000 }, () => {
  it("shows the trail newest first and pages to older events by keyset", async () => {
    const user = userEvent.setup();
    const api = fakeApi(
      standardRoutes({
        "/api/v1/audit": (url) =>
          url.searchParams.get("before") === "9"
            ? ok({ events: [event(8, { action: "user.added", target: "vic" })], next_before: null })
            : ok({ events: [event(10), event(9, { outcome: "failure", actor_id: null })], next_before: 9 }),
      }),
    );
    open();
    const table = await screen.findByRole("table", { name: "Activity" }, LAZY);
    expect(firstCells(table)).toEqual([
      ["ada", "auth.sign_in", "ada", "success", "127.0.0.1", "rid-10"],
      ["ada", "auth.sign_in", "ada", "failure", "127.0.0.1", "rid-9"],
    ]);
    expect(screen.getByRole("button", { name: "Newer" })).toBeDisabled();
    await user.click(screen.getByRole("button", { name: "Older" }));
    await waitFor(() =>
      expect(firstCells(table)).toEqual([["ada", "user.added", "vic", "success", "127.0.0.1", "rid-8"]]),
    );
    expect(screen.getByRole("button", { name: "Older" })).toBeDisabled();
    expect(api.callsTo("/api/v1/audit").map((c) => c.url.searchParams.get("before"))).toEqual([null, "9"]);
  });

  it("sends the filters as query parameters and starts again from the newest page", async () => {
    const user = userEvent.setup();
    const api = fakeApi(standardRoutes({ "/api/v1/audit": () => ok({ events: [], next_before: null }) }));
    open();
    expect(await screen.findByText("No events match.", {}, LAZY)).toBeInTheDocument();
    await user.type(screen.getByLabelText("Who"), "vic");
    await user.selectOptions(screen.getByLabelText("Action"), "token.created");
    await user.type(screen.getByLabelText("Target"), "token:4");
    await user.click(screen.getByRole("button", { name: "Filter" }));
    await waitFor(() => expect(api.callsTo("/api/v1/audit")).toHaveLength(2));
    const query = Object.fromEntries(api.callsTo("/api/v1/audit")[1]?.url.searchParams ?? []);
    expect(query).toEqual({ actor: "vic", action: "token.created", target: "token:4", limit: "50" });
  });

  it("tells a viewer it is for admins", async () => {
    const api = fakeApi(standardRoutes({ "/api/v1/auth/me": () => ok(VIEWER) }));
    open();
    expect(await screen.findByRole("heading", { name: "Only admins can see the activity" }, LAZY)).toBeInTheDocument();
    expect(api.callsTo("/api/v1/audit")).toHaveLength(0);
  });
});
