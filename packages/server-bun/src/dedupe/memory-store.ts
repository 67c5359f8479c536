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

/** Bytes counted per remembered answer besides its frame and key (the map entry and its queue slots). */
export const ANSWER_OVERHEAD_BYTES = 120;

/** The default memory bound: 16 MiB. */
export const DEFAULT_MAX_ANSWER_BYTES = 16 * 1024 * 1024;

/**
 * Remembered answers with no object per answer: a map per identity holds each answer's position
 * in four parallel queues (its identity, its correlation id, its frame and when it was set), in
 * insertion order, which is age order. The oldest go first when they pass `maxAgeMs` or when the
 * byte bound is reached, so a burst of distinct requests can never grow it past `maxBytes`. Lost
 * on restart (a retry after a restart runs again). Every operation is O(1) amortized.
 *
 * Why this shape: a store at its bound holds tens of thousands of answers while requests churn
 * through it. Per answer it keeps two strings it was given (the correlation id and the frame; the
 * identity string is shared) and a number, nothing else for the GC to trace; the times sit
 * unboxed in a number array. No key is built per call: the maps are keyed by the strings the
 * caller passes, whose hashes the engine computes once per string.
 */
export class MemoryRequestStore implements RequestStore {
  /** Identity → (correlation id → position of its answer: `#base` + index in the queues). */
  readonly #positions = new Map<string, Map<string, number>>();
  /** The queues, oldest first from `#head`; a forgotten answer leaves an undefined identity behind. */
  #identities: (string | undefined)[] = [];
  #ids: string[] = [];
  #frames: string[] = [];
  #times: number[] = [];
  #head = 0;
  /** The position of the queues' index 0. */
  #base = 0;
  #size = 0;
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
    return this.#size;
  }

  get(identity: string, correlationId: string): string | undefined {
    this.#evict(0);
    const position = this.#positions.get(identity)?.get(correlationId);
    return position === undefined ? undefined : this.#frames[position - this.#base];
  }

  set(identity: string, correlationId: string, frame: string): void {
    let ids = this.#positions.get(identity);
    const previous = ids?.get(correlationId);
    if (previous !== undefined) this.#forget(previous - this.#base);
    const bytes = sizeOf(identity, correlationId, frame);
    if (bytes > this.#maxBytes) return; // larger than the whole store: not remembered
    this.#evict(bytes);
    ids = this.#positions.get(identity); // eviction may have dropped the identity's map
    if (ids === undefined) {
      ids = new Map();
      this.#positions.set(identity, ids);
    }
    ids.set(correlationId, this.#base + this.#ids.length);
    this.#identities.push(identity);
    this.#ids.push(correlationId);
    this.#frames.push(frame);
    this.#times.push(this.#now());
    this.#bytes += bytes;
    this.#size++;
  }

  /** Forgets the oldest answers while they are older than `maxAgeMs` or `room` more bytes would not fit. */
  #evict(room: number): void {
    const oldest = this.#now() - this.#maxAgeMs;
    const identities = this.#identities;
    while (this.#head < identities.length) {
      const held = identities[this.#head] !== undefined;
      if (held && (this.#times[this.#head] as number) > oldest && this.#bytes + room <= this.#maxBytes) break;
      if (held) this.#forget(this.#head);
      this.#head++;
    }
    if (this.#head > 1024 && this.#head * 2 > identities.length) {
      this.#base += this.#head;
      this.#identities = identities.slice(this.#head);
      this.#ids = this.#ids.slice(this.#head);
      this.#frames = this.#frames.slice(this.#head);
      this.#times = this.#times.slice(this.#head);
      this.#head = 0;
    }
  }

  /** Forgets the answer at this queue index (its slot stays, emptied, until the head passes it). */
  #forget(index: number): void {
    const identity = this.#identities[index] as string;
    const correlationId = this.#ids[index] as string;
    const ids = this.#positions.get(identity) as Map<string, number>;
    ids.delete(correlationId);
    if (ids.size === 0) this.#positions.delete(identity);
    this.#bytes -= sizeOf(identity, correlationId, this.#frames[index] as string);
    this.#size--;
    this.#identities[index] = undefined;
    this.#ids[index] = "";
    this.#frames[index] = "";
  }
}

/**
 * What one answer counts against `maxBytes`: its frame and its key — `<identity length>:<identity><id>`,
 * as if that string were held — at 2 bytes per UTF-16 unit, plus the overhead.
 */
function sizeOf(identity: string, correlationId: string, frame: string): number {
  const keyLength = decimalDigits(identity.length) + 1 + identity.length + correlationId.length;
  return frame.length * 2 + keyLength * 2 + ANSWER_OVERHEAD_BYTES;
}

function decimalDigits(n: number): number {
  let digits = 1;
  while (n >= 10) {
    n = Math.floor(n / 10);
    digits++;
  }
  return digits;
}
