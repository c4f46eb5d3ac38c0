/** How an ingestion run reads in the UI: its file's name, its status, its numbers. */
import type { Ingestion } from "./api";

export type RunStatus = "queued" | "running" | "succeeded" | "failed" | "skipped";

/** Still going: the UI polls it. */
export const isActive = (status: string): boolean => status === "queued" || status === "running";

export const STATUS_LABEL: Record<RunStatus, string> = {
  queued: "Queued",
  running: "Running",
  succeeded: "Succeeded",
  failed: "Failed",
  skipped: "Skipped",
};

export const statusLabel = (status: string): string => STATUS_LABEL[status as RunStatus] ?? status;

/**
 * The name a person gave the file: uploads are stored as uploads/YYYY/MM/DD/<32 hex>-<name>.csv,
 * anything else shows its last path segment.
 */
export function fileName(source: string): string {
  const last = source.split(/[\\/]/).pop() || source;
  return /^uploads\//.test(source) ? last.replace(/^[0-9a-f]{32}-/, "") : last;
}

/** A run refused because the file would shrink a loaded year; forcing it replaces the year anyway. */
export const isShrinkRefusal = (run: Pick<Ingestion, "status" | "error">): boolean =>
  run.status === "failed" &&
  run.error !== null &&
  /would replace [\d,]+ generators of \d{4} with [\d,]+/.test(run.error);

/** < 0.1 s, 0.4 s, 12 s, 2 min 5 s */
export function formatDuration(seconds: number | null): string {
  if (seconds === null) return "\u2014";
  if (seconds < 0.05) return "< 0.1 s";
  if (seconds < 60) return `${seconds < 10 ? seconds.toFixed(1) : Math.round(seconds)} s`;
  const minutes = Math.floor(seconds / 60);
  return `${minutes} min ${Math.round(seconds - minutes * 60)} s`;
}

/** 512 bytes, 12.3 kB, 4.5 MB (powers of 1,000, as file managers show). */
export function formatBytes(bytes: number | null): string {
  if (bytes === null) return "\u2014";
  if (bytes < 1000) return `${bytes} ${bytes === 1 ? "byte" : "bytes"}`;
  if (bytes < 1_000_000) return `${(bytes / 1000).toFixed(1)} kB`;
  return `${(bytes / 1_000_000).toFixed(1)} MB`;
}

const when = new Intl.DateTimeFormat("en-US", { dateStyle: "medium", timeStyle: "short" });

/** A timestamp in the reader's time zone: Nov 29, 2026, 12:14 AM */
export const formatWhen = (iso: string): string => when.format(new Date(iso));

/** One rejected row or warning as the run records it: where, what, why. */
export interface Finding {
  line: number | null;
  column: string | null;
  value: string | null;
  reason: string;
}

/** The API types findings as free-form objects; read the four known fields defensively. */
export function toFinding(item: Record<string, unknown>): Finding {
  const text = (value: unknown) => (value === null || value === undefined ? null : String(value));
  return {
    line: typeof item.line === "number" ? item.line : null,
    column: text(item.column),
    value: text(item.value),
    reason: text(item.reason) ?? "",
  };
}
