/**
 * Fairness (PROTOCOL.md v1.1, "Limits"): a per-connection inbound budget, so one connection cannot
 * starve the others. A token bucket (`perSecond` refill, `burst` capacity) admits frames; a frame
 * over budget is answered `RATE_LIMIT_EXCEEDED` with `retryAfterMs` and never parsed (only its
 * correlation id is sniffed). Sustained abuse — more than `closeAfterRejected` frames rejected
 * without a one-second pause in rejections — closes the connection with `1008`.
 */

/** The inbound budget of each connection; `false` turns it off. */
export interface RateLimitOptions {
  /** Frames per second a connection may send, sustained. @default 1000 */
  perSecond?: number;
  /** Frames a connection may send at once (the bucket's capacity; it starts full). @default 5000 */
  burst?: number;
  /**
   * Sustained abuse: the connection is closed with `1008` once more than this many frames were
   * rejected with no rejection-free second between them. @default 100
   */
  closeAfterRejected?: number;
}

/** The resolved budget settings. */
export interface RateLimitConfig {
  readonly perSecond: number;
  readonly burst: number;
  readonly closeAfterRejected: number;
}

/** Defaults: generous for any interactive app (a chat sends a few frames a second). */
export const DEFAULT_RATE_LIMIT: RateLimitConfig = { perSecond: 1000, burst: 5000, closeAfterRejected: 100 };

/** Rejections further apart than this start a new count (the client backed off). */
const CALM_MS = 1000;

/**
 * Resolves `rateLimit` options: `false` → undefined (no budget), otherwise defaults filled in.
 * @throws RangeError when a number is not positive.
 */
export function resolveRateLimit(options: RateLimitOptions | false | undefined): RateLimitConfig | undefined {
  if (options === false) return undefined;
  const config = { ...DEFAULT_RATE_LIMIT, ...options };
  for (const key of ["perSecond", "burst", "closeAfterRejected"] as const) {
    if (!(config[key] > 0)) throw new RangeError(`typed-ws: rateLimit.${key} must be positive`);
  }
  return config;
}

/** What the budget says about one frame. */
export type Admission =
  | { readonly ok: true }
  | {
      readonly ok: false;
      /** When one more frame will be admitted, in ms. */
      readonly retryAfterMs: number;
      /** The first rejection since the connection was last admitted (answer fire-and-forget frames once). */
      readonly first: boolean;
      /** Sustained abuse: close the connection. */
      readonly abusive: boolean;
    };

const OK: Admission = { ok: true };

/** One connection's inbound budget: a token bucket plus the count of recent rejections. */
export class InboundBudget {
  readonly #config: RateLimitConfig;
  #tokens: number;
  #refilledAt: number;
  #rejected = 0;
  #lastRejectedAt = Number.NEGATIVE_INFINITY;
  #admittedSinceRejection = true;

  constructor(config: RateLimitConfig, now: number) {
    this.#config = config;
    this.#tokens = config.burst;
    this.#refilledAt = now;
  }

  /** Takes one token for a frame arriving at `now` (ms), or says how long to wait. */
  admit(now: number): Admission {
    const { perSecond, burst, closeAfterRejected } = this.#config;
    if (now > this.#refilledAt) {
      this.#tokens = Math.min(burst, this.#tokens + ((now - this.#refilledAt) * perSecond) / 1000);
      this.#refilledAt = now;
    }
    if (this.#tokens >= 1) {
      this.#tokens -= 1;
      this.#admittedSinceRejection = true;
      return OK;
    }
    if (now - this.#lastRejectedAt > CALM_MS) this.#rejected = 0;
    this.#lastRejectedAt = now;
    this.#rejected++;
    const first = this.#admittedSinceRejection;
    this.#admittedSinceRejection = false;
    return {
      ok: false,
      retryAfterMs: Math.max(1, Math.ceil(((1 - this.#tokens) * 1000) / perSecond)),
      first,
      abusive: this.#rejected > closeAfterRejected,
    };
  }
}
