import { render, screen } from "@testing-library/react";
import { describe, expect, it } from "vitest";
import type { TopPlant } from "../../lib/api";
import { fuelTable } from "../../lib/fuels";
import { FUELS } from "../../test/fakeApi";
import { niceTicks, PlantBarChart } from "./PlantBarChart";

const plant = (rank: number, mwh: number): TopPlant => ({
  rank,
  plant_id: 1000 + rank,
  name: `Plant ${rank}`,
  state: "TX",
  net_generation_mwh: mwh,
  nameplate_mw: 10,
  generators: 1,
  primary_fuel: rank % 2 ? "NG" : "MWH",
  share: null,
  previous: null,
  location: null,
});

const fuels = fuelTable(FUELS);

describe("PlantBarChart", () => {
  it("draws one bar per plant, up to 25, and says when it stops", () => {
    const plants = Array.from({ length: 30 }, (_, i) => plant(i + 1, 1000 - i));
    const { container } = render(
      <PlantBarChart fuels={fuels} plants={plants} openPlant={null} onOpenPlant={() => undefined} />,
    );
    expect(container.querySelectorAll("rect.bar")).toHaveLength(25);
    expect(
      screen.getByText("The chart shows the first 25 of 30 plants; the table lists them all."),
    ).toBeInTheDocument();
  });

  it("draws negative generation to the left of zero", () => {
    const { container } = render(
      <PlantBarChart
        fuels={fuels}
        plants={[plant(1, 500), plant(2, -250)]}
        openPlant={null}
        onOpenPlant={() => undefined}
      />,
    );
    const [positive, negative] = container.querySelectorAll<SVGRectElement>("rect.bar");
    const zero = Number(container.querySelector("line.zero")?.getAttribute("x1"));
    expect(Number(positive?.getAttribute("x"))).toBeCloseTo(zero);
    expect(Number(negative?.getAttribute("x")) + Number(negative?.getAttribute("width"))).toBeCloseTo(zero);
    expect(negative).toHaveClass("negative");
    expect(screen.getByText("\u2212250")).toBeInTheDocument();
  });

  it("labels its colours by fuel", () => {
    render(
      <PlantBarChart
        fuels={fuels}
        plants={[plant(1, 500), plant(2, -250)]}
        openPlant={null}
        onOpenPlant={() => undefined}
      />,
    );
    expect(screen.getByRole("list", { name: "Bar colours by primary fuel" })).toHaveTextContent(
      "Natural gasBattery storage",
    );
  });
});

describe("niceTicks", () => {
  it("picks round steps", () => {
    expect(niceTicks(0, 21_787_144, 4)).toEqual([0, 5e6, 10e6, 15e6, 20e6]);
    expect(niceTicks(-250, 500, 3)).toEqual([-200, 0, 200, 400]);
  });
});
