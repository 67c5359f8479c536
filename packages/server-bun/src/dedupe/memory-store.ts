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

/** Identity → (correlation id → slot). */
type Positions = Map<string, Map<string, number>>;

/** Slots the queue starts with (it doubles when full). */
const INITIAL_SLOTS = 1024;

/**
 * Remembered answers with no object per answer: maps by identity and correlation id hold each
 * answer's slot in a ring of four parallel arrays (its identity, its correlation id, its frame
 * and when it was set), in insertion order, which is age order. The oldest go first when they
 * pass `maxAgeMs` or when the byte bound is reached, so a burst of distinct requests can never
 * grow it past `maxBytes`. Lost on restart (a retry after a restart runs again). Every operation
 * is O(1) amortized.
 *
 * Why this shape: a store at its bound holds tens of thousands of answers while requests churn
 * through it. Per answer it keeps two strings it was given (the correlation id and the frame; the
 * identity string is shared) and a number, nothing else for the GC to trace; the times sit
 * unboxed in a number array. No key is built per call: the maps are keyed by the strings the
 * caller passes, whose hashes the engine computes once per string. The ring is never copied at
 * its steady size: slots are reused in place (it doubles, moving each answer once, only while
 * the store grows). The maps are never deleted from: they come in two generations, and the
 * older is dropped whole once every answer in it is gone (see `#young`).
 */
export class MemoryRequestStore implements RequestStore {
  /**
   * Identity → (correlation id → slot of its answer in the ring), in two generations: answers
   * set since `#youngFrom` go to `#young`; `#old` has the generation before. Nothing is ever
   * deleted from them (a forgotten answer's entry points at a slot that no longer holds it, and
   * is ignored): once the ring's head passed `#youngFrom`, every answer in `#old` is gone, so
   * `#old` is dropped whole and `#young` becomes `#old`. Deleting entry by entry from a map of
   * tens of thousands was the store's largest cost.
   */
  #young: Positions = new Map();
  #old: Positions = new Map();
  /** Answers are numbered in the order they were set: the number of the answer at `#head`, and the first in `#young`. */
  #headNumber = 0;
  #youngFrom = 0;
  /** The ring, oldest first from `#head`; a forgotten answer leaves an undefined identity behind. */
  #identities: (string | undefined)[] = new Array(INITIAL_SLOTS).fill(undefined);
  #ids: string[] = new Array(INITIAL_SLOTS).fill("");
  #frames: string[] = new Array(INITIAL_SLOTS).fill("");
  #times: number[] = new Array(INITIAL_SLOTS).fill(0);
  /** Slots in the ring minus one (the ring's length is a power of two). */
  #mask = INITIAL_SLOTS - 1;
  /** The oldest slot in use, and how many slots from it are in use (held or forgotten). */
  #head = 0;
  #used = 0;
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
    const slot = this.#find(identity, correlationId);
    return slot === undefined ? undefined : this.#frames[slot];
  }

  /** The slot holding the answer of (identity, correlation id), if one is held. */
  #find(identity: string, correlationId: string): number | undefined {
    const young = this.#young.get(identity)?.get(correlationId);
    if (young !== undefined && this.#holds(young, identity, correlationId)) return young;
    const old = this.#old.get(identity)?.get(correlationId);
    return old !== undefined && this.#holds(old, identity, correlationId) ? old : undefined;
  }

  #holds(slot: number, identity: string, correlationId: string): boolean {
    return this.#identities[slot] === identity && this.#ids[slot] === correlationId;
  }

  set(identity: string, correlationId: string, frame: string): void {
    const previous = this.#find(identity, correlationId);
    if (previous !== undefined) this.#forget(previous);
    const bytes = sizeOf(identity, correlationId, frame);
    if (bytes > this.#maxBytes) return; // larger than the whole store: not remembered
    this.#evict(bytes);
    if (this.#used > this.#mask) this.#grow();
    if (this.#headNumber >= this.#youngFrom) {
      // Every answer of the old generation is gone: drop it, and start a new one.
      this.#old = this.#young;
      this.#young = new Map();
      this.#youngFrom = this.#headNumber + this.#used;
    }
    const slot = (this.#head + this.#used) & this.#mask;
    let ids = this.#young.get(identity);
    if (ids === undefined) {
      ids = new Map();
      this.#young.set(identity, ids);
    }
    ids.set(correlationId, slot);
    this.#identities[slot] = identity;
    this.#ids[slot] = correlationId;
    this.#frames[slot] = frame;
    this.#times[slot] = this.#now();
    this.#used++;
    this.#bytes += bytes;
    this.#size++;
  }

  /** Forgets the oldest answers while they are older than `maxAgeMs` or `room` more bytes would not fit. */
  #evict(room: number): void {
    const oldest = this.#now() - this.#maxAgeMs;
    while (this.#used > 0) {
      const slot = this.#head;
      if (this.#identities[slot] !== undefined) {
        if ((this.#times[slot] as number) > oldest && this.#bytes + room <= this.#maxBytes) return;
        this.#forget(slot);
      }
      this.#head = (slot + 1) & this.#mask;
      this.#headNumber++;
      this.#used--;
    }
  }

  /**
   * Doubles the ring, moving every slot in use (in order, from index 0; forgotten ones stay
   * empty), and makes the held answers the young generation, at their new slots.
   */
  #grow(): void {
    const slots = (this.#mask + 1) * 2;
    const identities: (string | undefined)[] = new Array(slots).fill(undefined);
    const ids: string[] = new Array(slots).fill("");
    const frames: string[] = new Array(slots).fill("");
    const times: number[] = new Array(slots).fill(0);
    const young: Positions = new Map();
    for (let i = 0; i < this.#used; i++) {
      const from = (this.#head + i) & this.#mask;
      const identity = this.#identities[from];
      if (identity === undefined) continue;
      const id = this.#ids[from] as string;
      identities[i] = identity;
      ids[i] = id;
      frames[i] = this.#frames[from] as string;
      times[i] = this.#times[from] as number;
      let positions = young.get(identity);
      if (positions === undefined) {
        positions = new Map();
        young.set(identity, positions);
      }
      positions.set(id, i);
    }
    this.#young = young;
    this.#old = new Map();
    this.#youngFrom = this.#headNumber;
    this.#identities = identities;
    this.#ids = ids;
    this.#frames = frames;
    this.#times = times;
    this.#mask = slots - 1;
    this.#head = 0;
  }

  /** Forgets the answer in this slot (the slot stays, emptied, until the head passes it). */
  #forget(slot: number): void {
    const identity = this.#identities[slot] as string;
    const correlationId = this.#ids[slot] as string;
    this.#bytes -= sizeOf(identity, correlationId, this.#frames[slot] as string);
    this.#size--;
    this.#identities[slot] = undefined;
    this.#ids[slot] = "";
    this.#frames[slot] = "";
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
