/** {@link MemoryRequestStore}: remembered request answers in this process's memory. */
import { type RequestStore, type RequestStoreOptions, readTtl } from "./request-store.ts";

/** Options of {@link MemoryRequestStore}. */
export interface MemoryRequestStoreOptions extends RequestStoreOptions {
  /** Bytes of keys and frames (plus 64 per entry) kept; past it the oldest answers go first. @default 16 MiB */
  maxBytes?: number;
}

interface Entry {
  readonly frame: string;
  readonly at: number;
  readonly bytes: number;
}

/** A map key no two (identity, correlationId) pairs share: the identity's length prefixes it. */
function keyOf(identity: string, correlationId: string): string {
  return `${identity.length}:${identity}${correlationId}`;
}

/** Bytes counted per entry besides its key and frame. */
const ENTRY_OVERHEAD_BYTES = 64;

/**
 * Remembered answers in memory, bounded by age (`ttlMs`) and size (`maxBytes`); the oldest go
 * first. Synchronous. Lost on restart.
 */
export class MemoryRequestStore implements RequestStore {
  readonly ttlMs: number;
  readonly maxBytes: number;
  readonly #now: () => number;
  /** In remember order, so the first entry is always the oldest. */
  readonly #entries = new Map<string, Entry>();
  #bytes = 0;

  /** @throws RangeError for a `ttlMs` that is not positive or a negative `maxBytes`. */
  constructor(options: MemoryRequestStoreOptions = {}) {
    this.ttlMs = readTtl(options);
    this.maxBytes = options.maxBytes ?? 16 * 1024 * 1024;
    if (!(this.maxBytes >= 0)) throw new RangeError("typed-ws: MemoryRequestStore maxBytes must be ≥ 0");
    this.#now = options.now ?? Date.now;
  }

  /** Answers currently remembered. */
  get size(): number {
    return this.#entries.size;
  }

  /** Bytes counted against `maxBytes`. */
  get bytes(): number {
    return this.#bytes;
  }

  remember(identity: string, correlationId: string, frame: string): void {
    const key = keyOf(identity, correlationId);
    this.#delete(key);
    const entry = { frame, at: this.#now(), bytes: key.length + frame.length + ENTRY_OVERHEAD_BYTES };
    this.#entries.set(key, entry);
    this.#bytes += entry.bytes;
    this.#evict();
  }

  lookup(identity: string, correlationId: string): string | undefined {
    this.#evict();
    return this.#entries.get(keyOf(identity, correlationId))?.frame;
  }

  #delete(key: string): void {
    const entry = this.#entries.get(key);
    if (entry === undefined) return;
    this.#entries.delete(key);
    this.#bytes -= entry.bytes;
  }

  /** Drops expired answers, then the oldest while over `maxBytes`. */
  #evict(): void {
    const cutoff = this.#now() - this.ttlMs;
    for (const [key, entry] of this.#entries) {
      if (entry.at > cutoff && this.#bytes <= this.maxBytes) break;
      this.#delete(key);
    }
  }
}
