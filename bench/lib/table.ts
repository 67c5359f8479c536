/** Result rows, their ratios to the baseline measured in the same run, targets, and the printed table. */

/** A target a row is judged against. */
export interface Target {
  /** What the target says, e.g. "≥ 0.6× raw". */
  readonly label: string;
  readonly pass: boolean;
}

/** One measured figure. */
export interface Row {
  readonly figure: string;
  readonly name: string;
  readonly value: number;
  readonly unit: string;
  /** What the ratio is taken against, e.g. "raw echo (bun)". */
  readonly baseline?: string;
  /** value ÷ baseline value (same run). */
  readonly ratio?: number;
  /** A second baseline, e.g. "raw echo, JSON per request (bun)" for request/response rows. */
  readonly baseline2?: string;
  /** value ÷ second baseline value (same run). */
  readonly ratio2?: number;
  readonly targets?: readonly Target[];
}

/** `value` rounded for the table: 3 significant digits, thousands separated. */
export function formatNumber(value: number): string {
  if (!Number.isFinite(value)) return String(value);
  const abs = Math.abs(value);
  const digits = abs >= 100 ? 0 : abs >= 10 ? 1 : 2;
  return value.toLocaleString("en-US", { maximumFractionDigits: digits, minimumFractionDigits: 0 });
}

function pad(cells: readonly string[], widths: readonly number[]): string {
  return cells
    .map((cell, i) => (i === 2 || i === 4 || i === 6 ? cell.padStart(widths[i]!) : cell.padEnd(widths[i]!)))
    .join("  ");
}

/** Renders rows as a fixed-width table (also valid Markdown-ish text for the README). */
export function renderTable(rows: readonly Row[]): string {
  const header = ["fig", "measure", "value", "unit", "ratio", "vs baseline", "ratio2", "vs baseline 2", "target"];
  const lines = rows.map((row) => [
    row.figure,
    row.name,
    formatNumber(row.value),
    row.unit,
    row.ratio === undefined ? "" : `${row.ratio.toFixed(2)}×`,
    row.baseline ?? "",
    row.ratio2 === undefined ? "" : `${row.ratio2.toFixed(2)}×`,
    row.baseline2 ?? "",
    (row.targets ?? []).map((t) => `${t.pass ? "PASS" : "MISS"} ${t.label}`).join("; "),
  ]);
  const widths = header.map((h, i) => Math.max(h.length, ...lines.map((l) => l[i]!.length)));
  return [pad(header, widths), widths.map((w) => "-".repeat(w)).join("  "), ...lines.map((l) => pad(l, widths))].join(
    "\n",
  );
}

/** Every target in `rows` with pass/miss, for the summary. */
export function targetsOf(rows: readonly Row[]): Array<Target & { row: string }> {
  return rows.flatMap((row) => (row.targets ?? []).map((t) => ({ ...t, row: `${row.figure} ${row.name}` })));
}
