/**
 * Slow consumers (PROTOCOL.md v1.1, "Limits"): a socket whose outbound buffer passed Bun's
 * `backpressureLimit` is never starved in silence. By default it is closed with `1013` (try again
 * later: the client reconnects with backoff and recovers); with `slowConsumers: "drop"` it stays
 * open and every frame it misses is counted.
 */
import { type CoreSocket, type RouterCore, reportError } from "./core.ts";
import { SlowConsumerError } from "./errors.ts";

/** Close code for a slow consumer: try again later. */
export const CLOSE_TRY_AGAIN_LATER = 1013;

/** What happens to a socket that passed the backpressure limit. */
export type SlowConsumerPolicy = "close" | "drop";

/**
 * Called when the runtime dropped a frame for `ws`. Under the `"close"` policy the socket is
 * unsubscribed from every topic at once (it gets nothing more), closed with `1013`, counted in
 * `stats.slowConsumersClosed` and reported to `onError` (phase `"backpressure"`).
 */
export function onDropped<AppData>(core: RouterCore<AppData>, ws: CoreSocket<AppData>): void {
  if (core.runtime.slowConsumers !== "close" || ws.readyState !== 1) return;
  core.runtime.pubsub?.unsubscribeAll?.(ws);
  ws.close(CLOSE_TRY_AGAIN_LATER, "Too slow: reconnect to catch up");
  core.stats.slowConsumersClosed++;
  reportError(core, new SlowConsumerError(), {
    ws,
    phase: "backpressure",
    code: undefined,
    type: undefined,
    correlationId: undefined,
  });
}
