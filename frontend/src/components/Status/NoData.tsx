/** Shown before any eGRID file is loaded: says exactly how to load one. */
export function NoData({ detail }: { detail?: string | null }) {
  return (
    <section className="panel banner info" aria-labelledby="no-data-title">
      <h2 id="no-data-title">No eGRID data is loaded yet</h2>
      <p>
        {detail ?? "Load a generator sheet exported as CSV (for example eGRID2023's GEN23) with `gridlens ingest`."}
      </p>
      <p>For example, from the project folder, then reload this page:</p>
      <pre>
        <code>gridlens ingest path/to/gen23.csv</code>
      </pre>
    </section>
  );
}
