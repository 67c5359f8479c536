import type { AnyMessageContext, Next } from "@typed-ws/server-bun";
import { DemoErrorCodes, PostMessage, SendMessage } from "../shared/messages.ts";
import type { AppData, DemoRouter } from "./router.ts";

/** Rate-limit settings: at most `max` messages per `windowMs` per connection. */
export interface RateLimitOptions {
  /** @default 10 */
  max?: number;
  /** @default 60000 */
  windowMs?: number;
}

/**
 * The seeds' rate-limiting middleware on `SEND_MESSAGE` and `POST_MESSAGE`, one budget for both
 * (10 per minute per connection).
 * Over the limit it answers `RATE_LIMIT` with `retryAfterMs`: when the oldest message in the
 * window expires, so the UI can show the retry time.
 */
export function registerRateLimit(router: DemoRouter, options: RateLimitOptions = {}): void {
  const max = options.max ?? 10;
  const windowMs = options.windowMs ?? 60_000;
  const sent = new Map<string, number[]>();

  // Only what every message context has: one middleware for both message types.
  const limit = (ctx: Pick<AnyMessageContext<AppData>, "ws" | "error">, next: Next) => {
    const clientId = ctx.ws.data.clientId;
    const now = Date.now();
    const recent = (sent.get(clientId) ?? []).filter((t) => t > now - windowMs);
    if (recent.length >= max) {
      sent.set(clientId, recent);
      const retryAfterMs = Math.max(0, recent[0]! + windowMs - now);
      ctx.error(
        DemoErrorCodes.RateLimit,
        `Too many messages. Max ${max} per minute.`,
        { max, windowMs },
        {
          retryAfterMs,
        },
      );
      return;
    }
    recent.push(now);
    sent.set(clientId, recent);
    return next();
  };
  router.use(SendMessage, limit);
  router.use(PostMessage, limit);

  router.onClose((ctx) => {
    sent.delete(ctx.ws.data.clientId);
  });
}
