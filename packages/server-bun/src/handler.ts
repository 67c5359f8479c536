/**
 * The Bun adapter: `createHandler(router, options)` returns the `fetch` (upgrade) and `websocket`
 * handlers for `Bun.serve`.
 */
import type { Server, ServerWebSocket, WebSocketHandler } from "bun";
import { Connection } from "./connection.ts";
import { createConnectionContext } from "./context.ts";
import { type RouterCore, reportError } from "./core.ts";
import { Dedupe } from "./dedupe/dedupe.ts";
import { MemoryRequestStore } from "./dedupe/memory-store.ts";
import type { RequestStore } from "./dedupe/store.ts";
import { InboundScheduler } from "./inbound.ts";
import { encodeError } from "./outbound.ts";
import { Outbox } from "./outbox.ts";
import { BunPubSub, type PubSub } from "./pubsub.ts";
import { InboundBudget, type RateLimitOptions, resolveRateLimit } from "./rate-limit.ts";
import type { Router } from "./router.ts";
import { onDropped } from "./slow-consumer.ts";
import type { AuthenticateErrorInfo, SocketErrorInfo, WsData } from "./types.ts";
import {
  type Authenticate,
  DEFAULT_AUTH_TIMEOUT_MS,
  isUpgradeRequest,
  offeredProtocols,
  runAuthenticate,
} from "./upgrade.ts";

/** Options of {@link createHandler} (and of `serve`). */
export interface HandlerOptions<AppData> {
  /**
   * Runs at upgrade (sync or async). An object is merged into `ws.data` (a string `identity` in
   * it names who the connection is for `dedupe`; else "anonymous"); `undefined` accepts with
   * no extra data; `false`, a throw or `authTimeoutMs` refuses the connection (see `authFailure`).
   * Throws and timeouts reach `onError` (phase `"authenticate"`).
   */
  authenticate?: Authenticate<AppData>;
  /** Longest wait for an async `authenticate`, in ms; past it the connection is refused. @default 10000 */
  authTimeoutMs?: number;
  /**
   * How a refused connection is told. `"close-1008"`: the upgrade completes, the server sends
   * `ERROR` `AUTHENTICATION_FAILED` and closes with `1008` (browsers cannot see an HTTP 401; it
   * looks like `1006` and a client would retry forever). `"http-401"`: a bare HTTP 401, no socket
   * (for non-browser clients that read the status). Either way nothing reaches handlers or hooks.
   * @default "close-1008"
   */
  authFailure?: "close-1008" | "http-401";
  /** Largest inbound frame in bytes, checked before parsing: `PAYLOAD_TOO_LARGE`; at twice this, close 1009. @default 1048576 (1 MiB) */
  maxPayloadBytes?: number;
  /** Seconds without traffic (pings included) before Bun closes the socket. @default 120 */
  idleTimeout?: number;
  /** Bun pings idle clients shortly before `idleTimeout`, so dead peers are dropped. @default true */
  sendPings?: boolean;
  /** Bytes buffered per connection before sends are dropped (`SendStatus` `"dropped"`, counted). @default 16 MiB (Bun's) */
  backpressureLimit?: number;
  /**
   * A connection whose frame was dropped at `backpressureLimit` (a slow consumer): `"close"` closes
   * it with `1013` (the client reconnects and recovers; counted in `stats.slowConsumersClosed`,
   * reported to `onError` with phase `"backpressure"`); `"drop"` keeps it open and counts each
   * frame it misses (`stats.droppedPublishes`, `stats.droppedSends`).
   * @default "close"
   */
  slowConsumers?: "close" | "drop";
  /** Bun's own close at `backpressureLimit` (code 1009, no count). Prefer `slowConsumers`. @default false */
  closeOnBackpressureLimit?: boolean;
  /**
   * Each connection's inbound budget (token bucket): `perSecond` (default 1000) sustained,
   * `burst` (default 5000) at once. A frame over it is answered `RATE_LIMIT_EXCEEDED` with
   * `retryAfterMs` (with its correlation id) without being parsed; more than `closeAfterRejected`
   * (default 100) rejections with no rejection-free second between them close the connection
   * with `1008`. `false` turns the budget off.
   */
  rateLimit?: RateLimitOptions | false;
  /**
   * Remembers the terminal answer of every request whose handler ran, per (identity,
   * correlation id), so a client's retry of it is answered again without running the handler
   * twice (see the README's Dedupe section). Identity: `ws.data.identity` (a string
   * `authenticate` may return), else "anonymous". `false` turns it off.
   * @default a `MemoryRequestStore` (60 s, 16 MiB)
   */
  dedupe?: RequestStore | false;
  /** permessage-deflate. @default false */
  perMessageDeflate?: boolean;
  /** Development mode: outbound validation on, warnings, answers for unanswered requests. @default process.env.NODE_ENV !== "production" */
  development?: boolean;
  /** Validate outbound `send`/`reply`/`publish` against their schemas. @default development */
  validateOutbound?: boolean;
  /**
   * Subprotocols the server accepts besides `bearer.<token>` (which is always echoed when
   * offered). The first offered match is echoed in the upgrade response.
   */
  protocols?: readonly string[];
  /** Only upgrade requests to this path (e.g. `"/ws"`); others go to `fetch`. @default any path */
  path?: string;
  /** Handles every request that is not a WebSocket upgrade (HTTP, static files). @default 426 Upgrade Required */
  fetch?: (request: Request, server: Server<WsData<AppData>>) => Response | Promise<Response>;
  /** Topic fan-out for this server. @default `new BunPubSub()` (per-socket sends, exact counts) */
  pubsub?: (server: Server<WsData<AppData>>) => PubSub;
}

