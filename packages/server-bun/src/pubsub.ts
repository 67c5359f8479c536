/**
 * Topic fan-out behind a small interface, so the router does not care who delivers: Bun sockets
 * in this process today ({@link BunPubSub}); a Redis (or NATS) adapter later, so several
 * processes can serve one app — it would publish the frame to the broker and, on receipt, hand it
 * to each process's local `BunPubSub`.
 */
import type { ServerSocket } from "./types.ts";

/** The outcome of one publish, counted per subscriber socket. */
export interface PublishOutcome {
  /** Subscribers the frame was handed to (written, or queued under backpressure: still delivered). */
  readonly recipients: number;
  /** Subscribers that will never get the frame (backpressure limit hit, socket closing). */
  readonly dropped: number;
  /** Those subscribers, so the router can close slow consumers (empty when none missed it). */
  readonly missedBy: readonly ServerSocket[];
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
  /** Forgets a closed socket's subscriptions (called once per socket, on close). */
  unsubscribeAll?(ws: ServerSocket): void;
}

/** The part of Bun's `Server` that {@link BunPubSub} used to need; kept so `new BunPubSub(server)` still works. */
export interface BunTopicServer {
  publish(topic: string, data: string): number;
  subscriberCount(topic: string): number;
}

const NONE: readonly ServerSocket[] = [];

/**
 * {@link PubSub} over Bun sockets. It keeps its own subscriber sets and sends to each socket with
 * `ws.send`, so every delivery is counted exactly: Bun's `server.publish` returns one number for
 * all subscribers, and reports backpressure (`-1`) for frames some subscriber never gets. Sockets
 * are also subscribed to Bun's native topic, so `ws.isSubscribed` and an app's own
 * `server.publish` keep working.
 */
export class BunPubSub implements PubSub {
  readonly #topics = new Map<string, Set<ServerSocket>>();
  readonly #bySocket = new WeakMap<ServerSocket, Set<string>>();

  // biome-ignore lint/complexity/noUselessConstructor: the server argument is kept for compatibility
  constructor(_server?: BunTopicServer) {}

  publish(topic: string, frame: string, exclude?: ServerSocket): PublishOutcome {
    const subscribers = this.#topics.get(topic);
    if (subscribers === undefined) return { recipients: 0, dropped: 0, missedBy: NONE };
    let recipients = 0;
    let missedBy: ServerSocket[] | undefined;
    for (const ws of subscribers) {
      if (ws === exclude) continue;
      // Bun: bytes written (>0), -1 queued under backpressure (still delivered), 0 dropped.
      if (ws.readyState === 1 && ws.send(frame) !== 0) {
        recipients++;
      } else {
        missedBy ??= [];
        missedBy.push(ws);
      }
    }
    return { recipients, dropped: missedBy?.length ?? 0, missedBy: missedBy ?? NONE };
  }

  subscribe(ws: ServerSocket, topic: string): void {
    const subscribers = this.#topics.get(topic) ?? new Set<ServerSocket>();
    this.#topics.set(topic, subscribers.add(ws));
    const topics = this.#bySocket.get(ws) ?? new Set<string>();
    this.#bySocket.set(ws, topics.add(topic));
    ws.subscribe(topic);
  }

  unsubscribe(ws: ServerSocket, topic: string): void {
    this.#forget(ws, topic);
    this.#bySocket.get(ws)?.delete(topic);
    if (ws.readyState === 1) ws.unsubscribe(topic);
  }

  unsubscribeAll(ws: ServerSocket): void {
    const topics = this.#bySocket.get(ws);
    if (topics === undefined) return;
    for (const topic of topics) this.#forget(ws, topic);
    this.#bySocket.delete(ws);
  }

  #forget(ws: ServerSocket, topic: string): void {
    const subscribers = this.#topics.get(topic);
    if (subscribers === undefined) return;
    subscribers.delete(ws);
    if (subscribers.size === 0) this.#topics.delete(topic);
  }
}
