import { act, fireEvent, screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { describe, expect, it, vi } from "vitest";
import { App } from "../App";
import type { Ingestion } from "../lib/api";
import { fakeApi, notSignedIn, ok, problem, run, standardRoutes, type Route } from "../test/fakeApi";
import { fakeXhr } from "../test/fakeXhr";
import { renderWithQuery } from "../test/render";

const KEY = "uploads/2026/11/29/0123456789abcdef0123456789abcdef-gen19.csv";

function open(path: string) {
  window.history.replaceState(null, "", path);
  return renderWithQuery(<App />);
}

const csv = (name = "gen19.csv", bytes = 2048) => new File(["x".repeat(bytes)], name, { type: "text/csv" });

/** The ingestion routes: POST queues run `queuedId`; GET /{id} answers from `runs`, in order. */
function ingestionRoutes(options: { queuedId?: number; runs?: Ingestion[]; history?: Ingestion[] }) {
  const { queuedId = 7, runs = [], history = [] } = options;
  let polls = 0;
  const routes: Record<string, Route> = {
    "/api/v1/ingestions": (url, request) =>
      request.method === "POST"
        ? { status: 202, body: { id: queuedId, ids: [queuedId] } }
        : ok({
            total: history.length,
            limit: Number(url.searchParams.get("limit")),
            offset: Number(url.searchParams.get("offset")),
            ingestions: history,
          }),
    "/api/v1/ingestions/{ingestion_id}": (url) => {
      const id = Number(url.pathname.split("/").pop());
      const forId = runs.filter((r) => r.id === id);
      if (forId.length === 0) return problem(404, "Ingestion not found", `no ingestion run ${id}`);
      return ok(forId[Math.min(polls++, forId.length - 1)]);
    },
  };
  return routes;
}

const SUCCEEDED = run({
  id: 7,
  source: KEY,
  status: "succeeded",
  sha256: "9f2c",
  size_bytes: 2048,
  year: 2019,
  rows_read: 104,
  rows_loaded: 103,
  rows_rejected: 1,
  rows_skipped: 0,
  rejects: [{ line: 57, column: "GENNTAN", value: "abc", reason: "not a number" }],
  notes: ["1 row rejected"],
  duration_s: 0.42,
  started_at: "2026-11-29T00:30:01Z",
  finished_at: "2026-11-29T00:30:01Z",
});

const factValue = (region: HTMLElement, term: string) =>
  within(region).getByText(term, { selector: "dt" }).nextElementSibling?.textContent;

const tableRows = (table: HTMLElement) =>
  [...table.querySelectorAll("tbody tr")].map((row) => [...row.querySelectorAll("th, td")].map((c) => c.textContent));

describe("the Upload page", () => {
  it("uploads with a progress bar, queues the run and polls it every second to its outcome", async () => {
    vi.useFakeTimers({ shouldAdvanceTime: true });
    const user = userEvent.setup({ advanceTimers: vi.advanceTimersByTime });
    const xhr = fakeXhr();
    const api = fakeApi(
      standardRoutes(
        ingestionRoutes({
          runs: [
            run({ id: 7, source: KEY }),
            run({ id: 7, source: KEY, status: "running", rows_read: 60, started_at: "2026-11-29T00:30:01Z" }),
            SUCCEEDED,
          ],
        }),
      ),
    );
    open("/upload");
    await user.upload(await screen.findByLabelText("Choose a CSV file"), csv());

    const request = xhr.last();
    expect([request.method, request.url]).toEqual(["POST", "/api/v1/files"]);
    expect((request.body?.get("file") as File).name).toBe("gen19.csv");
    const progress = screen.getByRole("progressbar", { name: "Upload progress" });
    expect(progress).toHaveAttribute("value", "0");
    expect(screen.getByText("Uploading gen19.csv…")).toHaveAttribute("role", "status");

    act(() => request.progress(512, 2048));
    expect(progress).toHaveAttribute("value", "25");
    expect(screen.getByText("25%")).toBeInTheDocument();

    act(() => request.respond(201, { key: KEY, sha256: "9f2c", size: 2048 }));
    await waitFor(() => expect(window.location.search).toBe("?run=7"));
    expect(progress).toHaveAttribute("value", "100");
    expect(JSON.parse(api.callsTo("/api/v1/ingestions", "POST")[0]!.body)).toEqual({ key: KEY, force: false });
    expect(await screen.findByText("Uploaded and queued as run #7.")).toBeInTheDocument();

    const detail = await screen.findByRole("region", { name: "Run #7 · gen19.csv" });
    await waitFor(() =>
      expect(within(detail).getByText(/^Queued: waiting for the ingestion worker/)).toHaveAttribute("role", "status"),
    );
    const polls = () => api.callsTo("/api/v1/ingestions/7").length;
    expect(polls()).toBe(1);
    await act(() => vi.advanceTimersByTimeAsync(1000));
    expect(polls()).toBe(2);
    await waitFor(() => expect(within(detail).getByText("Running: reading and checking the rows.")).toBeVisible());
    expect(factValue(detail, "Rows read")).toBe("60");
    expect(within(detail).getByRole("progressbar", { name: "Ingestion progress" })).toBeInTheDocument();

    await act(() => vi.advanceTimersByTimeAsync(1000));
    await waitFor(() =>
      expect(within(detail).getByRole("status")).toHaveTextContent("Succeeded: eGRID 2019 is loaded from this file."),
    );
    expect(within(detail).getByText("Succeeded", { selector: ".status-badge" })).toBeInTheDocument();
    expect(
      ["Year", "Rows read", "Rows loaded", "Rejected", "Skipped", "Warnings", "Size", "Duration"].map((term) =>
        factValue(detail, term),
      ),
    ).toEqual(["2019", "104", "103", "1", "0", "0", "2.0 kB", "0.4 s"]);
    const rejects = within(detail).getByRole("table", { name: "Rejected rows" });
    expect([...rejects.querySelectorAll("thead th")].map((th) => th.textContent)).toEqual([
      "Line",
      "Column",
      "Value",
      "Reason",
    ]);
    expect(tableRows(rejects)).toEqual([["57", "GENNTAN", "abc", "not a number"]]);
    expect(within(detail).queryByRole("progressbar")).not.toBeInTheDocument();

    // Done: no more polling.
    await act(() => vi.advanceTimersByTimeAsync(3000));
    expect(polls()).toBe(3);
  });

  it.each([
    [400, "The file is empty", "empty.csv is empty"],
    [413, "The file is too large", "big.csv is larger than the 100 MB upload limit (GRIDLENS_UPLOAD_MAX_MB)"],
    [
      415,
      "Not a CSV file",
      "x.csv is an Excel workbook (.xlsx), not CSV: open it, select the GEN sheet and save it as CSV (or run `gridlens egrid fetch` for EPA's workbook)",
    ],
    [422, "Not an eGRID generator sheet", "not an eGRID generator sheet: missing required columns ORISPL, GENID"],
  ])("explains a %i refusal and queues nothing", async (status, title, detail) => {
    const xhr = fakeXhr();
    const api = fakeApi(standardRoutes(ingestionRoutes({})));
    open("/upload");
    await userEvent.setup().upload(await screen.findByLabelText("Choose a CSV file"), csv("x.csv"));
    act(() => xhr.last().respond(status, { type: "about:blank", title: "Refused", status, detail }));

    const alert = await screen.findByRole("alert");
    expect(alert.querySelector("strong")).toHaveTextContent(title);
    expect(alert.querySelector("p")).toHaveTextContent(detail);
    expect(screen.getByText("The upload was refused.")).toHaveAttribute("role", "status");
    expect(api.callsTo("/api/v1/ingestions", "POST")).toHaveLength(0);
    expect(window.location.search).toBe("");
    // Ready for the next file.
    expect(screen.getByLabelText("Choose a CSV file")).toBeEnabled();
  });

  it("takes a dropped file, and asks for one file at a time", async () => {
    const xhr = fakeXhr();
    fakeApi(standardRoutes(ingestionRoutes({})));
    open("/upload");
    const zone = (await screen.findByText("Drop a CSV file here, or")).parentElement!;
    const drag = (files: File[]) => ({ dataTransfer: { files, types: ["Files"], dropEffect: "none" } });

    fireEvent.dragOver(zone, drag([csv()]));
    expect(zone).toHaveClass("dragging");
    fireEvent.drop(zone, drag([csv("a.csv"), csv("b.csv")]));
    expect(zone).not.toHaveClass("dragging");
    expect(screen.getByRole("alert")).toHaveTextContent("Drop one CSV file at a time.");
    expect(xhr.all).toHaveLength(0);

    fireEvent.drop(zone, drag([csv("dropped.csv")]));
    await waitFor(() => expect(xhr.all).toHaveLength(1));
    expect((xhr.last().body?.get("file") as File).name).toBe("dropped.csv");
    expect(screen.getByText("Uploading dropped.csv…")).toBeInTheDocument();
    expect(screen.queryByText("Drop one CSV file at a time.")).not.toBeInTheDocument();
  });

  it("cancels an upload in flight", async () => {
    const xhr = fakeXhr();
    fakeApi(standardRoutes(ingestionRoutes({})));
    open("/upload");
    const user = userEvent.setup();
    await user.upload(await screen.findByLabelText("Choose a CSV file"), csv());
    await user.click(screen.getByRole("button", { name: "Cancel upload" }));
    expect(xhr.last().aborted).toBe(true);
    expect(await screen.findByText("Upload cancelled.")).toBeInTheDocument();
    expect(screen.queryByRole("alert")).not.toBeInTheDocument();
  });

  it("ends the session when the upload answers 401", async () => {
    const xhr = fakeXhr();
    fakeApi(standardRoutes(ingestionRoutes({})));
    open("/upload");
    await userEvent.setup().upload(await screen.findByLabelText("Choose a CSV file"), csv());
    act(() => xhr.last().respond(401, notSignedIn().body, { "WWW-Authenticate": "Bearer" }));
    expect(await screen.findByRole("heading", { name: "Sign in" })).toBeInTheDocument();
    expect(screen.getByRole("status")).toHaveTextContent("Your session ended; sign in again");
    expect(window.location.pathname).toBe("/upload");
  });

  it("shows a failed run's error prominently, and Replace anyway re-queues it with force", async () => {
    const error =
      `${KEY}: would replace 26,601 generators of 2019 with 103 (99.6% fewer, more than 10%); ` +
      "if the smaller file is right, ingest it again with --force";
    const api = fakeApi(
      standardRoutes(
        ingestionRoutes({
          queuedId: 8,
          runs: [
            run({
              id: 7,
              source: KEY,
              status: "failed",
              year: 2019,
              rows_read: 104,
              error,
              error_code: "shrink_refused",
              duration_s: 0.3,
            }),
            { ...SUCCEEDED, id: 8, force: true },
          ],
        }),
      ),
    );
    open("/upload?run=7");
    const detail = await screen.findByRole("region", { name: "Run #7 · gen19.csv" });
    const alert = await within(detail).findByRole("alert");
    expect(alert.querySelector("strong")).toHaveTextContent("The run failed");
    expect(alert.querySelector("p")).toHaveTextContent(error);
    expect(within(detail).getByRole("status")).toHaveTextContent("Failed: nothing stored changed.");

    await userEvent.setup().click(within(detail).getByRole("button", { name: "Replace anyway" }));
    await waitFor(() => expect(window.location.search).toBe("?run=8"));
    expect(JSON.parse(api.callsTo("/api/v1/ingestions", "POST")[0]!.body)).toEqual({ key: KEY, force: true });
    expect(await screen.findByRole("region", { name: "Run #8 · gen19.csv" })).toBeInTheDocument();
  });

  it("offers no Replace anyway for other failures, whatever their words", async () => {
    // The words of a shrink refusal with another code: the UI goes by the code alone.
    const error = "gen19.csv: would replace 26,601 generators of 2019 with 103; ingest it again with --force";
    fakeApi(
      standardRoutes(
        ingestionRoutes({
          runs: [run({ id: 7, status: "failed", error, error_code: "too_many_rejects" })],
        }),
      ),
    );
    open("/upload?run=7");
    expect(await screen.findByRole("alert")).toHaveTextContent(error);
    expect(screen.queryByRole("button", { name: "Replace anyway" })).not.toBeInTheDocument();
  });

  it("says a skipped run's year already holds this exact file", async () => {
    fakeApi(
      standardRoutes(
        ingestionRoutes({
          runs: [
            run({
              id: 9,
              status: "skipped",
              year: 2019,
              rows_read: 104,
              notes: ["2019 already holds this exact file (same SHA-256): nothing changed"],
            }),
          ],
        }),
      ),
    );
    open("/upload?run=9");
    const detail = await screen.findByRole("region", { name: "Run #9 · gen19.csv" });
    await waitFor(() =>
      expect(within(detail).getByRole("status")).toHaveTextContent(
        "Skipped: 2019 already holds this exact file (same SHA-256), so nothing changed.",
      ),
    );
    expect(within(detail).queryByRole("alert")).not.toBeInTheDocument();
  });

  it("lists the history newest first, and a row opens its run", async () => {
    const history = [
      SUCCEEDED,
      run({
        id: 3,
        source: "../shared/data/egrid/gen23.csv",
        status: "succeeded",
        year: 2023,
        rows_loaded: 26601,
        rows_rejected: 0,
        duration_s: 75.4,
        created_at: "2026-11-28T23:59:00Z",
      }),
    ];
    fakeApi(standardRoutes(ingestionRoutes({ history, runs: history })));
    open("/upload");
    const table = await screen.findByRole("table", { name: "Ingestion history" });
    expect([...table.querySelectorAll("thead th")].map((th) => th.textContent)).toEqual([
      "Run",
      "File",
      "Status",
      "Year",
      "Rows loaded",
      "Rejected",
      "When",
      "Duration",
    ]);
    expect(tableRows(table)).toEqual([
      ["#7", "gen19.csv", "Succeeded", "2019", "103", "1", "Nov 29, 2026, 12:30 AM", "0.4 s"],
      ["#3", "gen23.csv", "Succeeded", "2023", "26,601", "0", "Nov 28, 2026, 11:59 PM", "1 min 15 s"],
    ]);
    expect(screen.getByText("Runs 1–2 of 2, newest first")).toBeInTheDocument();

    await userEvent.setup().click(within(table).getByRole("link", { name: "#3" }));
    expect(window.location.search).toBe("?run=3");
    expect(await screen.findByRole("region", { name: "Run #3 · gen23.csv" })).toBeInTheDocument();
    expect(within(table).getByRole("link", { name: "#3" })).toHaveAttribute("aria-current", "true");
  });

  it("after a run succeeds, the plants view asks for the data again", async () => {
    const api = fakeApi(standardRoutes(ingestionRoutes({ runs: [SUCCEEDED] })));
    open("/upload?run=7");
    const detail = await screen.findByRole("region", { name: "Run #7 · gen19.csv" });
    await waitFor(() => expect(within(detail).getByText("Succeeded", { selector: ".status-badge" })).toBeVisible());
    const yearsAsked = api.callsTo("/api/v1/years").length;
    expect(yearsAsked).toBe(1); // the header's; not again yet (the API's cache may lag a second)

    await userEvent.setup().click(screen.getByRole("link", { name: "Plants" }));
    await waitFor(() => expect(api.callsTo("/api/v1/years")).toHaveLength(2));
  });

  it("is reached from the main view's Upload link", async () => {
    fakeApi(standardRoutes(ingestionRoutes({})));
    open("/?state=TX");
    await userEvent.setup().click(await screen.findByRole("link", { name: "Upload" }));
    expect(window.location.pathname).toBe("/upload");
    expect(await screen.findByRole("heading", { name: "Upload a generator sheet" })).toBeInTheDocument();
    expect(screen.getByRole("link", { name: "Upload" })).toHaveAttribute("aria-current", "page");
    expect(document.title).toBe("Upload · gridlens");
    expect(await screen.findByText("No file has been ingested yet.")).toBeInTheDocument();
  });
});
