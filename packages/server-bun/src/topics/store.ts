/**
 * Where topic history lives. The router numbers every publication to a declared topic through
 * a {@link TopicStore} and reads the missed ones back when a client subscribes with `since`.
 * Two implementations ship: {@link MemoryTopicStore} (one process, lost on restart) and
 * {@link SqliteTopicStore} (a file through `bun:sqlite`, survives restarts). The interface is
 * shaped for a shared store (Redis: `INCR` + `XADD` in one script for `append`, `XRANGE` for
 * `readAfter`): every method may return a promise; synchronous stores return plain values and
 * cost no promise per publication.
 */

/** A value or a promise of it: stores may be synchronous (memory, SQLite) or not (Redis). */
export type MaybePromise<T> = T | Promise<T>;

/** A point in a topic's history: its epoch and an offset (0 = before the first publication). */
export interface TopicPosition {
  /** Names the topic's history; changes whenever history was lost (e.g. a restart of a memory store). */
  readonly epoch: string;
  /** Offset of the latest publication; 0 when there is none. */
  readonly offset: number;
}

/** One stored publication. */
export interface StoredPublication {
  readonly offset: number;
  /** The frame as published, without `meta.topic`/`meta.offset` (the router adds them on the way out). */
  readonly frame: string;
}

/** How much history a topic keeps. */
export interface HistoryLimits {
  /** Publications kept per topic (the newest). `0` keeps none (offsets still count). */
  readonly maxCount: number;
  /** Age after which a publication is no longer held, in ms. */
  readonly maxAgeMs: number;
}

/** The history bounds of a topic declared without `history`: the last 100 publications, at most 5 minutes old. */
export const DEFAULT_HISTORY: HistoryLimits = Object.freeze({ maxCount: 100, maxAgeMs: 5 * 60_000 });

/** What `readAfter` answers when it cannot return every publication asked for. */
export const NOT_HELD = "not-held";

/** Numbers, stores and reads back topic publications. */
export interface TopicStore {
  /**
   * Numbers one publication and stores it, as one atomic step: its offset is the topic's latest
   * plus 1 (1 for the first of an epoch), never reused within the epoch. Trims the topic to
   * `limits`. Resolves with the epoch and the offset given.
   */
  append(topic: string, frame: string, limits: HistoryLimits): MaybePromise<TopicPosition>;
  /** The topic's epoch and latest offset (offset 0 for a topic never published to). */
  head(topic: string): MaybePromise<TopicPosition>;
  /**
   * Every publication of `topic` after `offset`, in order, when `epoch` is the topic's epoch and
   * all of them are still held (within `limits`); otherwise {@link NOT_HELD}. An `offset` at the
   * latest gives `[]`; one beyond it is not held.
   */
  readAfter(
    topic: string,
    epoch: string,
    offset: number,
    limits: HistoryLimits,
  ): MaybePromise<readonly StoredPublication[] | typeof NOT_HELD>;
  /** Releases resources (closes the database). Optional. */
  close?(): void;
}

/** Options both built-in stores take. */
export interface StoreClockOption {
  /** The clock publications are timed with (for age limits). @default Date.now */
  now?: () => number;
}

/** A short random epoch name (64 bits, base64url). */
export function randomEpoch(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(8));
  return Buffer.from(bytes).toString("base64url");
}
