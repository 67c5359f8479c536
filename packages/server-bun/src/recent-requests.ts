/**
 * Seam (not built yet): idempotent retries. A client that reconnects may resend a request whose
 * answer was lost with the old socket. A store of recent correlation ids per identity (e.g.
 * `ws.data.userId`, not `clientId`, which changes per connection) lets a middleware answer the
 * retry with the remembered terminal frame instead of running the handler twice:
 *
 * ```ts
 * router.use(async (ctx, next) => {
 *   const id = ctx.correlationId;
 *   if (id === undefined) return next();
 *   const seen = await store.get(ctx.ws.data.userId, id);
 *   if (seen !== undefined) return void ctx.ws.send(seen); // replay
 *   await next(); // …and record the frame ctx.reply/ctx.error sent
 * });
 * ```
 * Within one connection the router already ignores a request whose id is still in flight.
 */

/** Remembers the terminal frame sent for recent requests, per identity, for a bounded time. */
export interface RecentRequestStore {
  /** The terminal frame sent for `correlationId`, if it is still remembered. */
  get(identity: string, correlationId: string): string | undefined | Promise<string | undefined>;
  /** Remembers the terminal frame for `ttlMs`. */
  set(identity: string, correlationId: string, frame: string, ttlMs: number): void | Promise<void>;
}
