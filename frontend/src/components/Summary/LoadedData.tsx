import type { Years } from "../../lib/api";
import { formatCount } from "../../lib/format";
import { fileName } from "../../lib/runs";

/** Where the numbers on screen come from: the loaded file, when, and how much of it. */
export function LoadedData({ years, year }: { years: Years | undefined; year: number | null }) {
  const loaded = years?.years.find((y) => y.year === (year ?? years.latest));
  if (!loaded) return null;
  const file = fileName(loaded.source);
  return (
    <dl className="about" aria-label="Loaded data">
      <dt>Data</dt>
      <dd>
        eGRID {loaded.year}: {formatCount(loaded.plants)} plants, {formatCount(loaded.generators)} generators
      </dd>
      <dt>File</dt>
      <dd>
        <span title={`SHA-256 ${loaded.sha256}`}>{file}</span>, loaded {loaded.loaded_at.slice(0, 10)}
      </dd>
    </dl>
  );
}