/** What {@link createHandler} returns: pass both to `Bun.serve`. */
export interface BunHandler<AppData> {
  fetch(request: Request, server: Server<WsData<AppData>>): Promise<Response | undefined>;
  websocket: WebSocketHandler<WsData<AppData>>;
  /** Binds the router's publish to a server; `fetch` does it on the first request, `serve` at once. */
  attach(server: Server<WsData<AppData>>): void;
}

/** Marks `ws.data` of a connection whose authentication was refused: it is told and closed in `open`. */
const REFUSED = Symbol("typed-ws.refused");

/** Close code for a refused authentication (policy violation). */
export const CLOSE_POLICY = 1008;

/** Bun's default `maxPayloadLength`. */
const DEFAULT_MAX_PAYLOAD_BYTES = 1024 * 1024;

function runHooks<AppData, C>(
  core: RouterCore<AppData>,
  hooks: ReadonlyArray<(ctx: C) => unknown>,
  ctx: C,
  ws: ServerWebSocket<WsData<AppData>>,
  phase: SocketErrorInfo<AppData>["phase"],
): void {
  const report = (error: unknown) =>
    reportError(core, error, { ws, phase, code: undefined, type: undefined, correlationId: undefined });
  for (const hook of hooks) {
    try {
      const result = hook(ctx);
      if (result instanceof Promise) result.catch(report);
    } catch (error) {
      report(error);
    }
  }
}

/** A failure dispatch could not answer itself (e.g. a schema that threw instead of returning issues). */
function reportDispatchError<AppData>(
  core: RouterCore<AppData>,
  ws: ServerWebSocket<WsData<AppData>>,
  error: unknown,
): void {
  reportError(core, error, { ws, phase: "handler", code: undefined, type: undefined, correlationId: undefined });
}

function chooseProtocol(request: Request, accepted: readonly string[] | undefined): string | undefined {
  return offeredProtocols(request).find(
    (protocol) => protocol.startsWith("bearer.") || accepted?.includes(protocol) === true,
  );
}

/**
 * Creates the `fetch` and `websocket` handlers for an app that owns its `Bun.serve` (e.g. to
 * serve HTTP or static files too): non-upgrade requests go to `options.fetch`.
 *
 * ```ts
 * const ws = createHandler(router, { authenticate, fetch: (req) => new Response("hi") });
 * Bun.serve({ port: 3000, fetch: ws.fetch, websocket: ws.websocket });
 * ```
 * Applies `development`, `validateOutbound` and `maxPayloadBytes` to the router: one router,
 * one set of options.
 */
