import { LimitExceededError } from "../errors.ts";
import type { QueueOptions } from "./types.ts";

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

/** The offline queue (see {@link createQueue}). */
export interface OutboundQueue {
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

/** What {@link createQueue} needs. */
export interface QueueDeps {
  readonly options: ResolvedQueue;
  /** Called for every dropped entry (after the entry's own `onDrop`). */
  readonly onDrop: (entry: OutboundEntry, error: LimitExceededError) => void;
  /** Called with the new length whenever it changes. */
  readonly onChange: (length: number) => void;
}

/**
 * The offline queue: frames sent while the socket is not open, bounded by count and by bytes,
 * drained in order on open. On overflow it applies its {@link OverflowPolicy}: `drop-oldest`
 * evicts from the front, `drop-newest` discards the incoming frame, `reject` throws.
 */
export function createQueue({ options, onDrop, onChange }: QueueDeps): OutboundQueue {
  const { maxMessages, maxBytes, overflow } = options;
  let entries: OutboundEntry[] = [];
  let total = 0;
  const full = (entry: OutboundEntry, dropped = "") =>
    new LimitExceededError("queue", entry.type, `${entry.type}: offline queue full${dropped}`);
  const drop = (entry: OutboundEntry) => {
    const error = full(entry, "; message dropped");
    entry.onDrop?.(error);
    onDrop(entry, error);
  };
  // Sizes are measured again on the way out instead of stored: the offline path is not hot.
  const take = (index: number) => {
    const [entry] = entries.splice(index, 1) as [OutboundEntry];
    total -= utf8Length(entry.data);
    return entry;
  };
  const clear = () => {
    if (entries.length === 0) return;
    entries = [];
    total = 0;
    onChange(0);
  };
  return {
    push(entry) {
      const bytes = utf8Length(entry.data);
      const fits = () => entries.length < maxMessages && total + bytes <= maxBytes;
      if (!fits()) {
        if (overflow === "reject") throw full(entry);
        // A frame larger than the whole queue can never fit: evicting for it would only lose data.
        if (overflow === "drop-newest" || bytes > maxBytes) return drop(entry);
        while (!fits() && entries.length > 0) drop(take(0));
      }
      entries.push(entry);
      total += bytes;
      onChange(entries.length);
    },
    remove(entry) {
      const index = entries.indexOf(entry);
      if (index === -1) return;
      take(index);
      onChange(entries.length);
    },
    drain() {
      const drained = entries;
      clear();
      return drained;
    },
    clear,
  };
}
