/**
 * Topic fan-out behind a small interface, so the router does not care who delivers: Bun's
 * in-process topics today ({@link BunPubSub}); a Redis (or NATS) adapter later, so several
 * processes can serve one app — it would publish the frame to the broker and, on receipt, hand it
 * to each process's local `BunPubSub`.
 */
import type { ServerSocket } from "./types.ts";

/** The outcome of one publish. */
export interface PublishOutcome {
  /** Local subscribers the frame was handed to (0 when there were none, or it was dropped). */
  readonly recipients: number;
  /** The runtime dropped the frame for at least one subscriber (backpressure limit, closing socket). */
  readonly dropped: boolean;
}

/** Delivers serialized frames to topic subscribers. */
export interface PubSub {
  /**
   * Sends `frame` to every subscriber of `topic`; with `exclude`, to all but that socket.
   * Never throws for delivery problems: they come back in the outcome.
   */
  publish(topic: string, frame: string, exclude?: ServerSocket): PublishOutcome;
  subscribe(ws: ServerSocket, topic: string): void;
  unsubscribe(ws: ServerSocket, topic: string): void;
}

/** The part of Bun's `Server` that {@link BunPubSub} uses. */
export interface BunTopicServer {
  publish(topic: string, data: string): number;
  subscriberCount(topic: string): number;
}

/** {@link PubSub} on Bun's native topics (`server.publish`, `ws.subscribe`). */
export class BunPubSub implements PubSub {
  readonly #server: BunTopicServer;

  constructor(server: BunTopicServer) {
    this.#server = server;
  }

  publish(topic: string, frame: string, exclude?: ServerSocket): PublishOutcome {
    const subscribers = this.#server.subscriberCount(topic);
    const recipients = exclude?.isSubscribed(topic) ? subscribers - 1 : subscribers;
    if (recipients <= 0) return { recipients: 0, dropped: false };
    // Bun: bytes sent (>0), -1 backpressure (queued, still delivered), 0 dropped for some subscriber.
    const status = exclude === undefined ? this.#server.publish(topic, frame) : exclude.publish(topic, frame);
    return status === 0 ? { recipients: 0, dropped: true } : { recipients, dropped: false };
  }

  subscribe(ws: ServerSocket, topic: string): void {
    ws.subscribe(topic);
  }

  unsubscribe(ws: ServerSocket, topic: string): void {
    ws.unsubscribe(topic);
  }
}
