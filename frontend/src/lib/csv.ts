/** CSV for the current result: RFC 4180 quoting, and text that a spreadsheet would run as a formula is defused. */
export type CsvValue = string | number | null | undefined;

// A text cell starting with one of these is executed as a formula by Excel, Sheets and LibreOffice.
const FORMULA_START = /^[=+\-@\t\r]/;

export function csvCell(value: CsvValue): string {
  if (value == null) return "";
  if (typeof value === "number") return Number.isFinite(value) ? String(value) : "";
  const text = FORMULA_START.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

export function toCsv(header: readonly string[], rows: readonly (readonly CsvValue[])[]): string {
  return [header, ...rows].map((row) => row.map(csvCell).join(",")).join("\r\n") + "\r\n";
}

/** Hands the text to the browser as a file download. */
export function downloadCsv(filename: string, text: string): void {
  downloadText(filename, text, "text/csv;charset=utf-8");
}

/** Hands any text to the browser as a file download of the given media type. */
export function downloadText(filename: string, text: string, type: string): void {
  const url = URL.createObjectURL(new Blob([text], { type }));
  const link = document.createElement("a");
  link.href = url;
  link.download = filename;
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 0);
}
