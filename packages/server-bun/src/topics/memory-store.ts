/** {@link MemoryTopicStore}: topic history in this process's memory. */
import {
  type HistoryLimits,
  NOT_HELD,
  randomEpoch,
  type StoreClockOption,
  type StoredPublication,
  type TopicPosition,
  type TopicStore,
} from "./store.ts";

/** Options of {@link MemoryTopicStore}. */
export interface MemoryTopicStoreOptions extends StoreClockOption {
  /**
   * Bytes of stored frames (plus a fixed overhead per publication) the store keeps across all
   * topics; past it the oldest publications of any topic are dropped first. @default 64 MiB
   */
  maxBytes?: number;
  /** The epoch of every topic. @default random per store (so per process start) */
  epoch?: string;
}

/** Bytes counted per stored publication besides its frame (the entry object and array slots). */
export const ENTRY_OVERHEAD_BYTES = 96;

interface Entry extends StoredPublication {
  readonly at: number;
  readonly log: TopicLog;
  readonly bytes: number;
}

/** One topic: its latest offset and the publications still held, oldest first from `start`. */
interface TopicLog {
  offset: number;
  entries: Entry[];
  start: number;
  limits: HistoryLimits;
}

/**
 * Topic history in memory: one epoch per store (random, so a restart starts a new epoch and
 * clients are told `recovered: false`), per-topic count and age limits, and a global byte cap.
 * Synchronous. A topic's counter (a few dozen bytes) is kept for the process's life once the
 * topic was published to or subscribed.
 */
export class MemoryTopicStore implements TopicStore {
  readonly epoch: string;
  readonly maxBytes: number;
  readonly #now: () => number;
  readonly #logs = new Map<string, TopicLog>();
  /** Every held entry in append order, from `#start`: the global eviction queue. */
  #all: Entry[] = [];
  #start = 0;
  #bytes = 0;

  constructor(options: MemoryTopicStoreOptions = {}) {
    this.epoch = options.epoch ?? randomEpoch();
    this.maxBytes = options.maxBytes ?? 64 * 1024 * 1024;
    if (!(this.maxBytes >= 0)) throw new RangeError("typed-ws: MemoryTopicStore maxBytes must be ≥ 0");
    this.#now = options.now ?? Date.now;
  }

  /** Bytes currently counted against `maxBytes`. */
  get bytes(): number {
    return this.#bytes;
  }

  /** Publications currently held, across all topics. */
  get size(): number {
    let count = 0;
    for (const log of this.#logs.values()) count += log.entries.length - log.start;
    return count;
  }

  append(topic: string, frame: string, limits: HistoryLimits): TopicPosition {
    const log = this.#log(topic);
    log.limits = limits;
    const offset = ++log.offset;
    const now = this.#now();
    if (limits.maxCount > 0) {
      const entry: Entry = { offset, frame, at: now, log, bytes: frame.length + ENTRY_OVERHEAD_BYTES };
      log.entries.push(entry);
      this.#all.push(entry);
      this.#bytes += entry.bytes;
    }
    while (log.entries.length - log.start > limits.maxCount) this.#dropOldest(log);
    this.#evict(now);
    return { epoch: this.epoch, offset };
  }

  head(topic: string): TopicPosition {
    return { epoch: this.epoch, offset: this.#log(topic).offset };
  }

  readAfter(
    topic: string,
    epoch: string,
    offset: number,
    limits: HistoryLimits,
  ): readonly StoredPublication[] | typeof NOT_HELD {
    const log = this.#logs.get(topic);
    const latest = log?.offset ?? 0;
    if (epoch !== this.epoch || offset > latest || offset < 0) return NOT_HELD;
    if (log === undefined || offset === latest) return [];
    const cutoff = this.#now() - limits.maxAgeMs;
    const first = log.entries[log.start];
    // The publication right after `offset` must still be held (and young enough).
    if (first === undefined || first.offset > offset + 1) return NOT_HELD;
    const from = log.start + (offset + 1 - first.offset);
    if ((log.entries[from] as Entry).at < cutoff) return NOT_HELD;
    return log.entries.slice(from).map(({ offset, frame }) => ({ offset, frame }));
  }

  #log(topic: string): TopicLog {
    let log = this.#logs.get(topic);
    if (log === undefined) {
      log = { offset: 0, entries: [], start: 0, limits: { maxCount: 0, maxAgeMs: 0 } };
      this.#logs.set(topic, log);
    }
    return log;
  }

  /** Drops a topic's oldest held publication (it stays in the global queue, skipped later). */
  #dropOldest(log: TopicLog): void {
    const entry = log.entries[log.start] as Entry;
    log.start++;
    this.#bytes -= entry.bytes;
    if (log.start > 32 && log.start * 2 > log.entries.length) {
      log.entries = log.entries.slice(log.start);
      log.start = 0;
    }
  }

  /** Drops the oldest publications of any topic while over `maxBytes` or past their topic's age. */
  #evict(now: number): void {
    while (this.#start < this.#all.length) {
      const entry = this.#all[this.#start] as Entry;
      const log = entry.log;
      const held = log.entries[log.start] === entry;
      if (held && this.#bytes <= this.maxBytes && entry.at >= now - log.limits.maxAgeMs) break;
      if (held) this.#dropOldest(log);
      this.#start++;
    }
    if (this.#start > 1024 && this.#start * 2 > this.#all.length) {
      this.#all = this.#all.slice(this.#start);
      this.#start = 0;
    }
  }
}
