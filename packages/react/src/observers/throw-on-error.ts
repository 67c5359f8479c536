/**
 * Resolves a TanStack `throwOnError` option: a boolean, or a function called with `params`
 * (the error, and the query for queries). Local so the `^5` peer range holds (query-core
 * exports its own only in later 5.x releases).
 */
export function shouldThrowError<P extends unknown[]>(
  throwOnError: boolean | ((...params: P) => boolean) | undefined,
  params: P,
): boolean {
  return typeof throwOnError === "function" ? throwOnError(...params) : !!throwOnError;
}
