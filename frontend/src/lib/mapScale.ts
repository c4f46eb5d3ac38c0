/** Map colours: six classes of a state's total net generation, in million MWh (TWh). */
export const BREAKS_MWH = [10e6, 25e6, 50e6, 100e6, 200e6] as const;

// ColorBrewer YlGnBu, 6 classes: readable in greyscale and for the common colour-vision deficiencies.
export const COLOURS = ["#ffffcc", "#c7e9b4", "#7fcdbb", "#41b6c4", "#2c7fb8", "#253494"] as const;
export const NO_DATA_COLOUR = "#e5e7eb";

export function colourFor(mwh: number | null | undefined): string {
  if (mwh == null) return NO_DATA_COLOUR;
  const index = BREAKS_MWH.findIndex((limit) => mwh < limit);
  return COLOURS[index === -1 ? COLOURS.length - 1 : index] ?? NO_DATA_COLOUR;
}

/** Legend labels in million MWh: "< 10", "10–25", …, "≥ 200". */
export function legendLabels(): string[] {
  const millions = BREAKS_MWH.map((b) => b / 1e6);
  return [
    `< ${millions[0]}`,
    ...millions.slice(1).map((b, i) => `${millions[i]}–${b}`),
    `≥ ${millions[millions.length - 1]}`,
  ];
}
