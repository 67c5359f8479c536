const grouped = new Intl.NumberFormat("en-US", { maximumSignificantDigits: 15 });

/**
 * A number as people read it: at most 15 significant digits, so binary rounding noise is gone
 * (`0.1 + 0.2` shows `0.3`), with digit grouping; very large or very small magnitudes in
 * exponent form (`1e+300`).
 */
export function formatNumber(value: number): string {
  if (!Number.isFinite(value)) return String(value);
  const magnitude = Math.abs(value);
  if (magnitude !== 0 && (magnitude >= 1e15 || magnitude < 1e-6)) return Number(value.toPrecision(15)).toExponential();
  return grouped.format(value);
}

/** The outcome of {@link parseNumber}: the number, or what is wrong with the text, in plain words. */
export type ParsedNumber = { ok: true; value: number } | { ok: false; problem: string };

/**
 * Reads a number typed by a person: decimals, a leading sign, exponents (`1e308`), surrounding
 * spaces, a comma as decimal separator. Empty text and anything else are refused with a reason.
 */
export function parseNumber(text: string): ParsedNumber {
  const trimmed = text.trim();
  if (trimmed === "") return { ok: false, problem: "is empty" };
  const normalized = /^[+-]?\d+,\d+$/.test(trimmed) ? trimmed.replace(",", ".") : trimmed;
  const value = /^[+-]?(\d+\.?\d*|\.\d+)(e[+-]?\d+)?$/i.test(normalized) ? Number(normalized) : Number.NaN;
  if (Number.isNaN(value)) return { ok: false, problem: `“${trimmed}” is not a number` };
  if (!Number.isFinite(value)) return { ok: false, problem: "is too large" };
  return { ok: true, value };
}
