import { render, screen } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { describe, expect, it, vi } from "vitest";
import { FUELS, mapOf, TX_TOP } from "../../test/fakeApi";
import { fuelTable } from "../../lib/fuels";
import { zoomBox } from "../../lib/plantMap";
import { MapFooter } from "./MapFooter";
import { PlantDots } from "./PlantDots";

const WHOLE = zoomBox(null);
const fuels = fuelTable(FUELS);

describe("PlantDots", () => {
  it("numbers, outlines and lets you focus the top N; hover tells name, fuel and generation", async () => {
    const user = userEvent.setup();
    const { container } = render(
      <PlantDots
        map={mapOf(TX_TOP)}
        view={WHOLE}
        top={3}
        openPlant={null}
        onOpenPlant={() => undefined}
        fuels={fuels}
      />,
    );
    const dots = screen.getAllByRole("button");
    expect(dots.map((d) => d.getAttribute("aria-label"))).toEqual([
      "1. South Texas Project, Nuclear, 21,787,144 MWh",
      "2. Comanche Peak, Nuclear, 18,892,726 MWh",
    ]);
    expect(dots[0]).toHaveClass("dot", "ranked", "fuel-nuclear");
    expect([...container.querySelectorAll(".dot-numbers text")].map((t) => t.textContent)).toEqual(["1", "2"]);
    await user.hover(dots[1]!);
    expect(screen.getByRole("status")).toHaveTextContent("2. Comanche PeakNuclear18,892,726 MWh");
  });

  it("is one tab stop: arrow keys move in rank order, Enter or a click opens the plant", async () => {
    const user = userEvent.setup();
    const onOpenPlant = vi.fn();
    render(
      <PlantDots map={mapOf(TX_TOP)} view={WHOLE} top={3} openPlant={null} onOpenPlant={onOpenPlant} fuels={fuels} />,
    );
    await user.tab(); // one tab stop: the first dot
    expect(screen.getByRole("button", { name: /^1\. South Texas Project/ })).toHaveFocus();
    await user.keyboard("{ArrowRight}");
    expect(screen.getByRole("button", { name: /^2\. Comanche Peak/ })).toHaveFocus();
    await user.keyboard("{Enter}");
    expect(onOpenPlant).toHaveBeenLastCalledWith(6145);
    await user.click(screen.getByRole("button", { name: /^1\. South Texas Project/ }));
    expect(onOpenPlant).toHaveBeenLastCalledWith(6251);
  });

  it("keeps dots their size on screen when zoomed: radii scale with the view", () => {
    const { container } = render(
      <PlantDots
        map={mapOf(TX_TOP)}
        view={{ x: 0, y: 0, width: 975 / 4, height: 610 / 4 }}
        top={1}
        openPlant={null}
        onOpenPlant={() => undefined}
        fuels={fuels}
      />,
    );
    const largest = container.querySelector("circle.ranked");
    expect(Number(largest?.getAttribute("r"))).toBeCloseTo(14 / 4, 6); // South Texas Project: MAX_RADIUS
    // Beyond the top N: drawn in one path per fuel, not a tab stop (the table lists them).
    expect(screen.getAllByRole("button")).toHaveLength(1);
    const plain = container.querySelectorAll("path.dot-layer");
    expect(plain).toHaveLength(1);
    expect(plain[0]).toHaveClass("fuel-nuclear");
    expect(plain[0]?.getAttribute("d")).toMatch(/^M[-\d.]+,[-\d.]+a[\d.]+,[\d.]+ 0 1,0 /);
    expect(container.querySelector("svg.plant-dots")).toHaveAttribute("data-dots", "2");
  });
});

describe("MapFooter", () => {
  it("lists the top plants without a location; each opens its plant", async () => {
    const user = userEvent.setup();
    const onOpenPlant = vi.fn();
    render(<MapFooter map={mapOf(TX_TOP)} top={3} onOpenPlant={onOpenPlant} fuels={fuels} />);
    expect(screen.getByTestId("unlocated-summary")).toHaveTextContent("1 of the top 3 have no location:");
    await user.click(screen.getByRole("button", { name: "3. Oak Grove (TX)" }));
    expect(onOpenPlant).toHaveBeenCalledWith(6180);
  });

  it("says when every top plant has a location", () => {
    render(<MapFooter map={mapOf(TX_TOP)} top={2} onOpenPlant={() => undefined} fuels={fuels} />);
    expect(screen.getByTestId("unlocated-summary")).toHaveTextContent("All of the top 2 have a location.");
  });
});
