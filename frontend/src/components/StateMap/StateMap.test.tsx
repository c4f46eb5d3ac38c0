import { render, screen } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { describe, expect, it, vi } from "vitest";
import { STATES } from "../../test/fakeApi";
import StateMap from "./StateMap";
import { SHAPES } from "./shapes";

describe("StateMap", () => {
  it("draws the 50 states, DC and Puerto Rico from the bundled atlas", () => {
    expect(SHAPES).toHaveLength(52);
    expect(SHAPES.map((s) => s.code)).toContain("PR");
    expect(SHAPES.find((s) => s.code === "TX")?.d).toMatch(/^M[\d.]+,[\d.]+L/);
  });

  it("colours each state by its total and names it with the total", () => {
    render(<StateMap states={STATES.states} selected={null} onSelect={() => undefined} />);
    const texas = screen.getByRole("button", { name: "Texas: 542,598,584 MWh from 824 plants" });
    expect(texas).toHaveAttribute("fill", "#253494");
    expect(screen.getByRole("button", { name: "Vermont: no data" })).toHaveAttribute("fill", "#e5e7eb");
  });

  it("shows name and total on hover", async () => {
    const user = userEvent.setup();
    const { container } = render(<StateMap states={STATES.states} selected={null} onSelect={() => undefined} />);
    await user.hover(screen.getByRole("button", { name: /^California/ }));
    expect(container.querySelector(".map-tooltip")).toHaveTextContent("California216,080,236 MWh");
  });

  it("selects a state on click", async () => {
    const user = userEvent.setup();
    const onSelect = vi.fn();
    render(<StateMap states={STATES.states} selected="TX" onSelect={onSelect} />);
    await user.click(screen.getByRole("button", { name: /^Arizona/ }));
    expect(onSelect).toHaveBeenCalledWith("AZ");
  });

  it("is one tab stop; arrow keys move between states and Enter selects", async () => {
    const user = userEvent.setup();
    const onSelect = vi.fn();
    render(<StateMap states={STATES.states} selected="TX" onSelect={onSelect} />);
    await user.tab();
    expect(screen.getByRole("button", { name: /^Texas/ })).toHaveFocus();
    await user.keyboard("{ArrowRight}");
    expect(screen.getByRole("button", { name: /^Utah/ })).toHaveFocus();
    await user.keyboard("{Enter}");
    expect(onSelect).toHaveBeenCalledWith("UT");
  });
});
