/**
 * Batched, exactly counted delivery of publishes. Bun's `server.publish` is fast but its return
 * value cannot say which subscriber missed a frame; `ws.send` can, but one `ws.send` outside the
 * socket's own callback is one system call. The outbox queues each subscriber's frames and sends
 * them at the end of the current task (a microtask), one corked batch per socket: as fast as
 * `server.publish`, and every frame's fate read from its own `ws.send` result.
 *
 * A direct send to a socket that still has publishes waiting joins the queue behind them, so a
 * socket receives frames in the order the server produced them.
 */
import type { ServerSocket } from "./types.ts";

/** What a queued frame is, for counting: a publish delivery or a direct send. */
export type FrameKind = "publish" | "send";

/** Called for each queued frame the runtime did not deliver (backpressure limit, closed socket). */
export type OnMissed = (ws: ServerSocket, kind: FrameKind) => void;

interface Pending {
  readonly frames: string[];
  readonly kinds: FrameKind[];
}

/** Per-socket frame queues, flushed once per task. */
export class Outbox {
  readonly #pending = new Map<ServerSocket, Pending>();
  readonly #onMissed: OnMissed;
  #scheduled = false;

  constructor(onMissed: OnMissed) {
    this.#onMissed = onMissed;
  }

  /** True while `ws` has frames waiting: a direct send must queue behind them. */
  has(ws: ServerSocket): boolean {
    return this.#pending.has(ws);
  }

  /** Queues a frame for `ws`; it is sent at the end of the current task. */
  enqueue(ws: ServerSocket, frame: string, kind: FrameKind): void {
    let pending = this.#pending.get(ws);
    if (pending === undefined) {
      pending = { frames: [], kinds: [] };
      this.#pending.set(ws, pending);
    }
    pending.frames.push(frame);
    pending.kinds.push(kind);
    if (!this.#scheduled) {
      this.#scheduled = true;
      queueMicrotask(() => this.flush());
    }
  }

  /** Sends everything waiting, one corked batch per socket; reports each frame that was not delivered. */
  flush(): void {
    this.#scheduled = false;
    const batches = [...this.#pending];
    this.#pending.clear();
    const missed: [ServerSocket, FrameKind][] = [];
    for (const [ws, { frames, kinds }] of batches) {
      const send = () => {
        for (let i = 0; i < frames.length; i++) {
          // Bun: bytes written (>0), -1 queued under backpressure (still delivered), 0 dropped.
          if (ws.readyState !== 1 || ws.send(frames[i] as string) === 0) missed.push([ws, kinds[i] as FrameKind]);
        }
      };
      if (ws.readyState === 1 && ws.cork !== undefined) ws.cork(send);
      else send();
    }
    for (const [ws, kind] of missed) this.#onMissed(ws, kind);
  }
}
