import { useState } from "react";
import { HISTORY_PAGE, useIngestions } from "../../hooks/ingestions";
import { formatCount } from "../../lib/format";
import { fileName, formatDuration, formatWhen } from "../../lib/runs";
import { Link } from "../Layout/Link";
import { ErrorBanner } from "../Status/ErrorBanner";
import { StatusBadge } from "./RunDetail";

/** Every ingestion run, newest first, a page at a time; each row opens its run. */
export function RunHistory({ openRun }: { openRun: number | null }) {
  const [offset, setOffset] = useState(0);
  const runs = useIngestions(offset);
  const page = runs.data;

  return (
    <section className="panel run-history" aria-labelledby="history-title">
      <div className="panel-header">
        <div>
          <h2 id="history-title" className="panel-title">
            Ingestion history
          </h2>
          <p className="subtitle">
            {page && page.total > 0
              ? `Runs ${formatCount(page.offset + 1)}–${formatCount(page.offset + page.ingestions.length)} of ${formatCount(page.total)}, newest first`
              : ""}
          </p>
        </div>
        {page && page.total > HISTORY_PAGE && (
          <div className="pager">
            <button
              type="button"
              className="button secondary"
              disabled={offset === 0}
              onClick={() => setOffset(Math.max(0, offset - HISTORY_PAGE))}
            >
              Newer
            </button>
            <button
              type="button"
              className="button secondary"
              disabled={offset + HISTORY_PAGE >= page.total}
              onClick={() => setOffset(offset + HISTORY_PAGE)}
            >
              Older
            </button>
          </div>
        )}
      </div>

      {runs.error && <ErrorBanner error={runs.error} onRetry={() => void runs.refetch()} />}
      {page && page.total === 0 && <p className="empty">No file has been ingested yet.</p>}
      {page && page.ingestions.length > 0 && (
        <div className="table-scroll">
          <table className="data-table" aria-labelledby="history-title" aria-busy={runs.isPlaceholderData}>
            <thead>
              <tr>
                <th scope="col">Run</th>
                <th scope="col">File</th>
                <th scope="col">Status</th>
                <th scope="col" className="num">
                  Year
                </th>
                <th scope="col" className="num">
                  Rows loaded
                </th>
                <th scope="col" className="num">
                  Rejected
                </th>
                <th scope="col">When</th>
                <th scope="col" className="num">
                  Duration
                </th>
              </tr>
            </thead>
            <tbody className={runs.isPlaceholderData ? "stale" : undefined}>
              {page.ingestions.map((run) => (
                <tr key={run.id} className={run.id === openRun ? "open" : undefined}>
                  <th scope="row">
                    <Link href={`/upload?run=${run.id}`} aria-current={run.id === openRun ? "true" : undefined}>
                      #{run.id}
                    </Link>
                  </th>
                  <td className="file" title={run.source}>
                    {fileName(run.source)}
                  </td>
                  <td>
                    <StatusBadge status={run.status} />
                  </td>
                  <td className="num">{run.year ?? "\u2014"}</td>
                  <td className="num">{formatCount(run.rows_loaded)}</td>
                  <td className="num">{formatCount(run.rows_rejected)}</td>
                  <td>{formatWhen(run.created_at)}</td>
                  <td className="num">{formatDuration(run.duration_s)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {!page && !runs.error && <p role="status">Loading the history…</p>}
    </section>
  );
}
