/**
 * Servers and clients for cross-package tests: everything on 127.0.0.1, port 0 unless a test
 * restarts on a known port, and all of it closed by {@link closeAll} (call it in afterEach).
 */
import {
  type ConnectionState,
  type WebSocketConstructor,
  type WsClient,
  type WsClientOptions,
  wsClient,
} from "@typed-ws/client";
import { type Router, type ServeOptions, serve } from "@typed-ws/server-bun";
import type { Server } from "bun";

const servers: Server<unknown>[] = [];
const closables: { close(): void }[] = [];

/** Serves `router` on 127.0.0.1 (a free port unless `options.port` says otherwise). */
export function startServer<AppData extends object>(
  router: Router<AppData>,
  options: ServeOptions<AppData> = {},
): { server: Server<unknown>; port: number; url: string } {
  const server = serve(router, { hostname: "127.0.0.1", port: 0, ...options }) as Server<unknown>;
  servers.push(server);
  const port = server.port as number;
  return { server, port, url: `ws://127.0.0.1:${port}/` };
}

/** Registers a server started some other way (e.g. a raw `Bun.serve`) so {@link closeAll} stops it. */
export function trackServer<S extends Server<never>>(server: S): S {
  servers.push(server as unknown as Server<unknown>);
  return server;
}

/** Registers anything with `close()` (a client, a raw socket) to be closed by {@link closeAll}. */
export function track<T extends { close(): void }>(closable: T): T {
  closables.push(closable);
  return closable;
}

/**
 * A `wsClient` on Bun's native WebSocket, tracked. Fast backoff, no heartbeat and no browser
 * lifecycle unless the options say otherwise; not connected yet.
 */
export function makeClient(url: string, options: Partial<WsClientOptions> = {}): WsClient {
  return track(
    wsClient({
      url,
      WebSocket: globalThis.WebSocket as unknown as WebSocketConstructor,
      reconnect: { initialDelayMs: 20, maxDelayMs: 100 },
      heartbeat: false,
      lifecycle: false,
      ...options,
    }),
  );
}

/** Closes every tracked client and socket, then stops every tracked server. */
export async function closeAll(): Promise<void> {
  for (const closable of closables.splice(0)) closable.close();
  await Promise.all(servers.splice(0).map((server) => server.stop(true)));
}

/** Resolves with the client's first state, now or later, that matches. */
export function until(client: WsClient, predicate: (state: ConnectionState) => boolean): Promise<ConnectionState> {
  if (predicate(client.state)) return Promise.resolve(client.state);
  return new Promise((resolve) => {
    const off = client.onState((state) => {
      if (!predicate(state)) return;
      off();
      resolve(state);
    });
  });
}

/** A promise with its resolve function outside. */
export function deferred<T = void>(): { promise: Promise<T>; resolve: (value: T) => void } {
  let resolve!: (value: T) => void;
  const promise = new Promise<T>((r) => {
    resolve = r;
  });
  return { promise, resolve };
}

/** A counter whose `reach(n)` resolves once it has been bumped `n` times in total. */
export class Counter {
  #count = 0;
  readonly #waiters: { target: number; resolve: () => void }[] = [];

  get count(): number {
    return this.#count;
  }

  bump(): void {
    this.#count++;
    for (const waiter of this.#waiters.filter((w) => w.target <= this.#count)) {
      this.#waiters.splice(this.#waiters.indexOf(waiter), 1);
      waiter.resolve();
    }
  }

  reach(target: number): Promise<void> {
    if (this.#count >= target) return Promise.resolve();
    return new Promise((resolve) => this.#waiters.push({ target, resolve }));
  }
}
