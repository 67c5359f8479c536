import { ConnectionClosedError } from "../errors.ts";
import type { Connection } from "./connection.ts";
import type { OutboundEntry, OutboundQueue } from "./queue.ts";
import { ignore } from "./socket.ts";
import type { StateStore } from "./state.ts";

/** How frames leave the client (see {@link createOutbox}). */
export interface Outbox {
  /**
   * Sends a frame now when open; otherwise queues it (connecting first with `autoConnect` when
   * the client is `idle`).
   * @throws LimitExceededError when the queue is full with policy `reject`.
   * @throws ConnectionClosedError when not open and the queue is disabled.
   */
  transmit(entry: OutboundEntry): void;
  /** Sends everything queued, oldest first (on open). */
  flush(): void;
  /** Connects an `idle` client when `autoConnect` is on (a first send, request or subscribe). */
  autoConnect(): void;
}

/** What {@link createOutbox} needs. */
export interface OutboxDeps {
  readonly connection: Pick<Connection, "send" | "connect">;
  readonly queue: OutboundQueue | undefined;
  readonly state: StateStore;
  readonly autoConnect: boolean;
}

/** The way out for application frames: straight to the open socket, else the offline queue. */
export function createOutbox({ connection, queue, state, autoConnect }: OutboxDeps): Outbox {
  const wake = () => {
    if (autoConnect && state.get().status === "idle") connection.connect().catch(ignore);
  };
  return {
    transmit(entry) {
      if (connection.send(entry)) return;
      wake();
      if (!queue) throw new ConnectionClosedError(`${entry.type}: not connected and the queue is disabled`);
      queue.push(entry);
    },
    flush() {
      for (const entry of queue?.drain() ?? []) connection.send(entry);
    },
    autoConnect: wake,
  };
}
