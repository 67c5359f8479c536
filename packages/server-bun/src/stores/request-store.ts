/**
 * Remembered request answers (PROTOCOL.md, "Requests that survive a reconnect"): the terminal
 * frame of a request whose handler ran, keyed by (identity, correlationId), for a bounded time,
 * so a retry of the same request gets the same frame instead of running the handler again.
 * Interface and stores only; the router does not use them yet (a later issue wires retries).
 * Methods may return promises (a Redis store: `SET key frame PX ttl` / `GET key`).
 */
import type { MaybePromise } from "../topics/store.ts";

/** Remembers terminal frames of requests, per identity and correlation id, for a bounded time. */
export interface RequestStore {
  /** Remembers `frame` (replacing an earlier one for the same key) for the store's `ttlMs`. */
  remember(identity: string, correlationId: string, frame: string): MaybePromise<void>;
  /** The remembered frame, or undefined when none is remembered or it expired. */
  lookup(identity: string, correlationId: string): MaybePromise<string | undefined>;
  /** Releases resources. Optional. */
  close?(): void;
}

/** Options both built-in request stores take. */
export interface RequestStoreOptions {
  /** How long an answer is remembered, in ms. @default 60_000 */
  ttlMs?: number;
  /** The clock. @default Date.now */
  now?: () => number;
}

/** How long answers are remembered by default: 60 s (PROTOCOL.md). */
export const DEFAULT_REQUEST_TTL_MS = 60_000;

/** Reads and checks `ttlMs`. @throws RangeError when it is not a positive number. */
export function readTtl(options: RequestStoreOptions): number {
  const ttl = options.ttlMs ?? DEFAULT_REQUEST_TTL_MS;
  if (!(ttl > 0)) throw new RangeError(`typed-ws: request store ttlMs must be positive, got ${ttl}`);
  return ttl;
}
