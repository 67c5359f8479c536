import { backoffDelay, type ResolvedReconnect } from "./backoff.ts";
import type { StateStore } from "./state.ts";
import { createTimer } from "./timer.ts";
import type { Clock } from "./types.ts";

/** Close code of a policy / authentication failure (PROTOCOL.md). */
export const POLICY_CLOSE_CODE = 1008;

/** The reconnect policy of one client (see {@link createReconnect}). */
export interface Reconnect {
  /** A fresh `connect()` from idle or closed: a policy close may be retried once again. */
  restart(): void;
  /** A connection opened: once it stays open `resetAfterMs`, the attempt count resets. */
  opened(): void;
  /**
   * After a drop (`code` of the close, if any): schedules the next attempt with backoff and
   * returns undefined, or returns why it gives up (reconnect off, attempts used up, a second
   * 1008 in a row).
   */
  schedule(code: number | undefined): string | undefined;
  /** Whether an attempt is waiting for its backoff delay. */
  readonly waiting: boolean;
  /** Cancels the waiting attempt and the reset timer. */
  stop(): void;
}

/** What {@link createReconnect} needs. */
export interface ReconnectDeps {
  readonly options: ResolvedReconnect | false;
  readonly clock: Clock;
  /** The jitter source: uniform in `[0, 1)`. */
  readonly random: () => number;
  readonly state: StateStore;
  /** Starts the next attempt once the backoff wait is over. */
  readonly retry: () => void;
}

/**
 * Reconnect with exponential backoff and full jitter, per close code: `1008` gets one more try
 * (with a fresh token), anything else retries until `maxAttempts`. Writes `attempt`,
 * `nextRetryAt` and the `reconnecting` status to the state; calls `retry` when the wait is over.
 */
export function createReconnect({ options, clock, random, state, retry }: ReconnectDeps): Reconnect {
  const retryTimer = createTimer(clock);
  const resetTimer = createTimer(clock);
  let authRetried = false;
  return {
    restart() {
      authRetried = false;
    },
    opened() {
      if (options === false) return;
      resetTimer.start(() => {
        authRetried = false;
        state.update({ attempt: 0 });
      }, options.resetAfterMs);
    },
    schedule(code) {
      const { attempt } = state.get();
      const policyClose = code === POLICY_CLOSE_CODE;
      if (options === false || attempt >= options.maxAttempts || (policyClose && authRetried)) {
        return policyClose ? "closed by the server (1008, policy)" : "reconnecting gave up";
      }
      authRetried ||= policyClose; // one more try, with a fresh token
      const delay = backoffDelay(attempt, options, random);
      state.update({ status: "reconnecting", attempt: attempt + 1, nextRetryAt: clock.now() + delay });
      retryTimer.start(retry, delay);
      return undefined;
    },
    get waiting() {
      return retryTimer.pending;
    },
    stop() {
      retryTimer.stop();
      resetTimer.stop();
    },
  };
}
