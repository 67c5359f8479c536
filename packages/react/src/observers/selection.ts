import { replaceEqualDeep } from "../deps.ts";

/**
 * A memoized `select(value)` for `useSyncExternalStore` snapshots, shared by the observers.
 * Recomputes only when the value or the selector changes, so a selector that builds a new object
 * still gives a stable snapshot; keeps the previous result when `equals` (default: deep equality,
 * TanStack's structural sharing) says the new one is the same. Without a selector the value
 * itself is the snapshot. An `undefined` value selects to `undefined` (no message yet).
 */
export function createSelection<V, T>(): (
  value: V | undefined,
  select?: (value: V) => T,
  equals?: (previous: T, next: T) => boolean,
) => T | undefined {
  let source: V | undefined;
  let selector: unknown;
  let result: T | undefined;
  return (value, select, equals) => {
    if (value !== source || select !== selector) {
      const next = value === undefined || !select ? (value as T | undefined) : select(value);
      // A selected value is kept when equal to the last: by `equals`, else by deep equality
      // (structural sharing), so an inline selector building a new object each render cannot loop.
      if (!select) result = next;
      else if (!equals) result = replaceEqualDeep(result, next);
      else if (result === undefined || next === undefined || !equals(result, next)) result = next;
      source = value;
      selector = select;
    }
    return result;
  };
}
