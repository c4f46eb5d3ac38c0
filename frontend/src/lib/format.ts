/** How numbers read in the UI: en-US grouping, a true minus sign, an em dash for unknown. */
export const MINUS = "\u2212";
export const UNKNOWN = "\u2014";

const whole = new Intl.NumberFormat("en-US", { maximumFractionDigits: 0 });
const oneDecimal = new Intl.NumberFormat("en-US", { minimumFractionDigits: 1, maximumFractionDigits: 1 });

function signed(format: Intl.NumberFormat, value: number): string {
  const text = format.format(Math.abs(value));
  // Rounding can turn a tiny negative into "0"; never show "−0".
  return value < 0 && /[1-9]/.test(text) ? `${MINUS}${text}` : text;
}

/** Net generation in MWh, whole numbers with thousands separators: 31,522,590; −1,234. */
export function formatMwh(value: number | null | undefined): string {
  return value == null ? UNKNOWN : signed(whole, value);
}

/** Capacity in MW with one decimal: 3,937.2. */
export function formatMw(value: number | null | undefined): string {
  return value == null ? UNKNOWN : signed(oneDecimal, value);
}

export function formatCount(value: number): string {
  return whole.format(value);
}

/** A fraction as a percentage: 0.0458 → 4.6%; below 1% two decimals, so small shares stay visible. */
export function formatShare(fraction: number | null | undefined): string {
  if (fraction == null) return UNKNOWN;
  const percent = fraction * 100;
  const digits = Math.abs(percent) < 1 ? 2 : 1;
  const text = Math.abs(percent).toLocaleString("en-US", {
    minimumFractionDigits: digits,
    maximumFractionDigits: digits,
  });
  return `${percent < 0 && /[1-9]/.test(text) ? MINUS : ""}${text}%`;
}

/** Capacity factor, a fraction of the year at full nameplate: 0.912 → 91.2%. */
export function formatCapacityFactor(fraction: number | null | undefined): string {
  return fraction == null ? UNKNOWN : `${signed(oneDecimal, fraction * 100)}%`;
}

/** Compact form for legends and chart axes: 21.8M, 950k. */
export function formatCompact(value: number): string {
  const text = new Intl.NumberFormat("en-US", { notation: "compact", maximumFractionDigits: 1 }).format(
    Math.abs(value),
  );
  return value < 0 ? `${MINUS}${text}` : text;
}

/** "+40,482,651 (+8.4%)": the change with its sign in words' place, never colour alone. */
export function formatChange(now: number, before: number): string {
  const delta = now - before;
  const sign = delta > 0 ? "+" : delta < 0 ? MINUS : "±";
  const percent = before > 0 ? ` (${sign}${formatShare(Math.abs(delta) / before)})` : "";
  return `${sign}${formatMwh(Math.abs(delta))}${percent}`;
}
