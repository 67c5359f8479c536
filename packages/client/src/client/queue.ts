import { LimitExceededError } from "../errors.ts";
import type { OverflowPolicy, QueueOptions } from "./types.ts";

/** One serialized frame on its way out. */
export interface OutboundEntry {
  /** The message type (for drop reports). */
  readonly type: string;
  /** The text frame. */
  readonly data: string;
  /** Called right after the frame is handed to the socket (a request starts its timeout here). */
  readonly onSent?: () => void;
  /** Called when the queue drops this entry (a request rejects with the error here). */
  readonly onDrop?: (error: LimitExceededError) => void;
}

/** Queue settings with every default filled in. */
export type ResolvedQueue = Required<QueueOptions>;

/** The queue defaults: 1000 messages, 1 MiB, drop the oldest. */
export const DEFAULT_QUEUE: ResolvedQueue = { maxMessages: 1000, maxBytes: 1024 * 1024, overflow: "drop-oldest" };

/** UTF-8 length of a string (a lone surrogate counts as U+FFFD, 3 bytes). */
export function utf8Length(text: string): number {
  return new TextEncoder().encode(text).length; // offline path only: not worth a cached encoder
}

interface Slot {
  readonly entry: OutboundEntry;
  readonly bytes: number;
}

/** The offline queue (see {@link createQueue}). */
export interface OutboundQueue {
  /** Frames waiting. */
  readonly length: number;
  /** Bytes waiting (UTF-8). */
  readonly bytes: number;
  /**
   * Adds an entry, applying the overflow policy when full.
   * @throws LimitExceededError with policy `reject` when the entry does not fit (nothing is queued).
   */
  push(entry: OutboundEntry): void;
  /** Removes one entry (an aborted request that was never sent). */
  remove(entry: OutboundEntry): void;
  /** Takes every entry out, oldest first. */
  drain(): OutboundEntry[];
  /** Empties the queue without sending or reporting anything. */
  clear(): void;
}

/**
 * The offline queue: frames sent while the socket is not open, bounded by count and by bytes,
 * drained in order on open. On overflow it applies its {@link OverflowPolicy}: `drop-oldest`
 * evicts from the front, `drop-newest` discards the incoming frame, `reject` throws.
 * `onDrop` is called for every dropped entry (after the entry's own `onDrop`), `onChange` with
 * the new length whenever it changes.
 */
export function createQueue(
  options: ResolvedQueue,
  onDrop: (entry: OutboundEntry, error: LimitExceededError) => void,
  onChange: (length: number) => void,
): OutboundQueue {
  const { maxMessages, maxBytes, overflow } = options;
  let slots: Slot[] = [];
  let total = 0;
  const full = (entry: OutboundEntry, dropped = "") =>
    new LimitExceededError("queue", entry.type, `${entry.type}: offline queue full${dropped}`);
  const drop = (entry: OutboundEntry) => {
    const error = full(entry, "; message dropped");
    entry.onDrop?.(error);
    onDrop(entry, error);
  };
  const clear = () => {
    const had = slots.length;
    slots = [];
    total = 0;
    if (had > 0) onChange(0);
  };
  return {
    get length() {
      return slots.length;
    },
    get bytes() {
      return total;
    },
    push(entry) {
      const bytes = utf8Length(entry.data);
      const fits = () => slots.length < maxMessages && total + bytes <= maxBytes;
      if (!fits()) {
        const policy: OverflowPolicy = bytes > maxBytes && overflow === "drop-oldest" ? "drop-newest" : overflow;
        if (policy === "reject") throw full(entry);
        if (policy === "drop-newest") return drop(entry);
        while (!fits() && slots.length > 0) {
          const oldest = slots.shift() as Slot;
          total -= oldest.bytes;
          drop(oldest.entry);
        }
      }
      slots.push({ entry, bytes });
      total += bytes;
      onChange(slots.length);
    },
    remove(entry) {
      const index = slots.findIndex((slot) => slot.entry === entry);
      if (index === -1) return;
      total -= (slots.splice(index, 1)[0] as Slot).bytes;
      onChange(slots.length);
    },
    drain() {
      const entries = slots.map((slot) => slot.entry);
      clear();
      return entries;
    },
    clear,
  };
}
