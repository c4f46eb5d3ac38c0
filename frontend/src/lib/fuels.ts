/**
 * Fuel codes and categories as the API serves them (GET /api/v1/fuels): the one table lives on the
 * server; this wraps it for lookups. An unknown code reads as itself, in the "other" colour.
 */
import type { Fuels } from "./api";

export interface FuelCategory {
  category: string;
  label: string;
}

export interface FuelTable {
  /** The categories in the API's order, for the Fuel control and the trend's legend. */
  categories: readonly FuelCategory[];
  /** "NUC" → "Nuclear"; null → "Unknown"; a code the table lacks reads as itself. */
  label(code: string | null | undefined): string;
  /** "NUC" → "nuclear": the colour family and the filter value. */
  category(code: string | null | undefined): string;
  categoryLabel(category: string): string;
}

export const OTHER = "other";

export function fuelTable(fuels: Fuels | undefined): FuelTable {
  const codes = new Map((fuels?.codes ?? []).map((fuel) => [fuel.code.toUpperCase(), fuel]));
  const categories = fuels?.categories ?? [];
  const categoryLabels = new Map<string, string>(categories.map((c) => [c.category, c.label]));
  return {
    categories,
    label: (code) => (code ? (codes.get(code.toUpperCase())?.label ?? code) : "Unknown"),
    category: (code) => (code ? (codes.get(code.toUpperCase())?.category ?? OTHER) : OTHER),
    categoryLabel: (category) => categoryLabels.get(category) ?? category,
  };
}
