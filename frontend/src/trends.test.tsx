import { screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { beforeEach, describe, expect, it } from "vitest";
import { csvFilename } from "./lib/exportCsv";
import { App } from "./App";
import type { TopPlants } from "./lib/api";
import { fakeApi, ok, problem, standardRoutes, THREE_YEARS, TX_HISTORY, TX_TOP } from "./test/fakeApi";
import { renderWithQuery } from "./test/render";

function open(search: string) {
  window.history.replaceState(null, "", `/${search}`);
  return renderWithQuery(<App />);
}

/** Each body row's cells as text, header cells included. */
function bodyRows(table: HTMLElement): string[][] {
  const [, body] = within(table).getAllByRole("rowgroup");
  return within(body!)
    .queryAllByRole("row")
    .map((row) => [...row.querySelectorAll("th, td")].map((cell) => cell.textContent ?? ""));
}

const threeYears = (overrides = {}) => standardRoutes({ "/api/v1/years": () => ok(THREE_YEARS), ...overrides });

/** CA 2023 with GEN22 loaded: Pastoria Energy Facility was 11th in 2022 (README facts); the rest made up. */
const CA_TOP: TopPlants = {
  year: 2023,
  state: "CA",
  fuel: null,
  previous_year: 2022,
  total_net_generation_mwh: 216_080_235.825,
  plants: [
    {
      rank: 3,
      plant_id: 286,
      name: "Geysers Unit 5-20",
      state: "CA",
      net_generation_mwh: 5_000_000,
      nameplate_mw: 1000,
      generators: 10,
      primary_fuel: "GEO",
      share: 0.023,
      previous: { year: 2022, rank: 3, net_generation_mwh: 5_000_000 },
      location: null,
    },
    {
      rank: 4,
      plant_id: 55656,
      name: "Pastoria Energy Facility",
      state: "CA",
      net_generation_mwh: 4_500_000,
      nameplate_mw: 750,
      generators: 3,
      primary_fuel: "NG",
      share: 0.0208,
      previous: { year: 2022, rank: 11, net_generation_mwh: 3_000_000 },
      location: null,
    },
    {
      rank: 5,
      plant_id: 55333,
      name: "Delta Energy Center",
      state: "CA",
      net_generation_mwh: 4_400_000,
      nameplate_mw: 880,
      generators: 4,
      primary_fuel: "NG",
      share: 0.0204,
      previous: { year: 2022, rank: 4, net_generation_mwh: 4_840_000 },
      location: null,
    },
    {
      rank: 6,
      plant_id: 70000,
      name: "Brand New Solar",
      state: "CA",
      net_generation_mwh: 900_000,
      nameplate_mw: 300,
      generators: 1,
      primary_fuel: "SUN",
      share: 0.0042,
      previous: null,
      location: null,
    },
  ],
};

describe("the trend panel", () => {
  beforeEach(() => {
    fakeApi(threeYears());
  });

  it("shows every loaded year's total for the chosen state, with the change", async () => {
    open("?state=TX");
    const figures = await screen.findByRole("table", { name: "Net generation by year" });
    expect(bodyRows(figures)).toEqual([
      ["2021", "684", "481,398,471", "\u2014"],
      ["2022", "754", "521,881,122", "+40,482,651 (+8.4%)"],
      ["2023", "824", "542,598,584", "+20,717,462 (+4.0%)"],
    ]);
    expect(screen.getByText("Net generation of Texas by year and fuel")).toBeInTheDocument();
  });

  it("draws a stacked bar per year and shows its figures on hover", async () => {
    const user = userEvent.setup();
    const { container } = open("?state=TX");
    const year2021 = await screen.findByRole("img", { name: "2021: 481,398,471 MWh from 684 plants" });
    expect(container.querySelectorAll(".trend-year")).toHaveLength(3);
    // 2023 has four categories, storage below zero.
    expect(container.querySelectorAll(".trend-year")[2]!.querySelectorAll("rect.bar")).toHaveLength(4);
    await user.hover(year2021);
    const tooltip = screen.getByRole("tooltip");
    expect(tooltip).toHaveTextContent("2021");
    expect(tooltip).toHaveTextContent("Total 481,398,471 MWh · 684 plants");
    expect(tooltip).toHaveTextContent("Coal 100,000,000");
    expect(tooltip).toHaveTextContent("Natural gas 250,000,000");
    expect(tooltip).toHaveTextContent("Wind 131,398,471");
    expect(screen.getByRole("list", { name: "Bar colours by fuel category" })).toHaveTextContent(
      "CoalNatural gasWindBattery storage",
    );
  });

  it("shows its own error with Retry, and the table stays", async () => {
    const user = userEvent.setup();
    let failures = 1;
    fakeApi(
      threeYears({
        "/api/v1/states/{code}/history": () =>
          failures-- > 0 ? problem(503, "Service Unavailable", "The database is not reachable.") : ok(TX_HISTORY),
      }),
    );
    open("?state=TX");
    const trend = await screen.findByRole("region", { name: "Trend" });
    const alert = await within(trend).findByRole("alert");
    expect(alert).toHaveTextContent("The database is not reachable.");
    expect(screen.getByRole("table", { name: "Top plants" })).toBeInTheDocument();
    await user.click(within(alert).getByRole("button", { name: "Retry" }));
    expect(await within(trend).findByRole("table", { name: "Net generation by year" })).toBeInTheDocument();
    expect(within(trend).queryByRole("alert")).not.toBeInTheDocument();
  });

  it("says trends need more years when one is loaded", async () => {
    fakeApi(standardRoutes());
    open("");
    expect(
      await screen.findByText(/^Trends need more years: only eGRID 2023 is loaded\./, { selector: "[role=status]" }),
    ).toBeInTheDocument();
    expect(screen.queryByRole("table", { name: "Net generation by year" })).not.toBeInTheDocument();
  });
});

describe("the Fuel control", () => {
  it("lists All fuels first, then the API's categories, and filters the table and the trend", async () => {
    const user = userEvent.setup();
    const api = fakeApi(threeYears());
    open("?state=TX");
    const fuel = await screen.findByRole("combobox", { name: "Fuel" });
    await waitFor(() => expect(within(fuel).getAllByRole("option")).toHaveLength(13));
    const options = within(fuel).getAllByRole("option") as HTMLOptionElement[];
    expect(options.slice(0, 4).map((o) => [o.textContent, o.value])).toEqual([
      ["All fuels", ""],
      ["Coal", "coal"],
      ["Oil", "oil"],
      ["Natural gas", "gas"],
    ]);

    await user.selectOptions(fuel, "wind");
    expect(window.location.search).toBe("?state=TX&fuel=wind");
    await waitFor(() => expect(api.topRequests().at(-1)?.searchParams.get("fuel")).toBe("wind"));
    await waitFor(() =>
      expect(api.callsTo("/api/v1/states/TX/history").at(-1)?.url.searchParams.get("fuel")).toBe("wind"),
    );
    await waitFor(() =>
      expect(bodyRows(screen.getByRole("table", { name: "Net generation by year" }))[0]).toEqual([
        "2021",
        "200",
        "131,398,471",
        "\u2014",
      ]),
    );
    expect(screen.getByText("Net generation of wind plants in Texas by year")).toBeInTheDocument();
    // The headline counts the wind plants of the year on screen (2023), from the trend.
    const summary = screen.getByText("Texas wind net generation, 2023").closest("dl")!;
    await waitFor(() => expect(within(summary).getByText("Plants").nextElementSibling).toHaveTextContent("240"));
    expect(document.title).toBe("Texas · Wind · top 10 plants · gridlens");
  });

  it("names the fuel in the exported file", () => {
    expect(csvFilename({ ...TX_TOP, fuel: "solar" }, 25)).toBe("gridlens-top-25-TX-solar-2023.csv");
    expect(csvFilename(TX_TOP, 25)).toBe("gridlens-top-25-TX-2023.csv");
  });

  it("restores the fuel from the URL", async () => {
    const api = fakeApi(threeYears());
    open("?state=TX&fuel=solar");
    expect(await screen.findByRole("combobox", { name: "Fuel" })).toHaveValue("solar");
    await waitFor(() => expect(api.topRequests().at(-1)?.searchParams.get("fuel")).toBe("solar"));
  });
});

describe("the vs previous year column", () => {
  it("tells the rank movement in text and the change in MWh and %", async () => {
    fakeApi(threeYears({ "/api/v1/plants/top": () => ok(CA_TOP) }));
    open("?state=CA");
    const table = await screen.findByRole("table", { name: "Top plants" });
    await waitFor(() => expect(bodyRows(table)).toHaveLength(4));
    expect(screen.getByRole("columnheader", { name: "vs 2022" })).toBeInTheDocument();
    expect(bodyRows(table).map((row) => [row[1], row[8]])).toEqual([
      ["Geysers Unit 5-20", "= \u00b10 (\u00b10.00%)"],
      ["Pastoria Energy Facility", "\u25b27 +1,500,000 (+50.0%)"],
      ["Delta Energy Center", "\u25bc1 \u2212440,000 (\u22129.1%)"],
      ["Brand New Solar", "new"],
    ]);
    expect(screen.getByText("\u25b27")).toHaveAttribute("title", "11th in 2022");
  });

  it("is left out when no earlier year is loaded", async () => {
    fakeApi(standardRoutes());
    open("?state=TX");
    await waitFor(() => expect(bodyRows(screen.getByRole("table", { name: "Top plants" }))).toHaveLength(3));
    expect(bodyRows(screen.getByRole("table", { name: "Top plants" }))[0]).toHaveLength(8);
    expect(screen.queryByRole("columnheader", { name: /^vs / })).not.toBeInTheDocument();
    expect(TX_TOP.previous_year).toBeNull();
  });
});

describe("Find a plant", () => {
  beforeEach(() => {
    fakeApi(threeYears());
  });

  it("suggests plants as you type; arrows move, Enter opens the highlighted one", async () => {
    const user = userEvent.setup();
    open("");
    const box = await screen.findByRole("combobox", { name: "Find a plant" });
    await user.type(box, "palo");
    const list = await screen.findByRole("listbox", { name: "Suggestions" });
    await waitFor(() => expect(within(list).getAllByRole("option")).toHaveLength(3));
    expect(box).toHaveAttribute("aria-expanded", "true");
    expect(within(list).getAllByRole("option")[0]).toHaveTextContent("Palo VerdeAZ · ORISPL 6008 · 31,522,590 MWh");

    await user.keyboard("{ArrowDown}{ArrowDown}");
    const second = within(list).getAllByRole("option")[1]!;
    expect(second).toHaveAttribute("aria-selected", "true");
    expect(box).toHaveAttribute("aria-activedescendant", second.id);
    await user.keyboard("{ArrowUp}{ArrowUp}");
    expect(within(list).getAllByRole("option")[2]).toHaveAttribute("aria-selected", "true");

    await user.keyboard("{Escape}");
    expect(box).toHaveAttribute("aria-expanded", "false");
    expect(box).toHaveValue("palo");
    await user.keyboard("{Escape}");
    expect(box).toHaveValue("");
  });

  it("typing and Enter opens the first match with its history across the years", async () => {
    const user = userEvent.setup();
    open("");
    const box = await screen.findByRole("combobox", { name: "Find a plant" });
    await user.type(box, "palo{Enter}");
    await waitFor(() => expect(window.location.search).toBe("?plant=6008"));
    expect(box).toHaveValue("");
    const history = await screen.findByRole("table", { name: "Plant history" });
    await waitFor(() =>
      expect(bodyRows(history)).toEqual([
        ["2021", "31,629,861", "1", "1"],
        ["2022", "31,942,794", "1", "1"],
        ["2023", "31,522,590", "1", "1"],
      ]),
    );
    expect(await screen.findByRole("heading", { name: "Generators at Palo Verde" })).toBeInTheDocument();
    expect(
      screen.getByRole("img", { name: /^Net generation of Palo Verde, 2021\u20132023, in MWh/ }),
    ).toBeInTheDocument();
  });

  it("clicking a suggestion opens it", async () => {
    const user = userEvent.setup();
    open("");
    await user.type(await screen.findByRole("combobox", { name: "Find a plant" }), "paloma");
    await user.click(await screen.findByRole("option", { name: /El Paloma/ }));
    expect(window.location.search).toBe("?plant=56000");
  });

  it("says when nothing matches", async () => {
    const user = userEvent.setup();
    open("");
    const box = await screen.findByRole("combobox", { name: "Find a plant" });
    await user.type(box, "zzz");
    await waitFor(() => expect(box).toHaveAccessibleDescription("No plant matches \u201czzz\u201d."));
    expect(box).toHaveAttribute("aria-expanded", "false");
  });
});

describe("the masthead", () => {
  it("names the year on screen", async () => {
    fakeApi(threeYears());
    open("?year=2021");
    expect(
      await screen.findByText("U.S. power plants ranked by annual net generation, from EPA's eGRID 2021"),
    ).toBeInTheDocument();
  });

  it("names the loaded years off the main view", async () => {
    fakeApi(threeYears({ "/api/v1/ingestions": () => ok({ ingestions: [], total: 0 }) }));
    open("upload");
    expect(
      await screen.findByText("U.S. power plants ranked by annual net generation, from EPA's eGRID 2021\u20132023"),
    ).toBeInTheDocument();
  });

  it("names the latest year when none is chosen", async () => {
    fakeApi(threeYears());
    open("");
    expect(
      await screen.findByText("U.S. power plants ranked by annual net generation, from EPA's eGRID 2023"),
    ).toBeInTheDocument();
  });
});
