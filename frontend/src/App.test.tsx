import { act, screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { beforeEach, describe, expect, it, vi } from "vitest";
import { App } from "./App";
import { fakeApi, ok, problem, standardRoutes, TX_TOP, US_TOP, YEARS } from "./test/fakeApi";
import { renderWithQuery } from "./test/render";

function open(search: string) {
  window.history.replaceState(null, "", `/${search}`);
  return renderWithQuery(<App />);
}

const topTable = () => screen.getByRole("table", { name: "Top plants" });

/** Each body row's cells as text, header cells included. */
function bodyRows(table: HTMLElement): string[][] {
  const [, body] = within(table).getAllByRole("rowgroup");
  return within(body!)
    .queryAllByRole("row")
    .map((row) => [...row.querySelectorAll("th, td")].map((cell) => cell.textContent ?? ""));
}

async function rowsOnceLoaded(names: string[]) {
  await waitFor(() => expect(bodyRows(topTable()).map((row) => row[1])).toEqual(names));
  return bodyRows(topTable());
}

describe("the main view", () => {
  beforeEach(() => {
    fakeApi(standardRoutes());
  });

  it("restores Texas, 3 plants from the URL and reads the exact rows", async () => {
    const api = fakeApi(standardRoutes());
    open("?state=TX&n=3");
    const rows = await rowsOnceLoaded(["South Texas Project", "Comanche Peak", "Oak Grove"]);
    expect(rows).toEqual([
      ["1", "South Texas Project", "6251", "TX", "Nuclear", "2,708.6", "21,787,144", "4.0%"],
      ["2", "Comanche Peak", "6145", "TX", "Nuclear", "2,430.0", "18,892,726", "3.5%"],
      ["3", "Oak Grove", "6180", "TX", "Coal (lignite)", "1,795.4", "12,011,783", "2.2%"],
    ]);
    expect(api.topRequests().at(-1)?.search).toBe("?n=3&state=TX");
    expect(screen.getByLabelText("State")).toHaveValue("TX");
    expect(screen.getByLabelText("Number of plants")).toHaveValue(3);
    expect(screen.getByRole("columnheader", { name: "Share (of TX total)" })).toBeInTheDocument();
  });

  it("lists All states first, then each loaded state as Name (CODE)", async () => {
    open("");
    const select = await screen.findByRole("combobox", { name: "State" });
    await waitFor(() => expect(within(select).getAllByRole("option")).toHaveLength(5));
    const options = within(select).getAllByRole("option") as HTMLOptionElement[];
    expect(options.map((o) => [o.textContent, o.value])).toEqual([
      ["All states", ""],
      ["Arizona (AZ)", "AZ"],
      ["California (CA)", "CA"],
      ["District of Columbia (DC)", "DC"],
      ["Texas (TX)", "TX"],
    ]);
  });

  it("shows the national ranking by default with shares of the U.S. total", async () => {
    open("");
    const rows = await rowsOnceLoaded(["Palo Verde", "Browns Ferry"]);
    expect(rows[0]).toEqual(["1", "Palo Verde", "6008", "AZ", "Nuclear", "4,209.6", "31,522,590", "0.75%"]);
    expect(screen.getByRole("columnheader", { name: "Share (of U.S. total)" })).toBeInTheDocument();
    expect(screen.getByText("4,188,971,343")).toBeInTheDocument();
  });

  it("puts a chosen state in the URL, and Back restores the previous view", async () => {
    const user = userEvent.setup();
    open("");
    await rowsOnceLoaded(["Palo Verde", "Browns Ferry"]);
    await user.selectOptions(screen.getByLabelText("State"), "TX");
    expect(window.location.search).toBe("?state=TX");
    await rowsOnceLoaded(["South Texas Project", "Comanche Peak", "Oak Grove"]);

    await act(async () => {
      window.history.back();
      await new Promise((resolve) => window.addEventListener("popstate", resolve, { once: true }));
    });
    expect(window.location.search).toBe("");
    expect(screen.getByLabelText("State")).toHaveValue("");
    await rowsOnceLoaded(["Palo Verde", "Browns Ferry"]);

    await act(async () => {
      window.history.forward();
      await new Promise((resolve) => window.addEventListener("popstate", resolve, { once: true }));
    });
    expect(screen.getByLabelText("State")).toHaveValue("TX");
    await rowsOnceLoaded(["South Texas Project", "Comanche Peak", "Oak Grove"]);
  });

  it("sends a typed number of plants to the URL and the API", async () => {
    const user = userEvent.setup();
    const api = fakeApi(standardRoutes());
    open("?state=TX");
    await rowsOnceLoaded(["South Texas Project", "Comanche Peak", "Oak Grove"]);
    const input = screen.getByLabelText("Number of plants");
    await user.clear(input);
    await user.type(input, "2");
    expect(window.location.search).toBe("?state=TX&n=2");
    await rowsOnceLoaded(["South Texas Project", "Comanche Peak"]);
    expect(api.topRequests().at(-1)?.searchParams.get("n")).toBe("2");
  });

  it.each(["0", "1001"])("explains the range for %s and keeps the last valid result", async (typed) => {
    const user = userEvent.setup();
    const api = fakeApi(standardRoutes());
    open("?state=TX&n=3");
    await rowsOnceLoaded(["South Texas Project", "Comanche Peak", "Oak Grove"]);
    const before = api.topRequests().length;
    const input = screen.getByLabelText("Number of plants");
    await user.clear(input);
    expect(input).toHaveAccessibleDescription("Enter a number of plants from 1 to 1,000.");
    await user.paste(typed);
    expect(input).toHaveAttribute("aria-invalid", "true");
    expect(input).toHaveAccessibleDescription(
      "Number of plants must be from 1 to 1,000; showing the last valid choice.",
    );
    expect(window.location.search).toBe("?state=TX&n=3");
    expect(api.topRequests().length).toBe(before);
    expect(bodyRows(topTable())).toHaveLength(3);
  });

  it("shows negative generation as negative", async () => {
    fakeApi(
      standardRoutes({
        "/api/v1/plants/top": () =>
          ok({
            ...TX_TOP,
            plants: [
              {
                rank: 1,
                plant_id: 61000,
                name: "Battery Park",
                state: "TX",
                net_generation_mwh: -1234.4,
                nameplate_mw: 100,
                generators: 1,
                primary_fuel: "MWH",
                share: -0.0123,
              },
            ],
          }),
      }),
    );
    open("?state=TX&n=1");
    const [row] = await rowsOnceLoaded(["Battery Park"]);
    expect(row).toEqual(["1", "Battery Park", "61000", "TX", "Battery storage", "100.0", "\u22121,234", "\u22121.2%"]);
  });

  it("opens a plant's generators and puts the plant in the URL", async () => {
    const user = userEvent.setup();
    open("");
    await rowsOnceLoaded(["Palo Verde", "Browns Ferry"]);
    await user.click(screen.getByRole("button", { name: "Palo Verde" }));
    expect(window.location.search).toBe("?plant=6008");
    const generators = await screen.findByRole("table", { name: "Generators" });
    await waitFor(() => expect(bodyRows(generators)).toHaveLength(3));
    expect(bodyRows(generators)[0]).toEqual([
      "1",
      "Operating",
      "Steam turbine",
      "Nuclear",
      "1,403.2",
      "85.5%",
      "10,507,530",
      "1986",
    ]);
    expect(screen.getByRole("heading", { name: "Generators at Palo Verde" })).toHaveFocus();
    expect(screen.getByRole("button", { name: "Palo Verde" })).toHaveAttribute("aria-expanded", "true");

    await user.keyboard("{Escape}");
    expect(window.location.search).toBe("");
    expect(screen.queryByRole("table", { name: "Generators" })).not.toBeInTheDocument();
  });

  it("exports the current result as CSV with raw numbers and defused text", async () => {
    const user = userEvent.setup();
    const blobs: Blob[] = [];
    vi.spyOn(URL, "createObjectURL").mockImplementation((blob) => {
      blobs.push(blob as Blob);
      return "blob:fake";
    });
    vi.spyOn(URL, "revokeObjectURL").mockImplementation(() => undefined);
    const clicked: HTMLAnchorElement[] = [];
    vi.spyOn(HTMLAnchorElement.prototype, "click").mockImplementation(function (this: HTMLAnchorElement) {
      clicked.push(this);
    });
    fakeApi(
      standardRoutes({
        "/api/v1/plants/top": () =>
          ok({
            ...TX_TOP,
            plants: [
              TX_TOP.plants[0],
              { ...TX_TOP.plants[1], name: '=HYPERLINK("x")', net_generation_mwh: -5.5, share: null },
            ],
          }),
      }),
    );
    open("?state=TX&n=2");
    await rowsOnceLoaded(["South Texas Project", '=HYPERLINK("x")']);
    await user.click(screen.getByRole("button", { name: "Export CSV" }));

    expect(clicked[0]?.download).toBe("gridlens-top-2-TX-2023.csv");
    expect(await blobs[0]?.text()).toBe(
      "rank,plant_id,plant_name,state,primary_fuel,primary_fuel_label,nameplate_mw,net_generation_mwh,share,year\r\n" +
        "1,6251,South Texas Project,TX,NUC,Nuclear,2708.6,21787144,0.040153337,2023\r\n" +
        `2,6145,"'=HYPERLINK(""x"")",TX,NUC,Nuclear,2430,-5.5,,2023\r\n`,
    );
  });

  it("says how to load data when none is loaded", async () => {
    fakeApi(
      standardRoutes({
        "/api/v1/years": () => ok({ years: [], latest: null }),
        "/api/v1/states": () => problem(404, "No data", "No eGRID data is loaded. Run `gridlens ingest FILE`."),
        "/api/v1/plants/top": () => problem(404, "No data", "No eGRID data is loaded. Run `gridlens ingest FILE`."),
      }),
    );
    open("");
    expect(await screen.findByRole("heading", { name: "No eGRID data is loaded yet" })).toBeInTheDocument();
    expect(screen.getByText("gridlens ingest path/to/gen23.csv")).toBeInTheDocument();
    expect(screen.queryByRole("table", { name: "Top plants" })).not.toBeInTheDocument();
  });

  it("shows an error banner, and Retry loads the result", async () => {
    const user = userEvent.setup();
    let failures = 1;
    fakeApi(
      standardRoutes({
        "/api/v1/plants/top": () =>
          failures-- > 0 ? problem(503, "Service Unavailable", "The database is not reachable.") : ok(US_TOP),
      }),
    );
    open("");
    const alert = await screen.findByRole("alert");
    expect(alert).toHaveTextContent("Service Unavailable");
    expect(alert).toHaveTextContent("The database is not reachable.");
    await user.click(within(alert).getByRole("button", { name: "Retry" }));
    await rowsOnceLoaded(["Palo Verde", "Browns Ferry"]);
    expect(screen.queryByRole("alert")).not.toBeInTheDocument();
  });

  it("shows the API's problem for a state it does not know", async () => {
    open("?state=ZZ");
    expect(await screen.findByRole("alert")).toHaveTextContent("Unknown state 'ZZ'.");
  });

  it("says so when a choice matches no plants", async () => {
    fakeApi(
      standardRoutes({
        "/api/v1/plants/top": () => ok({ ...TX_TOP, state: "DC", plants: [], total_net_generation_mwh: 0 }),
      }),
    );
    open("?state=DC");
    expect(await screen.findByText("No plants with generation data in District of Columbia for 2023.")).toHaveAttribute(
      "role",
      "status",
    );
  });

  it("shows loading skeletons until the result arrives", async () => {
    let release: () => void = () => undefined;
    const gate = new Promise<void>((resolve) => (release = resolve));
    fakeApi(standardRoutes({ "/api/v1/plants/top": async () => (await gate, ok(US_TOP)) }));
    open("");
    const table = await screen.findByRole("table", { name: "Top plants" });
    expect(table).toHaveAttribute("aria-busy", "true");
    expect(table.querySelectorAll(".skeleton-row")).toHaveLength(10);
    release();
    await rowsOnceLoaded(["Palo Verde", "Browns Ferry"]);
    expect(table).toHaveAttribute("aria-busy", "false");
  });

  it("offers a Year control only when more than one year is loaded, latest first", async () => {
    const user = userEvent.setup();
    const api = fakeApi(
      standardRoutes({
        "/api/v1/years": () =>
          ok({ years: [YEARS.years[0], { ...YEARS.years[0], year: 2022, plants: 11973 }], latest: 2023 }),
      }),
    );
    open("?state=TX");
    const year = await screen.findByRole("combobox", { name: "Year" });
    expect(year).toHaveValue("2023");
    await user.selectOptions(year, "2022");
    expect(window.location.search).toBe("?state=TX&year=2022");
    await waitFor(() => expect(api.topRequests().at(-1)?.searchParams.get("year")).toBe("2022"));
  });

  it("has no Year control with one year loaded", async () => {
    open("");
    await rowsOnceLoaded(["Palo Verde", "Browns Ferry"]);
    expect(screen.queryByRole("combobox", { name: "Year" })).not.toBeInTheDocument();
  });

  it("selects a state when it is clicked on the map", async () => {
    const user = userEvent.setup();
    open("");
    const california = await screen.findByRole("button", { name: /^California: 216,080,236 MWh/ });
    await user.click(california);
    expect(window.location.search).toBe("?state=CA");
    expect(screen.getByLabelText("State")).toHaveValue("CA");
    expect(california).toHaveAttribute("aria-pressed", "true");
  });
});
