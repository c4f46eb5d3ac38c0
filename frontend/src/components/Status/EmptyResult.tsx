/** A valid choice that matches no plants. */
export function EmptyResult({ where, year }: { where: string; year: number }) {
  return (
    <p className="empty" role="status">
      No plants with generation data in {where} for {year}.
    </p>
  );
}
