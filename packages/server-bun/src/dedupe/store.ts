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

/** How long a claim of a shared store lives without renewal by default: 10 s (see {@link RequestStore.claim}). */
export const DEFAULT_CLAIM_MS = 10_000;

/** What {@link RequestStore.claim} found. */
export type RequestClaim =
  /** New: this caller runs the handler (and then `set`s its answer, or `release`s the claim). */
  | { readonly state: "run" }
  /** Running (on another process): `wait` for its answer. */
  | { readonly state: "running" }
  /** Finished: its terminal frame, to send again without running the handler. */
  | { readonly state: "done"; readonly frame: string };

/**
 * Remembers the terminal frame of finished requests, per (identity, correlation id), bounded by age and size.
 *
 * A store shared by several processes (Redis) also implements the optional claim methods
 * (`claim`, `renew`, `release`, `wait`): the router then claims every request before running it,
 * so a retry that reaches another process while the first one still runs it waits for that
 * answer instead of running it again. Single-process stores (memory, SQLite) leave them out.
 */
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
  /**
   * Optional (shared stores): claims the request atomically across processes before its handler
   * runs. `"run"`: this process runs it; the claim lives `ttlMs` unless `renew`ed, and ends with
   * `set` (the answer) or `release`. `"running"`: another process holds a live claim. `"done"`:
   * its remembered frame. When present, the router calls it instead of `get`.
   */
  claim?(identity: string, correlationId: string, ttlMs: number): MaybePromise<RequestClaim>;
  /** Optional: keeps this process's claim alive another `ttlMs`; false when it is no longer held (expired or answered). */
  renew?(identity: string, correlationId: string, ttlMs: number): MaybePromise<boolean>;
  /** Optional: ends this process's claim without an answer (the run gave none), so a retry may run it at once. */
  release?(identity: string, correlationId: string): MaybePromise<void>;
  /**
   * Optional: the terminal frame of a request claimed elsewhere once it is `set` (at once if it
   * was); undefined when `timeoutMs` passes first or nothing is claimed or remembered for it.
   */
  wait?(identity: string, correlationId: string, timeoutMs: number): MaybePromise<string | undefined>;
  /** Optional: how long a claim lives without renewal, in ms (the router renews it every third of it). @default 10000 */
  readonly claimMs?: number;
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
