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
 * Remembered answers with no object per answer: the map holds each answer's position in three
 * parallel queues (its key, its frame and when it was set), in insertion order, which is age
 * order. The oldest go first when they pass `maxAgeMs` or when the byte bound is reached, so a
 * burst of distinct requests can never grow it past `maxBytes`. Lost on restart (a retry after a
 * restart runs again). Every operation is O(1) amortized.
 *
 * Why this shape: a store at its bound holds tens of thousands of answers while requests churn
 * through it. Per answer it keeps two strings (key and frame) and a number in a map, nothing
 * else for the GC to trace; the times sit unboxed in a number array.
 */
export class MemoryRequestStore implements RequestStore {
  /** Key → position of its answer (`#base` + index in the queues). */
  readonly #positions = new Map<string, number>();
  /** The queues, oldest first from `#head`; a forgotten answer leaves an empty key behind. */
  #keys: string[] = [];
  #frames: string[] = [];
  #times: number[] = [];
  #head = 0;
  /** The position of the queues' index 0. */
  #base = 0;
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
    return this.#positions.size;
  }

  get(identity: string, correlationId: string): string | undefined {
    this.#evict(0);
    const position = this.#positions.get(key(identity, correlationId));
    return position === undefined ? undefined : this.#frames[position - this.#base];
  }

  set(identity: string, correlationId: string, frame: string): void {
    const id = key(identity, correlationId);
    const previous = this.#positions.get(id);
    if (previous !== undefined) this.#forget(previous - this.#base);
    const bytes = sizeOf(id, frame);
    if (bytes > this.#maxBytes) return; // larger than the whole store: not remembered
    this.#evict(bytes);
    this.#positions.set(id, this.#base + this.#keys.length);
    this.#keys.push(id);
    this.#frames.push(frame);
    this.#times.push(this.#now());
    this.#bytes += bytes;
  }

  /** Forgets the oldest answers while they are older than `maxAgeMs` or `room` more bytes would not fit. */
  #evict(room: number): void {
    const oldest = this.#now() - this.#maxAgeMs;
    const keys = this.#keys;
    while (this.#head < keys.length) {
      const held = keys[this.#head] !== ""; // no key is empty: each starts with a length and ":"
      if (held && (this.#times[this.#head] as number) > oldest && this.#bytes + room <= this.#maxBytes) break;
      if (held) this.#forget(this.#head);
      this.#head++;
    }
    if (this.#head > 1024 && this.#head * 2 > keys.length) {
      this.#base += this.#head;
      this.#keys = keys.slice(this.#head);
      this.#frames = this.#frames.slice(this.#head);
      this.#times = this.#times.slice(this.#head);
      this.#head = 0;
    }
  }

  /** Forgets the answer at this queue index (its slot stays, emptied, until the head passes it). */
  #forget(index: number): void {
    const id = this.#keys[index] as string;
    this.#positions.delete(id);
    this.#bytes -= sizeOf(id, this.#frames[index] as string);
    this.#keys[index] = "";
    this.#frames[index] = "";
  }
}

/** What one answer counts against `maxBytes`: its key and frame at 2 bytes per UTF-16 unit, plus the overhead. */
function sizeOf(id: string, frame: string): number {
  return frame.length * 2 + id.length * 2 + ANSWER_OVERHEAD_BYTES;
}

/** The map key: the identity's length first, so no (identity, id) pair can be read as another. */
function key(identity: string, correlationId: string): string {
  return `${identity.length}:${identity}${correlationId}`;
}
