import type { Clock } from "./types.ts";

/** One timer slot on an injected clock (see {@link createTimer}). */
export interface Timer {
  /** (Re)starts the timer: a pending callback is cancelled first. */
  start(callback: () => void, ms: number): void;
  /** Cancels the pending callback, if any. */
  stop(): void;
  /** Whether a callback is pending. */
  readonly pending: boolean;
}

/**
 * A resettable timeout on `clock`: at most one callback pending, cleared by `stop` or by the
 * next `start`. Heartbeat, reconnect and request deadlines each hold their timers this way.
 */
export function createTimer(clock: Clock): Timer {
  let handle: unknown;
  const stop = () => {
    if (handle !== undefined) clock.clearTimeout(handle);
    handle = undefined;
  };
  return {
    start(callback, ms) {
      stop();
      handle = clock.setTimeout(() => {
        handle = undefined;
        callback();
      }, ms);
    },
    stop,
    get pending() {
      return handle !== undefined;
    },
  };
}
