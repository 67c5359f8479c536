/** `serve(router, options)`: starts a Bun server for a router. */
import type { Server } from "bun";
import { createHandler, type HandlerOptions } from "./handler.ts";
import type { Router } from "./router.ts";
import type { WsData } from "./types.ts";

/** Options of {@link serve}: the handler options plus where to listen. */
export interface ServeOptions<AppData> extends HandlerOptions<AppData> {
  /** Port; `0` picks a free one (read `server.port`). @default Bun's default ($PORT, $BUN_PORT, or 3000) */
  port?: number | string;
  /** @default "0.0.0.0" (Bun's default) */
  hostname?: string;
  /** TLS options, passed to `Bun.serve`. */
  tls?: Bun.TLSOptions;
  /** Share the port between processes (Linux). @default false */
  reusePort?: boolean;
}

/**
 * Starts a Bun server speaking the typed-ws protocol for `router` and returns it
 * (`server.port`, `server.stop()`). Non-upgrade requests go to `options.fetch` (426 without it).
 * Throws at once when not running under Bun.
 *
 * ```ts
 * const server = serve(router, { port: 3000, authenticate: (req) => verify(req) });
 * ```
 */
export function serve<AppData extends object>(
  router: Router<AppData>,
  options: ServeOptions<AppData> = {},
): Server<WsData<AppData>> {
  if (typeof Bun === "undefined") {
    throw new Error(
      "@typed-ws/server-bun: serve() needs the Bun runtime (it starts Bun.serve), and this process is not Bun. " +
        "Start your server with `bun server.ts` (install Bun: `npm i -g bun`).",
    );
  }
  const { port, hostname, tls, reusePort, ...handlerOptions } = options;
  const handler = createHandler(router, handlerOptions);
  const server = Bun.serve<WsData<AppData>>({
    ...(port !== undefined && { port }),
    ...(hostname !== undefined && { hostname }),
    ...(tls !== undefined && { tls }),
    ...(reusePort !== undefined && { reusePort }),
    development: router.core.runtime.development,
    fetch: handler.fetch,
    websocket: handler.websocket,
  });
  handler.attach(server);
  return server;
}
