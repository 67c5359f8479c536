/**
 * Keeps each topic's announcements gap-free and in order on one process. Redis pub/sub delivers
 * in publish order, but a process misses what was announced while its subscriber connection was
 * down. The sequencer remembers the last offset it passed on per topic; an announcement that
 * skips ahead (or a reconnect) makes it read the missing publications from the topic's history
 * first, holding that topic's later announcements meanwhile. Duplicates (an announcement a read
 * already covered) are dropped. What history no longer holds stays a gap (clients recover it or
 * are told `recovered: false`).
 */
import type { NumberedAnnouncement } from "./announcement.ts";

/** A publication as the sequencer passes it on. */
export type SequencedPublication = Omit<NumberedAnnouncement, "kind">;

/** Publications of `topic` in `epoch` after offset `after`, in order; undefined when the epoch is no longer the topic's. */
export type HistoryReader = (
  topic: string,
  epoch: string,
  after: number,
) => Promise<readonly { offset: number; frame: string; origin: string }[] | undefined>;

interface Cursor {
  epoch: string;
  /** Last offset passed on. */
  offset: number;
  /** While a read fills a gap: the announcements that arrived meanwhile. */
  queue: NumberedAnnouncement[] | undefined;
}

/** See the module comment. */
export class AnnouncementSequencer {
  readonly #read: HistoryReader;
  readonly #emit: (publication: SequencedPublication) => void;
  readonly #maxTopics: number;
  readonly #cursors = new Map<string, Cursor>();

  /**
   * @param read reads history to fill a gap
   * @param emit receives every publication, in offset order per topic
   * @param maxTopics topics tracked at most (the oldest tracked is forgotten first). @default 10,000
   */
  constructor(read: HistoryReader, emit: (publication: SequencedPublication) => void, maxTopics = 10_000) {
    this.#read = read;
    this.#emit = emit;
    this.#maxTopics = maxTopics;
  }

  /** Topics tracked now. */
  get size(): number {
    return this.#cursors.size;
  }

  /** Takes one announcement from the channel. */
  push(announcement: NumberedAnnouncement): void {
    const cursor = this.#cursors.get(announcement.topic);
    if (cursor?.queue !== undefined) {
      cursor.queue.push(announcement);
      return;
    }
    if (cursor !== undefined && cursor.epoch === announcement.epoch) {
      if (announcement.offset <= cursor.offset) return; // already passed on (a read covered it)
      if (announcement.offset > cursor.offset + 1) {
        this.#fill(announcement.topic, cursor, [announcement]);
        return;
      }
    }
    this.#pass(announcement);
  }

  /** After the subscriber reconnected: reads what every tracked topic missed meanwhile. */
  resync(): void {
    for (const [topic, cursor] of this.#cursors) if (cursor.queue === undefined) this.#fill(topic, cursor, []);
  }

  #pass(publication: SequencedPublication): void {
    const { topic, epoch, offset } = publication;
    const cursor = this.#cursors.get(topic);
    if (cursor === undefined) {
      if (this.#cursors.size >= this.#maxTopics) {
        const oldest = this.#cursors.keys().next().value;
        if (oldest !== undefined) this.#cursors.delete(oldest);
      }
      this.#cursors.set(topic, { epoch, offset, queue: undefined });
    } else {
      cursor.epoch = epoch;
      cursor.offset = offset;
    }
    this.#emit(publication);
  }

  #fill(topic: string, cursor: Cursor, queue: NumberedAnnouncement[]): void {
    cursor.queue = queue;
    const { epoch } = cursor;
    this.#read(topic, epoch, cursor.offset)
      .then((entries) => {
        for (const entry of entries ?? []) {
          if (cursor.epoch === epoch && entry.offset > cursor.offset) this.#pass({ topic, epoch, ...entry });
        }
      })
      .catch(() => undefined) // Redis unreachable: pass on what came; the gap stays for clients to see
      .finally(() => {
        const held = cursor.queue ?? [];
        cursor.queue = undefined;
        for (const announcement of held) {
          if (announcement.epoch === cursor.epoch && announcement.offset <= cursor.offset) continue;
          this.#pass(announcement);
        }
      });
  }
}
