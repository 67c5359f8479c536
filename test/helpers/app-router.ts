/**
 * The server side of the cross-package tests: a real `@typed-ws/server-bun` router for the
 * {@link Contract}, recording what its handlers saw so tests can assert on it.
 */
import type { ErrorInfo, SendStatus } from "@typed-ws/server-bun";
import { createRouter, readAccessToken, type ServeOptions } from "@typed-ws/server-bun";
import type { Contract } from "./contract.ts";
import { Counter, deferred } from "./network.ts";

/** Per-connection data: the token the connection authenticated with, if any. */
export type AppData = { token?: string };

/** A `HOLD` request as the server saw it. */
export interface HeldRequest {
  readonly n: number;
  readonly signal: AbortSignal;
  /** What the late `ctx.reply` returned once the signal aborted (`"dropped"` expected). */
  readonly lateReply: Promise<SendStatus>;
}

/** Everything the router's handlers and hooks recorded. */
export interface AppLog {
  /** `SEQ` payloads, in arrival order. */
  readonly seqs: number[];
  /** `HOLD` requests, in arrival order; `holdCount` counts them as they arrive. */
  readonly held: HeldRequest[];
  readonly holdCount: Counter;
  /** What `onError` received. */
  readonly errors: { error: unknown; info: ErrorInfo<AppData> }[];
  /** Upgrade requests seen by `authenticate` (URL and offered subprotocols). */
  readonly upgrades: { url: string; protocols: string | null }[];
}

function aborted(signal: AbortSignal): Promise<void> {
  if (signal.aborted) return Promise.resolve();
  return new Promise((resolve) => signal.addEventListener("abort", () => resolve(), { once: true }));
}

/** A router for the contract `c` (Zod or Valibot) and the log its handlers write to. */
export function appRouter(c: Contract) {
  const log: AppLog = { seqs: [], held: [], holdCount: new Counter(), errors: [], upgrades: [] };
  const router = createRouter<AppData>();
  router.on(c.Seq, (ctx) => {
    log.seqs.push(ctx.payload.n);
  });
  router.on(c.Echo, (ctx) => {
    ctx.reply(c.EchoReply, { n: ctx.payload.n });
  });
  router.on(c.Hold, async (ctx) => {
    const lateReply = deferred<SendStatus>();
    log.held.push({ n: ctx.payload.n, signal: ctx.signal, lateReply: lateReply.promise });
    log.holdCount.bump();
    await aborted(ctx.signal);
    lateReply.resolve(ctx.reply(c.EchoReply, { n: ctx.payload.n }));
  });
  router.on(c.Limited, (ctx) => {
    ctx.error("RATE_LIMIT_EXCEEDED", "Too many requests", { limit: 3, windowMs: 1000 }, { retryAfterMs: 1500 });
  });
  router.on(c.Boom, () => {
    throw new Error("secret database detail");
  });
  router.on(c.WhoAmI, (ctx) => {
    ctx.reply(c.Identity, { token: ctx.ws.data.token ?? "" });
  });
  // A token starting with "revoked" is accepted at upgrade, then closed with 1008 (policy).
  router.onOpen((ctx) => {
    if (ctx.ws.data.token?.startsWith("revoked")) ctx.ws.close(1008, "token revoked");
  });
  router.onError((error, info) => log.errors.push({ error, info }));

  /** `authenticate` that records the upgrade and keeps the token (any token, or none, is accepted). */
  const authenticate: NonNullable<ServeOptions<AppData>["authenticate"]> = (req) => {
    log.upgrades.push({ url: req.url, protocols: req.headers.get("sec-websocket-protocol") });
    const token = readAccessToken(req);
    return token === undefined ? undefined : { token };
  };
  return { router, log, authenticate };
}
