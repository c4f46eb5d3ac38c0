import { Link } from "../components/Layout/Link";
import { RunDetail } from "../components/Upload/RunDetail";
import { RunHistory } from "../components/Upload/RunHistory";
import { UploadPanel } from "../components/Upload/UploadPanel";
import { useLocation } from "../hooks/useLocation";
import { navigate } from "../lib/navigation";

/** /upload: load a new generator sheet and follow its run (admins); /upload?run=12 opens run 12. */
export function UploadPage({ isAdmin }: { isAdmin: boolean }) {
  const { query } = useLocation();
  const run = /^\d{1,18}$/.test(query.get("run") ?? "") ? Number(query.get("run")) : null;
  const open = (runId: number) => navigate(`/upload?run=${runId}`);

  if (!isAdmin) {
    return (
      <main id="main">
        <section className="panel banner info" aria-labelledby="admins-only">
          <h2 id="admins-only">Only admins can upload</h2>
          <p>You are signed in as a viewer. An admin can load new eGRID files, or give you the admin role.</p>
          <p>
            <Link href="/">Back to the plants</Link>
          </p>
        </section>
      </main>
    );
  }

  return (
    <main id="main" tabIndex={-1}>
      <div className="row row-upload">
        <UploadPanel onQueued={open} />
        {run !== null && run > 0 && <RunDetail key={run} id={run} onQueued={open} />}
      </div>
      <RunHistory openRun={run} />
    </main>
  );
}
