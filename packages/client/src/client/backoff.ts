import type { ReconnectOptions } from "./types.ts";

/** Reconnect settings with every default filled in. */
export type ResolvedReconnect = Required<ReconnectOptions>;

/** The reconnect defaults: 250 ms first delay, ×2 per attempt, 30 s cap, unlimited attempts, reset after 5 s open. */
export const DEFAULT_RECONNECT: ResolvedReconnect = {
  initialDelayMs: 250,
  factor: 2,
  maxDelayMs: 30_000,
  maxAttempts: Number.POSITIVE_INFINITY,
  resetAfterMs: 5_000,
};

/** The largest delay attempt `attempt` (0-based) may wait: `min(maxDelayMs, initialDelayMs × factor^attempt)`. */
export function backoffCeiling(attempt: number, options: ResolvedReconnect): number {
  return Math.min(options.maxDelayMs, options.initialDelayMs * options.factor ** attempt);
}

/**
 * The delay before reconnect attempt `attempt` (0-based), with full jitter: a uniform draw in
 * `[0, backoffCeiling(attempt))`, so clients that dropped together do not reconnect together.
 */
export function backoffDelay(attempt: number, options: ResolvedReconnect, random: () => number): number {
  return Math.floor(random() * backoffCeiling(attempt, options));
}
