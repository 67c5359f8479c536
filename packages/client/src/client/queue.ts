import { LimitExceededError } from "../errors.ts";
import { stripUndefined } from "./backoff.ts";
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

/** Fills in the queue defaults. */
export function resolveQueue(options: QueueOptions = {}): ResolvedQueue {
  return { ...DEFAULT_QUEUE, ...stripUndefined(options) };
}

/** UTF-8 length of a string, without allocating. */
export function utf8Length(text: string): number {
  let bytes = 0;
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code < 0x80) bytes += 1;
    else if (code < 0x800) bytes += 2;
    else if (code >= 0xd800 && code <= 0xdbff && i + 1 < text.length) {
      bytes += 4; // a surrogate pair is one 4-byte code point
      i++;
    } else bytes += 3;
  }
  return bytes;
}

interface Slot {
  readonly entry: OutboundEntry;
  readonly bytes: number;
}

/**
 * The offline queue: frames sent while the socket is not open, bounded by count and by bytes,
 * drained in order on open. On overflow it applies its {@link OverflowPolicy}: `drop-oldest`
 * evicts from the front, `drop-newest` discards the incoming frame, `reject` throws.
 */
export class OutboundQueue {
  private slots: Slot[] = [];
  private totalBytes = 0;

  /**
   * @param onDrop called for every dropped entry (after the entry's own `onDrop`).
   * @param onChange called with the new length whenever it changes.
   */
  constructor(
    private readonly options: ResolvedQueue,
    private readonly onDrop: (entry: OutboundEntry, error: LimitExceededError) => void,
    private readonly onChange: (length: number) => void,
  ) {}

  /** Frames waiting. */
  get length(): number {
    return this.slots.length;
  }

  /** Bytes waiting (UTF-8). */
  get bytes(): number {
    return this.totalBytes;
  }

  /**
   * Adds an entry, applying the overflow policy when full.
   * @throws LimitExceededError with policy `reject` when the entry does not fit (nothing is queued).
   */
  push(entry: OutboundEntry): void {
    const bytes = utf8Length(entry.data);
    const { maxMessages, maxBytes, overflow } = this.options;
    const fits = () => this.slots.length < maxMessages && this.totalBytes + bytes <= maxBytes;
    if (!fits()) {
      const policy: OverflowPolicy = bytes > maxBytes && overflow === "drop-oldest" ? "drop-newest" : overflow;
      if (policy === "reject") throw this.error(entry, "rejected");
      if (policy === "drop-newest") {
        this.drop(entry, this.error(entry, "dropped"));
        return;
      }
      while (!fits() && this.slots.length > 0) {
        const oldest = this.slots.shift() as Slot;
        this.totalBytes -= oldest.bytes;
        this.drop(oldest.entry, this.error(oldest.entry, "dropped (oldest)"));
      }
    }
    this.slots.push({ entry, bytes });
    this.totalBytes += bytes;
    this.onChange(this.slots.length);
  }

  /** Removes one entry (an aborted request that was never sent). Returns whether it was queued. */
  remove(entry: OutboundEntry): boolean {
    const index = this.slots.findIndex((slot) => slot.entry === entry);
    if (index === -1) return false;
    const [slot] = this.slots.splice(index, 1);
    this.totalBytes -= (slot as Slot).bytes;
    this.onChange(this.slots.length);
    return true;
  }

  /** Takes every entry out, oldest first. */
  drain(): OutboundEntry[] {
    const entries = this.slots.map((slot) => slot.entry);
    this.clear();
    return entries;
  }

  /** Empties the queue without sending or reporting anything. */
  clear(): void {
    const had = this.slots.length;
    this.slots = [];
    this.totalBytes = 0;
    if (had > 0) this.onChange(0);
  }

  private drop(entry: OutboundEntry, error: LimitExceededError): void {
    entry.onDrop?.(error);
    this.onDrop(entry, error);
  }

  private error(entry: OutboundEntry, what: string): LimitExceededError {
    const { maxMessages, maxBytes } = this.options;
    return new LimitExceededError(
      "queue",
      entry.type,
      `${entry.type}: offline queue full (${maxMessages} messages / ${maxBytes} bytes); message ${what}`,
    );
  }
}
