import { DemoErrorCodes, RestartServer } from "../shared/messages.ts";
import type { DemoRouter } from "./router.ts";

/** The exit code that asks the supervisor for an immediate restart (EX_TEMPFAIL). */
export const RESTART_EXIT_CODE = 75;

/** WebSocket close code 1012: "service restart" — clients reconnect with backoff. */
const SERVICE_RESTART = 1012;

/** Options of {@link registerRestart}. */
export interface RestartOptions {
  /** Whether a supervisor will start the server again; without one the request is refused. */
  supervised: boolean;
  /** Called once every socket has closed after its 1012 (or after 1 s): exit here. */
  onRestart: () => void;
}

/**
 * The demo's "restart server" button: `RESTART_SERVER` closes every socket with 1012 and then
 * calls `onRestart`. Without a supervisor it answers `RESTART_UNAVAILABLE` instead.
 */
export function registerRestart(router: DemoRouter, options: RestartOptions): void {
  const sockets = new Set<{ close(code?: number, reason?: string): void }>();
  let restarting = false;
  let drained: (() => void) | undefined;

  router.onOpen((ctx) => {
    sockets.add(ctx.ws);
  });
  router.onClose((ctx) => {
    sockets.delete(ctx.ws);
    if (sockets.size === 0) drained?.();
  });

  router.on(RestartServer, (ctx) => {
    if (!options.supervised) {
      ctx.error(DemoErrorCodes.RestartUnavailable, "Restart needs the supervisor: start the demo with `npm run demo`.");
      return;
    }
    if (restarting) return;
    restarting = true;
    console.log(`restart requested by ${ctx.ws.data.clientId}: closing ${sockets.size} socket(s) with 1012`);
    const done = new Promise<void>((resolve) => {
      drained = resolve;
      setTimeout(resolve, 1000);
    });
    for (const ws of [...sockets]) ws.close(SERVICE_RESTART, "service restart");
    void done.then(options.onRestart);
  });
}
