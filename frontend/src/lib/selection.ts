/** What the person chose, as it lives in the URL: ?state=TX&fuel=solar&n=3&year=2023&plant=6008. */
export interface Selection {
  /** Two-letter code, or null for all states. */
  state: string | null;
  /** Fuel category ("solar"), or null for all fuels. */
  fuel: string | null;
  /** How many plants, 1–1000. */
  n: number;
  /** eGRID data year, or null for the latest loaded. */
  year: number | null;
  /** ORISPL of the plant whose generators are open. */
  plant: number | null;
}

export const MIN_PLANTS = 1;
export const MAX_PLANTS = 1000;
export const DEFAULT_PLANTS = 10;

export const DEFAULT_SELECTION: Selection = { state: null, fuel: null, n: DEFAULT_PLANTS, year: null, plant: null };

function positiveInt(text: string | null): number | null {
  if (text === null || !/^\d{1,9}$/.test(text)) return null;
  const value = Number(text);
  return value > 0 ? value : null;
}

export function isValidPlantCount(n: number): boolean {
  return Number.isInteger(n) && n >= MIN_PLANTS && n <= MAX_PLANTS;
}

/** Reads a query string; anything malformed falls back to its default rather than failing. */
export function parseSelection(search: string): Selection {
  const params = new URLSearchParams(search);
  const state = params.get("state")?.trim().toUpperCase() ?? "";
  const fuel = params.get("fuel")?.trim().toLowerCase() ?? "";
  const n = positiveInt(params.get("n"));
  return {
    state: /^[A-Z]{2}$/.test(state) ? state : null,
    // The API says which categories exist; an unknown one comes back as its 422.
    fuel: /^[a-z_]{1,40}$/.test(fuel) ? fuel : null,
    n: n !== null && isValidPlantCount(n) ? n : DEFAULT_PLANTS,
    year: positiveInt(params.get("year")),
    plant: positiveInt(params.get("plant")),
  };
}

/** The query string for a selection, defaults left out: "?state=TX&n=3". */
export function selectionToSearch(selection: Selection): string {
  const params = new URLSearchParams();
  if (selection.state) params.set("state", selection.state);
  if (selection.fuel) params.set("fuel", selection.fuel);
  if (selection.n !== DEFAULT_PLANTS) params.set("n", String(selection.n));
  if (selection.year !== null) params.set("year", String(selection.year));
  if (selection.plant !== null) params.set("plant", String(selection.plant));
  const text = params.toString();
  return text ? `?${text}` : "";
}
