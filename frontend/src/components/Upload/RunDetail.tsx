import { useIngestion, useQueueIngestion } from "../../hooks/ingestions";
import type { Ingestion, RunStatus } from "../../lib/api";
import { formatCount } from "../../lib/format";
import {
  fileName,
  formatBytes,
  formatDuration,
  formatWhen,
  isActive,
  isShrinkRefusal,
  statusLabel,
} from "../../lib/runs";
import { describeError, ErrorBanner } from "../Status/ErrorBanner";
import { FindingsTable } from "./FindingsTable";

/** One sentence per status; it is the live region, so it changes only when the status does. */
function phase(run: Ingestion): string {
  switch (run.status) {
    case "queued":
      return "Queued: waiting for the ingestion worker to pick it up.";
    case "running":
      return "Running: reading and checking the rows.";
    case "succeeded":
      return run.year === null ? "Succeeded." : `Succeeded: eGRID ${run.year} is loaded from this file.`;
    case "skipped":
      return `Skipped: ${run.year ?? "the year"} already holds this exact file (same SHA-256), so nothing changed.`;
    case "failed":
      return "Failed: nothing stored changed.";
    default:
      return run.status;
  }
}

export function StatusBadge({ status }: { status: RunStatus }) {
  return <span className={`status-badge status-${status}`}>{statusLabel(status)}</span>;
}

/** One run, polled while it is queued or running: progress, then what it loaded, rejected and skipped. */
export function RunDetail({ id, onQueued }: { id: number; onQueued: (runId: number) => void }) {
  const query = useIngestion(id);
  const replace = useQueueIngestion();
  const run = query.data;
  const active = run ? isActive(run.status) : false;

  return (
    <section className="panel run-detail" aria-labelledby="run-title" aria-busy={active}>
      <div className="panel-header">
        <div>
          <h2 id="run-title" className="panel-title">
            Run #{id}
            {run && (
              <>
                {" · "}
                <span className="run-file">{fileName(run.source)}</span>
              </>
            )}
          </h2>
          {run && <p className="subtitle">Queued {formatWhen(run.created_at)}</p>}
        </div>
        {run && <StatusBadge status={run.status} />}
      </div>

      {query.error && <ErrorBanner error={query.error} onRetry={() => void query.refetch()} />}
      {!run && !query.error && <p role="status">Loading run #{id}…</p>}

      {run && (
        <>
          <p className="run-phase" role="status">
            {phase(run)}
          </p>
          {active && <progress className="run-progress" aria-label="Ingestion progress" />}

          {run.status === "failed" && (
            <div className="banner error" role="alert">
              <div>
                <strong>The run failed</strong>
                <p className="run-error">{run.error ?? "The worker gave no reason."}</p>
              </div>
            </div>
          )}
          {isShrinkRefusal(run) && (
            <div className="replace-anyway">
              <p>
                If the smaller file is right, replace {run.year ?? "the year"} with it anyway: the rows loaded now are
                swapped for this file's.
              </p>
              <button
                type="button"
                className="button"
                aria-disabled={replace.isPending}
                onClick={() =>
                  replace.isPending ||
                  replace.mutate({ key: run.source, force: true }, { onSuccess: (runId) => onQueued(runId) })
                }
              >
                Replace anyway
              </button>
              {replace.error && (
                <p className="field-message" role="alert">
                  Could not queue it again: {describeError(replace.error).detail ?? describeError(replace.error).title}
                </p>
              )}
            </div>
          )}

          <dl className="facts run-facts">
            <Fact term="Year" value={run.year === null ? "\u2014" : String(run.year)} />
            <Fact term="Rows read" value={formatCount(run.rows_read)} />
            <Fact term="Rows loaded" value={formatCount(run.rows_loaded)} />
            <Fact term="Rejected" value={formatCount(run.rows_rejected)} />
            <Fact term="Skipped" value={formatCount(run.rows_skipped)} />
            <Fact term="Warnings" value={formatCount(run.warnings_count)} />
            <Fact term="Size" value={formatBytes(run.size_bytes)} />
            <Fact term="Duration" value={formatDuration(run.duration_s)} />
          </dl>

          {run.notes.length > 0 && (
            <ul className="run-notes" aria-label="Notes">
              {run.notes.map((note) => (
                <li key={note}>{note}</li>
              ))}
            </ul>
          )}
          <FindingsTable title="Rejected rows" items={run.rejects} total={run.rows_rejected} />
          <FindingsTable title="Warnings" items={run.warnings} total={run.warnings_count} />
        </>
      )}
    </section>
  );
}

function Fact({ term, value }: { term: string; value: string }) {
  return (
    <div>
      <dt>{term}</dt>
      <dd>{value}</dd>
    </div>
  );
}
