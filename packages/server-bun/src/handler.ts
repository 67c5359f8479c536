/**
 * The Bun adapter: `createHandler(router, options)` returns the `fetch` (upgrade) and `websocket`
 * handlers for `Bun.serve`.
 */
import type { Server, ServerWebSocket, WebSocketHandler } from "bun";
import { Connection } from "./connection.ts";
import { createConnectionContext } from "./context.ts";
import { type RouterCore, reportError } from "./core.ts";
import { dispatch } from "./dispatch.ts";
import { BunPubSub, type PubSub } from "./pubsub.ts";
import type { Router } from "./router.ts";
import type { ErrorPhase, WsData } from "./types.ts";
import { type Authenticate, isUpgradeRequest, offeredProtocols, runAuthenticate } from "./upgrade.ts";

/** Options of {@link createHandler} (and of `serve`). */
export interface HandlerOptions<AppData> {
  /**
   * Runs at upgrade (sync or async). An object is merged into `ws.data`; `undefined` accepts with
   * no extra data; `false` or a throw answers HTTP 401 and no socket opens.
   */
  authenticate?: Authenticate<AppData>;
  /** Largest inbound frame in bytes, checked before parsing: `PAYLOAD_TOO_LARGE`; at twice this, close 1009. @default 1048576 (1 MiB) */
  maxPayloadBytes?: number;
  /** Seconds without traffic (pings included) before Bun closes the socket. @default 120 */
  idleTimeout?: number;
  /** Bun pings idle clients shortly before `idleTimeout`, so dead peers are dropped. @default true */
  sendPings?: boolean;
  /** Bytes buffered per connection before sends are dropped (`SendStatus` `"dropped"`, counted). @default 16 MiB (Bun's) */
  backpressureLimit?: number;
  /** Close a connection that reaches `backpressureLimit`. @default false */
  closeOnBackpressureLimit?: boolean;
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
  /** Topic fan-out for this server. @default Bun's topics (`new BunPubSub(server)`) */
  pubsub?: (server: Server<WsData<AppData>>) => PubSub;
}

/** What {@link createHandler} returns: pass both to `Bun.serve`. */
export interface BunHandler<AppData> {
  fetch(request: Request, server: Server<WsData<AppData>>): Promise<Response | undefined>;
  websocket: WebSocketHandler<WsData<AppData>>;
  /** Binds the router's publish to a server; `fetch` does it on the first request, `serve` at once. */
  attach(server: Server<WsData<AppData>>): void;
}

/** Bun's default `maxPayloadLength`. */
const DEFAULT_MAX_PAYLOAD_BYTES = 1024 * 1024;

function runHooks<AppData, C>(
  core: RouterCore<AppData>,
  hooks: ReadonlyArray<(ctx: C) => unknown>,
  ctx: C,
  ws: ServerWebSocket<WsData<AppData>>,
  phase: ErrorPhase,
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
  const connections = new WeakMap<object, Connection<WsData<AppData>>>();
  let attached: Server<WsData<AppData>> | undefined;

  const attach = (server: Server<WsData<AppData>>) => {
    if (attached === server) return;
    attached = server;
    core.runtime.pubsub = options.pubsub?.(server) ?? new BunPubSub(server);
  };

  const fetch = async (request: Request, server: Server<WsData<AppData>>): Promise<Response | undefined> => {
    const isOurs =
      isUpgradeRequest(request) && (options.path === undefined || new URL(request.url).pathname === options.path);
    if (!isOurs) {
      if (options.fetch !== undefined) return options.fetch(request, server);
      return new Response("Expected a WebSocket upgrade", { status: 426, headers: { Upgrade: "websocket" } });
    }
    attach(server);
    const auth = await runAuthenticate(options.authenticate, request);
    if (!auth.ok) return new Response("Unauthorized", { status: 401 });
    const data = { ...auth.data, clientId: Bun.randomUUIDv7() } as WsData<AppData>;
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
      const conn = new Connection(ws);
      connections.set(ws, conn);
      runHooks(core, core.openHandlers, createConnectionContext(core, conn), ws, "open");
    },
    message(ws, raw) {
      const conn = connections.get(ws);
      if (conn === undefined) return;
      try {
        dispatch(core, conn, raw)?.catch((error: unknown) => reportDispatchError(core, ws, error));
      } catch (error) {
        reportDispatchError(core, ws, error);
      }
    },
    close(ws, code, reason) {
      connections.get(ws)?.close();
      connections.delete(ws);
      runHooks(core, core.closeHandlers, { ws, code, reason }, ws, "close");
    },
  };

  return { fetch, websocket, attach };
}
