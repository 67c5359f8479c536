import type { Router } from "@typed-ws/server-bun";

/** What the demo keeps on each connection, besides the router's `clientId`. */
export type AppData = { username?: string };

/** The demo's router type. */
export type DemoRouter = Router<AppData>;
