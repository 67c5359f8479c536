/**
 * The router's internal state, shared by the router facade, the dispatcher and the Bun adapter:
 * routes, middleware, hooks, runtime settings and counters.
 */
import type { AnyMessageSchema } from "@typed-ws/client/protocol";
import type { Dedupe } from "./dedupe/dedupe.ts";
import type { Outbox } from "./outbox.ts";
import type { PubSub } from "./pubsub.ts";
import { DEFAULT_RATE_LIMIT, type RateLimitConfig } from "./rate-limit.ts";
import type { SlowConsumerPolicy } from "./slow-consumer.ts";
import type { CloseContext, ErrorHandler, ErrorInfo, Middleware, OpenContext, ServerSocket, WsData } from "./types.ts";

/** A registered message type. */
export interface Route {
  readonly schema: AnyMessageSchema;
  // biome-ignore lint/suspicious/noExplicitAny: handlers of every schema live in one map
  readonly handler: (ctx: any) => unknown;
}

/** Settings the server sets when it starts (`serve` / `createHandler`). */
export interface RuntimeConfig {
  /** Development mode: warnings, outbound validation by default, answers for unanswered requests. */
  development: boolean;
  /** Validate `send`/`reply`/`publish` against their schemas. */
  validateOutbound: boolean;
  /** Largest accepted inbound frame, in bytes. */
  maxPayloadBytes: number;
  /** Topic fan-out; undefined until a server is attached. */
  pubsub: PubSub | undefined;
  /** What happens to a socket that passed the backpressure limit. */
  slowConsumers: SlowConsumerPolicy;
  /** Each connection's inbound budget; undefined: off. */
  rateLimit: RateLimitConfig | undefined;
  /** Batched publish deliveries; direct sends queue behind them. Undefined until a server is attached. */
  outbox: Outbox | undefined;
  /** Remembered answers for retried requests; undefined: off. */
  dedupe: Dedupe | undefined;
}

/** Counters a router exposes as `router.stats`. */
export interface RouterStats {
  /**
   * Publish deliveries that never happened, counted per subscriber socket (a publish two
   * subscribers missed counts 2): backpressure limit hit, socket closing. Exact: each socket's
   * `ws.send` result, never a fan-out total.
   */
  droppedPublishes: number;
  /** Direct sends (`send`/`reply`/`error`) the runtime dropped (closed socket, backpressure limit). */
  droppedSends: number;
  /** Slow consumers closed with `1013` (`slowConsumers: "close"`). */
  slowConsumersClosed: number;
}

/** Everything a router holds. */
export interface RouterCore<AppData> {
  readonly routes: Map<string, Route>;
  readonly middleware: Middleware<AppData>[];
  // biome-ignore lint/suspicious/noExplicitAny: per-type middleware is typed at registration
  readonly typeMiddleware: Map<string, Middleware<AppData, any>[]>;
  readonly openHandlers: ((ctx: OpenContext<AppData>) => unknown)[];
  readonly closeHandlers: ((ctx: CloseContext<AppData>) => unknown)[];
  readonly errorHandlers: ErrorHandler<AppData>[];
  readonly stats: RouterStats;
  readonly runtime: RuntimeConfig;
}

/** A fresh core with development defaults (until a server applies its options). */
export function createCore<AppData>(): RouterCore<AppData> {
  return {
    routes: new Map(),
    middleware: [],
    typeMiddleware: new Map(),
    openHandlers: [],
    closeHandlers: [],
    errorHandlers: [],
    stats: { droppedPublishes: 0, droppedSends: 0, slowConsumersClosed: 0 },
    runtime: {
      development: true,
      validateOutbound: true,
      maxPayloadBytes: 1024 * 1024,
      pubsub: undefined,
      slowConsumers: "close",
      rateLimit: DEFAULT_RATE_LIMIT,
      outbox: undefined,
      dedupe: undefined,
    },
  };
}

const loggedPhases = new Set(["handler", "open", "close", "authenticate", "backpressure", "rate-limit"]);

/**
 * Hands an error to every `onError` handler. Without any, errors from handlers and hooks are
 * logged with `console.error`; protocol problems (bad frames, validation) stay quiet.
 */
export function reportError<AppData>(core: RouterCore<AppData>, error: unknown, info: ErrorInfo<AppData>): void {
  if (core.errorHandlers.length === 0) {
    if (loggedPhases.has(info.phase)) console.error(`[typed-ws] ${info.phase} error (${info.type ?? "-"}):`, error);
    return;
  }
  for (const handler of core.errorHandlers) {
    try {
      handler(error, info);
    } catch (hookError) {
      console.error("[typed-ws] onError handler threw:", hookError);
    }
  }
}

/** Logs a development-only warning. */
export function warn<AppData>(core: RouterCore<AppData>, message: string): void {
  if (core.runtime.development) console.warn(`[typed-ws] ${message}`);
}

/** The socket type the core hands around. */
export type CoreSocket<AppData> = ServerSocket<WsData<AppData>>;