export function createHandler<AppData extends object>(
  router: Router<AppData>,
  options: HandlerOptions<AppData> = {},
): BunHandler<AppData> {
  const core = router.core;
  const development = options.development ?? process.env.NODE_ENV !== "production";
  const maxPayloadBytes = options.maxPayloadBytes ?? DEFAULT_MAX_PAYLOAD_BYTES;
  if (!(maxPayloadBytes > 0)) throw new RangeError("typed-ws: maxPayloadBytes must be positive");
  core.runtime.development = development;
  core.runtime.validateOutbound = options.validateOutbound ?? development;
  core.runtime.maxPayloadBytes = maxPayloadBytes;
  const authTimeoutMs = options.authTimeoutMs ?? DEFAULT_AUTH_TIMEOUT_MS;
  if (!(authTimeoutMs > 0)) throw new RangeError("typed-ws: authTimeoutMs must be positive");
  const authFailure = options.authFailure ?? "close-1008";
  core.runtime.slowConsumers = options.slowConsumers ?? "close";
  core.runtime.rateLimit = resolveRateLimit(options.rateLimit);
  core.runtime.dedupe =
    options.dedupe === false
      ? undefined
      : new Dedupe(options.dedupe ?? new MemoryRequestStore(), (error, conn, correlationId) =>
          reportError(core, error, { ws: conn.ws, phase: "reply", code: undefined, type: undefined, correlationId }),
        );
  const connections = new WeakMap<object, Connection<WsData<AppData>>>();
  const outbox = new Outbox((ws, kind) => {
    if (kind === "publish") core.stats.droppedPublishes++;
    else core.stats.droppedSends++;
    onDropped(core, ws as ServerWebSocket<WsData<AppData>>);
  });
  core.runtime.outbox = outbox;
  const inbound = new InboundScheduler(core, (conn, error) =>
    reportDispatchError(core, conn.ws as ServerWebSocket<WsData<AppData>>, error),
  );
  let attached: Server<WsData<AppData>> | undefined;

  const attach = (server: Server<WsData<AppData>>) => {
    if (attached === server) return;
    attached = server;
    core.runtime.pubsub = options.pubsub?.(server) ?? new BunPubSub(outbox);
  };

  const fetch = async (request: Request, server: Server<WsData<AppData>>): Promise<Response | undefined> => {
    const isOurs =
      isUpgradeRequest(request) && (options.path === undefined || new URL(request.url).pathname === options.path);
    if (!isOurs) {
      if (options.fetch !== undefined) return options.fetch(request, server);
      return new Response("Expected a WebSocket upgrade", { status: 426, headers: { Upgrade: "websocket" } });
    }
    attach(server);
    const auth = await runAuthenticate(options.authenticate, request, authTimeoutMs);
    if (!auth.ok && auth.error !== undefined) {
      const code = authFailure === "http-401" ? undefined : "AUTHENTICATION_FAILED";
      const info: AuthenticateErrorInfo = {
        ws: undefined,
        phase: "authenticate",
        code,
        type: undefined,
        correlationId: undefined,
        request,
      };
      reportError(core, auth.error, info);
    }
    if (!auth.ok && authFailure === "http-401") return new Response("Unauthorized", { status: 401 });
    const data = (
      auth.ok ? { ...auth.data, clientId: Bun.randomUUIDv7() } : { clientId: Bun.randomUUIDv7(), [REFUSED]: true }
    ) as WsData<AppData>;
    const protocol = chooseProtocol(request, options.protocols);
    const headers = protocol === undefined ? undefined : { "Sec-WebSocket-Protocol": protocol };
    const upgraded = (server as Server<unknown>).upgrade(request, { data, headers });
    return upgraded ? undefined : new Response("WebSocket upgrade failed", { status: 400 });
  };

  const websocket: WebSocketHandler<WsData<AppData>> = {
    // Bun closes frames over this with 1009 itself; between the limit and twice it, dispatch answers.
    maxPayloadLength: 2 * maxPayloadBytes,
    idleTimeout: options.idleTimeout ?? 120,
    sendPings: options.sendPings ?? true,
    ...(options.backpressureLimit !== undefined && { backpressureLimit: options.backpressureLimit }),
    closeOnBackpressureLimit: options.closeOnBackpressureLimit ?? false,
    perMessageDeflate: options.perMessageDeflate ?? false,
    open(ws) {
      if (REFUSED in ws.data) {
        // Refused authentication, told over the socket so a browser can see it (PROTOCOL.md v1.1).
        ws.send(encodeError({ code: "AUTHENTICATION_FAILED", message: "Authentication failed" }, undefined));
        ws.close(CLOSE_POLICY, "Authentication failed");
        return;
      }
      const limits = core.runtime.rateLimit;
      const conn = new Connection(ws, limits === undefined ? undefined : () => new InboundBudget(limits, Date.now()));
      connections.set(ws, conn);
      runHooks(core, core.openHandlers, createConnectionContext(core, conn), ws, "open");
    },
    message(ws, raw) {
      const conn = connections.get(ws);
      if (conn !== undefined) inbound.receive(conn, raw);
    },
    close(ws, code, reason) {
      const conn = connections.get(ws);
      if (conn === undefined) return; // a refused connection: no hook ever saw it
      conn.close();
      inbound.closed(conn);
      core.runtime.pubsub?.unsubscribeAll?.(ws);
      connections.delete(ws);
      runHooks(core, core.closeHandlers, { ws, code, reason }, ws, "close");
    },
  };

  return { fetch, websocket, attach };
}
