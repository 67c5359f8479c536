/** {@link MemoryRequestStore}: remembered answers in this process's memory. */
import { DEFAULT_REMEMBER_MS, type RequestStore, type RequestStoreOptions } from "./store.ts";

/** Options of {@link MemoryRequestStore}. */
export interface MemoryRequestStoreOptions extends RequestStoreOptions {
  /**
   * Bytes the store may hold: every remembered answer counts its frame, its key (2 bytes per
   * UTF-16 unit) and {@link ANSWER_OVERHEAD_BYTES}; past it the oldest answers are forgotten
   * first. @default 16 MiB (about 60,000 small answers)
   */
  maxBytes?: number;
}

/** Bytes counted per remembered answer besides its frame and key (the map entry and the record). */
export const ANSWER_OVERHEAD_BYTES = 120;

/** The default memory bound: 16 MiB. */
export const DEFAULT_MAX_ANSWER_BYTES = 16 * 1024 * 1024;

interface Answer {
  readonly key: string;
  readonly frame: string;
  readonly at: number;
  readonly bytes: number;
}

/**
 * Remembered answers in a `Map`, with their insertion order (which is age order) in a queue:
 * the oldest go first when they pass `maxAgeMs` or when the byte bound is reached, so a burst of
 * distinct requests can never grow it past `maxBytes`. Lost on restart (a retry after a restart
 * runs again). Every operation is O(1) amortized.
 */
export class MemoryRequestStore implements RequestStore {
  readonly #answers = new Map<string, Answer>();
  /** Every answer set, oldest first from `#head` (entries replaced or forgotten are skipped). */
  #order: Answer[] = [];
  #head = 0;
  readonly #maxAgeMs: number;
  readonly #maxBytes: number;
  readonly #now: () => number;
  #bytes = 0;

  /** @throws RangeError for a non-positive `maxAgeMs` or `maxBytes`. */
  constructor(options: MemoryRequestStoreOptions = {}) {
    this.#maxAgeMs = options.maxAgeMs ?? DEFAULT_REMEMBER_MS;
    this.#maxBytes = options.maxBytes ?? DEFAULT_MAX_ANSWER_BYTES;
    this.#now = options.now ?? Date.now;
    if (!(this.#maxAgeMs > 0) || !(this.#maxBytes > 0)) {
      throw new RangeError("typed-ws: MemoryRequestStore maxAgeMs and maxBytes must be positive");
    }
  }

  /** Bytes held (frames, keys and overhead), never more than `maxBytes`. */
  get bytes(): number {
    return this.#bytes;
  }

  /** Answers held. */
  get size(): number {
    return this.#answers.size;
  }

  get(identity: string, correlationId: string): string | undefined {
    this.#evict(0);
    return this.#answers.get(key(identity, correlationId))?.frame;
  }

  set(identity: string, correlationId: string, frame: string): void {
    const id = key(identity, correlationId);
    const bytes = frame.length * 2 + id.length * 2 + ANSWER_OVERHEAD_BYTES;
    const previous = this.#answers.get(id);
    if (previous !== undefined) this.#forget(previous);
    if (bytes > this.#maxBytes) return; // larger than the whole store: not remembered
    this.#evict(bytes);
    const answer: Answer = { key: id, frame, at: this.#now(), bytes };
    this.#answers.set(id, answer);
    this.#order.push(answer);
    this.#bytes += bytes;
  }

  /** Forgets the oldest answers while they are older than `maxAgeMs` or `room` more bytes would not fit. */
  #evict(room: number): void {
    const oldest = this.#now() - this.#maxAgeMs;
    const order = this.#order;
    while (this.#head < order.length) {
      const answer = order[this.#head] as Answer;
      const held = this.#answers.get(answer.key) === answer;
      if (held && answer.at > oldest && this.#bytes + room <= this.#maxBytes) break;
      if (held) this.#forget(answer);
      this.#head++;
    }
    if (this.#head > 1024 && this.#head * 2 > order.length) {
      this.#order = order.slice(this.#head);
      this.#head = 0;
    }
  }

  #forget(answer: Answer): void {
    this.#answers.delete(answer.key);
    this.#bytes -= answer.bytes;
  }
}

/** The map key: the identity's length first, so no (identity, id) pair can be read as another. */
function key(identity: string, correlationId: string): string {
  return `${identity.length}:${identity}${correlationId}`;
}
