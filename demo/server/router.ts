import type { Router } from "@typed-ws/server-bun";

/** What the demo keeps on each connection, besides the router's `clientId`. */
export type AppData = {
  username?: string;
  /** The tab's `client` query parameter, as `tab:<id>`: its dedupe identity (see main.ts). */
  identity?: string;
};

/** The demo's router type. */
export type DemoRouter = Router<AppData>;
