/** How an ingestion run reads in the UI: its file's name, its status, its numbers. */
import type { Ingestion, RunStatus } from "./api";

/** Still going: the UI polls it. */
export const isActive = (status: RunStatus): boolean => status === "queued" || status === "running";

export const STATUS_LABEL: Record<RunStatus, string> = {
  queued: "Queued",
  running: "Running",
  succeeded: "Succeeded",
  failed: "Failed",
  skipped: "Skipped",
};

export const statusLabel = (status: RunStatus): string => STATUS_LABEL[status];

/**
 * The name a person gave the file: uploads are stored as uploads/YYYY/MM/DD/<32 hex>-<name>.csv,
 * anything else shows its last path segment.
 */
export function fileName(source: string): string {
  const last = source.split(/[\\/]/).pop() || source;
  return /^uploads\//.test(source) ? last.replace(/^[0-9a-f]{32}-/, "") : last;
}

/** A run refused because the file would shrink a loaded year; forcing it replaces the year anyway. */
export const isShrinkRefusal = (run: Pick<Ingestion, "status" | "error_code">): boolean =>
  run.status === "failed" && run.error_code === "shrink_refused";

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
