/** A message of this user on its way: sent, not yet published back to the room nor refused. */
interface Pending {
  readonly id: number;
  readonly text: string;
  /** Handed to an open socket (its fate is unknown if that socket drops), not waiting in the queue. */
  onSocket: boolean;
  /** Its socket dropped before an answer: published or not, the room's replay will tell. */
  uncertain: boolean;
}

/**
 * Tracks this user's messages between `SEND_MESSAGE` and their answer. The server handles a
 * connection's frames in order, so each one is answered, in order, by its publication back to the
 * room or by a `RATE_LIMIT` error. A socket that drops leaves what it carried uncertain: the
 * room's topic replays what was published meanwhile, so after the restore, those the replay did
 * not confirm were lost.
 */
export interface DeliveryTracker {
  /** A message was sent (`onSocket`: while open; else it waits in the offline queue). */
  sent(id: number, text: string, onSocket: boolean): void;
  /** The room published a message of this user: the id of the pending one it confirms, if any. */
  published(text: string): number | undefined;
  /** The rate limit refused the oldest pending message on the current socket: its id, if any. */
  refused(): number | undefined;
  /** The socket dropped: what it carried unconfirmed becomes uncertain (the queued ones stay pending). */
  dropped(): void;
  /** The room was restored and its replay is done: the ids of uncertain messages it did not confirm (lost). */
  settled(): number[];
  /** Open again: the queued messages are flushed onto the new socket. */
  reopened(): void;
  /** How many are pending. */
  readonly size: number;
}

/** Creates a {@link DeliveryTracker}. */
export function createDeliveryTracker(): DeliveryTracker {
  let pending: Pending[] = [];
  return {
    sent(id, text, onSocket) {
      pending.push({ id, text, onSocket, uncertain: false });
    },
    published(text) {
      // The oldest with this text: another tab of the same user may publish texts we never sent.
      const index = pending.findIndex((entry) => entry.text === text);
      return index < 0 ? undefined : pending.splice(index, 1)[0]!.id;
    },
    refused() {
      // A dropped socket's messages are answered by no one: the refusal is for the current socket's oldest.
      const index = pending.findIndex((entry) => !entry.uncertain);
      return index < 0 ? undefined : pending.splice(index, 1)[0]!.id;
    },
    dropped() {
      for (const entry of pending) if (entry.onSocket) entry.uncertain = true;
    },
    settled() {
      const lost = pending.filter((entry) => entry.uncertain).map((entry) => entry.id);
      pending = pending.filter((entry) => !entry.uncertain);
      return lost;
    },
    reopened() {
      for (const entry of pending) entry.onSocket = true;
    },
    get size() {
      return pending.length;
    },
  };
}
