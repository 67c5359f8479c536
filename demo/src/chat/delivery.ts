/** A message of this user on its way: sent, not yet published back to the room nor refused. */
interface Pending {
  readonly id: number;
  readonly text: string;
  /** Handed to an open socket (its fate is unknown if that socket drops), not waiting in the queue. */
  onSocket: boolean;
}

/**
 * Tracks this user's messages between `SEND_MESSAGE` and their answer. The server handles a
 * connection's frames in order, so each one is answered, in order, by its publication back to the
 * room or by a `RATE_LIMIT` error; a socket that drops takes the answers of what it carried.
 */
export interface DeliveryTracker {
  /** A message was sent (`onSocket`: while open; else it waits in the offline queue). */
  sent(id: number, text: string, onSocket: boolean): void;
  /** The room published a message of this user: the id of the pending one it confirms, if any. */
  published(text: string): number | undefined;
  /** The rate limit refused the oldest pending message: its id, if any. */
  refused(): number | undefined;
  /** The socket dropped: the ids of messages it carried unconfirmed (the queued ones stay pending). */
  dropped(): number[];
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
      pending.push({ id, text, onSocket });
    },
    published(text) {
      // The oldest with this text: another tab of the same user may publish texts we never sent.
      const index = pending.findIndex((entry) => entry.text === text);
      return index < 0 ? undefined : pending.splice(index, 1)[0]!.id;
    },
    refused() {
      return pending.shift()?.id;
    },
    dropped() {
      const lost = pending.filter((entry) => entry.onSocket).map((entry) => entry.id);
      pending = pending.filter((entry) => !entry.onSocket);
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
