import type { TopPlants } from "../../lib/api";
import { formatCount, formatMwh, formatShare, UNKNOWN } from "../../lib/format";

interface Props {
  top: TopPlants | undefined;
  /** The result could not be loaded: show unknowns, not skeletons that never resolve. */
  failed?: boolean;
  where: string;
  /** Plants with a row in that state (or nation), when known. */
  plantCount: number | undefined;
}

/** The headline numbers of the current result. */
export function Summary({ top, failed = false, where, plantCount }: Props) {
  const listed = top?.plants.length ?? 0;
  const pending = failed ? UNKNOWN : <span className="skeleton" />;
  const share = top?.plants.reduce((sum, plant) => sum + (plant.share ?? 0), 0);
  return (
    <dl className="summary" aria-busy={!top && !failed}>
      <div className="summary-main">
        <dt>
          {where} net generation{top ? `, ${top.year}` : ""}
        </dt>
        <dd>
          {top ? formatMwh(top.total_net_generation_mwh) : failed ? UNKNOWN : <span className="skeleton wide" />}
          <span className="unit"> MWh</span>
        </dd>
      </div>
      <div>
        <dt>Plants</dt>
        <dd>{plantCount === undefined ? pending : formatCount(plantCount)}</dd>
      </div>
      <div>
        <dt>Top {listed || ""} plants' share</dt>
        <dd>{top ? formatShare(share) : pending}</dd>
      </div>
    </dl>
  );
}
