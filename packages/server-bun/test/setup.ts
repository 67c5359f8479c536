/** Test servers: a router served on 127.0.0.1 port 0, stopped by `stopAll()` in afterEach. */
import { type WsClient, type WsClientOptions, wsClient } from "@typed-ws/client";
import type { Server } from "bun";
import { type Router, type ServeOptions, serve } from "../src/index.ts";
import { RawClient } from "./raw-client.ts";

const servers: Server<unknown>[] = [];
const clients: { close(): void }[] = [];

/** Starts `router` on a free port; returns the server and its ws:// URL. */
export function start<AppData extends object>(
  router: Router<AppData>,
  options: ServeOptions<AppData> = {},
): { server: Server<unknown>; url: string } {
  const server = serve(router, { hostname: "127.0.0.1", port: 0, ...options }) as Server<unknown>;
  servers.push(server);
  return { server, url: `ws://127.0.0.1:${server.port}` };
}

/** A raw client closed by {@link stopAll}. */
export async function rawClient(url: string, init?: Parameters<typeof RawClient.connect>[1]): Promise<RawClient> {
  const client = await RawClient.connect(url, init);
  clients.push(client);
  return client;
}

/** Registers anything with `close()` to be closed by {@link stopAll}. */
export function track<T extends { close(): void }>(client: T): T {
  clients.push(client);
  return client;
}

/** Closes every client and stops every server. */
export async function stopAll(): Promise<void> {
  for (const client of clients.splice(0)) client.close();
  await Promise.all(servers.splice(0).map((server) => server.stop(true)));
}

/** A connected `wsClient` (no reconnect, no heartbeat unless asked), closed by {@link stopAll}. */
export async function typedClient(url: string, options: Partial<WsClientOptions> = {}): Promise<WsClient> {
  const client = wsClient({ url, reconnect: false, heartbeat: false, ...options });
  clients.push(client);
  await client.connect();
  return client;
}
