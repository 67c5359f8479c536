/**
 * Where remembered answers live. The router remembers the terminal frame of every request whose
 * handler ran, keyed by (identity, correlation id), so a retry of the same request is answered
 * again without running the handler twice (PROTOCOL.md v1.1, "Requests that survive a
 * reconnect"). Two implementations ship: {@link MemoryRequestStore} (one process, lost on
 * restart) and {@link SqliteRequestStore} (a `bun:sqlite` file, survives restarts, and can share a
 * transaction with `SqliteTopicStore`). Every method may return a promise (a shared store such as
 * Redis: `GET`, `SET … PX ttl`); synchronous stores cost no promise per request.
 */
import type { MaybePromise } from "../topics/store.ts";

/** How long an answer is remembered by default: 60 s (PROTOCOL.md). */
export const DEFAULT_REMEMBER_MS = 60_000;

/** Remembers the terminal frame of finished requests, per (identity, correlation id), bounded by age and size. */
export interface RequestStore {
  /** The terminal frame remembered for this request, or undefined (never seen, or forgotten: too old or evicted). */
  get(identity: string, correlationId: string): MaybePromise<string | undefined>;
  /**
   * Remembers `frame` as the terminal answer of this request (for the store's `maxAgeMs`).
   * The router sends the answer only once this returned (or resolved), so an answer the client
   * saw is remembered. Inside {@link SqliteRequestStore.atomic} it joins that transaction.
   */
  set(identity: string, correlationId: string, frame: string): MaybePromise<void>;
  /**
   * Runs `send` once what `set` wrote is durable: at once, or — inside a transaction such as
   * {@link SqliteRequestStore.atomic} — right after it commits; `abandon` instead when it rolls
   * back. Optional: without it, `send` runs right after `set`.
   */
  afterCommit?(send: () => void, abandon: () => void): void;
  /** Releases resources (closes the database). Optional. */
  close?(): void;
}

/** Options both built-in stores take. */
export interface RequestStoreOptions {
  /** How long an answer is remembered, in ms. @default 60000 */
  maxAgeMs?: number;
  /** The clock answers are timed with. @default Date.now */
  now?: () => number;
}
