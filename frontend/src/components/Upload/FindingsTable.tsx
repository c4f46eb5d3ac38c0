import type { Finding } from "../../lib/api";
import { formatCount } from "../../lib/format";

/** Rejected rows or warnings, each located: line, column, the value found, and why. */
export function FindingsTable({ title, items, total }: { title: string; items: Finding[]; total: number }) {
  if (items.length === 0) return null;
  const findings = items;
  return (
    <div className="findings">
      <div className="table-scroll">
        <table className="data-table">
          <caption>{title}</caption>
          <thead>
            <tr>
              <th scope="col" className="num">
                Line
              </th>
              <th scope="col">Column</th>
              <th scope="col">Value</th>
              <th scope="col">Reason</th>
            </tr>
          </thead>
          <tbody>
            {findings.map((finding, index) => (
              <tr key={`${finding.line}-${finding.column}-${index}`}>
                <td className="num">{formatCount(finding.line)}</td>
                <td>{finding.column ?? "\u2014"}</td>
                <td className="value">
                  {finding.value === null ? "\u2014" : finding.value === "" ? "(blank)" : finding.value}
                </td>
                <td>{finding.reason}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {total > findings.length && (
        <p className="note">
          Showing the first {formatCount(findings.length)} of {formatCount(total)}.
        </p>
      )}
    </div>
  );
}
