/**
 * The slot through which an optional direct checker reaches `/zod` message schemas, so that
 * `zod.ts` does not import it (browser apps on `/zod` bundle only this slot). Module state: every
 * entry of the package imports this same file, so `@typed-ws/client/zod-direct` filling it is seen
 * by `@typed-ws/client/zod`'s schemas.
 */

/** "Don't know": the caller must run Zod. */
export const NO: unique symbol = Symbol();

/** Returns Zod's output for an input Zod provably accepts, else {@link NO}. */
export type DirectCheck = (value: unknown) => unknown;

/** Builds a {@link DirectCheck} for a strict message schema, or `undefined` when it cannot. */
export type DirectCheckFactory = (schema: unknown) => DirectCheck | undefined;

let factory: DirectCheckFactory | undefined;

/** Registers the factory message schemas consult at their first validation (`undefined`: none). */
export function setDirectCheckFactory(next: DirectCheckFactory | undefined): void {
  factory = next;
}

/** The registered factory, if any. */
export function directCheckFactory(): DirectCheckFactory | undefined {
  return factory;
}
