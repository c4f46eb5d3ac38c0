import { useState, type FormEvent } from "react";
import { AdminsOnly } from "../components/Admin/AdminsOnly";
import { ErrorBanner } from "../components/Status/ErrorBanner";
import { useAudit } from "../hooks/admin";
import type { AuditAction, AuditEvent, AuditFilters } from "../lib/api";
import { formatWhen } from "../lib/runs";

/** Every action the trail records, in the order people think of them. */
export const ACTIONS: AuditAction[] = [
  "auth.sign_in",
  "auth.sign_out",
  "token.created",
  "token.revoked",
  "user.added",
  "user.role_changed",
  "user.disabled",
  "user.enabled",
  "user.password_reset",
  "file.uploaded",
  "ingestion.queued",
  "ingestion.forced",
  "ingestion.refused",
  "ingestion.finished",
];

/** /activity: the audit trail, newest first, filtered by who, what, on what and when (admins). */
export function ActivityPage({ isAdmin }: { isAdmin: boolean }) {
  if (!isAdmin) return <AdminsOnly what="see the activity" />;
  return <Activity />;
}

/** A datetime-local value is the browser's local time; the API wants an instant. */
const instant = (local: string): string | undefined => (local ? new Date(local).toISOString() : undefined);

function Activity() {
  const [filters, setFilters] = useState<AuditFilters>({});
  // The ids each older page starts before; empty on the newest page.
  const [pages, setPages] = useState<number[]>([]);
  const before = pages.at(-1) ?? null;
  const audit = useAudit(filters, before);
  const apply = (next: AuditFilters) => {
    setFilters(next);
    setPages([]);
  };

  return (
    <main id="main" tabIndex={-1}>
      <section className="panel" aria-labelledby="activity-title">
        <div className="panel-header">
          <div>
            <h2 id="activity-title" className="panel-title">
              Activity
            </h2>
            <p className="subtitle">Who did what, newest first. Events cannot be changed or deleted.</p>
          </div>
          <div className="pager">
            <button
              type="button"
              className="button secondary"
              disabled={pages.length === 0}
              onClick={() => setPages(pages.slice(0, -1))}
            >
              Newer
            </button>
            <button
              type="button"
              className="button secondary"
              disabled={!audit.data?.next_before}
              onClick={() => audit.data?.next_before && setPages([...pages, audit.data.next_before])}
            >
              Older
            </button>
          </div>
        </div>
        <Filters onApply={apply} />
        {audit.error && <ErrorBanner error={audit.error} onRetry={() => void audit.refetch()} />}
        {audit.data && audit.data.events.length === 0 && <p className="empty">No events match.</p>}
        {audit.data && audit.data.events.length > 0 && (
          <div className="table-scroll">
            <table className="data-table" aria-labelledby="activity-title" aria-busy={audit.isPlaceholderData}>
              <thead>
                <tr>
                  <th scope="col">When</th>
                  <th scope="col">Who</th>
                  <th scope="col">Action</th>
                  <th scope="col">Target</th>
                  <th scope="col">Outcome</th>
                  <th scope="col">From</th>
                  <th scope="col">Request</th>
                </tr>
              </thead>
              <tbody className={audit.isPlaceholderData ? "stale" : undefined}>
                {audit.data.events.map((event) => (
                  <EventRow key={event.id} event={event} />
                ))}
              </tbody>
            </table>
          </div>
        )}
      </section>
    </main>
  );
}

function EventRow({ event }: { event: AuditEvent }) {
  return (
    <tr>
      <td>{formatWhen(event.at)}</td>
      <th scope="row">{event.actor_name}</th>
      <td>{event.action}</td>
      <td>{event.target ?? ""}</td>
      <td>{event.outcome}</td>
      <td>{event.client_address ?? ""}</td>
      <td>
        <code>{event.request_id ?? ""}</code>
      </td>
    </tr>
  );
}

function Filters({ onApply }: { onApply: (filters: AuditFilters) => void }) {
  const [actor, setActor] = useState("");
  const [action, setAction] = useState("");
  const [target, setTarget] = useState("");
  const [since, setSince] = useState("");
  const [until, setUntil] = useState("");
  const submit = (event: FormEvent) => {
    event.preventDefault();
    onApply({
      actor: actor.trim() || undefined,
      action: (action || undefined) as AuditAction | undefined,
      target: target.trim() || undefined,
      since: instant(since),
      until: instant(until),
    });
  };
  return (
    <form className="controls" onSubmit={submit} aria-label="Filter the activity">
      <label className="field">
        <span>Who</span>
        <input value={actor} maxLength={64} onChange={(e) => setActor(e.target.value)} />
      </label>
      <label className="field">
        <span>Action</span>
        <select value={action} onChange={(e) => setAction(e.target.value)}>
          <option value="">any</option>
          {ACTIONS.map((a) => (
            <option key={a} value={a}>
              {a}
            </option>
          ))}
        </select>
      </label>
      <label className="field">
        <span>Target</span>
        <input value={target} maxLength={256} onChange={(e) => setTarget(e.target.value)} />
      </label>
      <label className="field">
        <span>From</span>
        <input type="datetime-local" value={since} onChange={(e) => setSince(e.target.value)} />
      </label>
      <label className="field">
        <span>Until</span>
        <input type="datetime-local" value={until} onChange={(e) => setUntil(e.target.value)} />
      </label>
      <button type="submit" className="button">
        Filter
      </button>
    </form>
  );
}
