import type { Browser } from "playwright-core";
import { afterAll, afterEach, beforeAll } from "vitest";
import { launchChromium } from "./browser.ts";
import { type DemoServer, type DemoServerOptions, startDemoServer } from "./server.ts";

/** What {@link demoServersPerTest} gives a test file. */
export interface DemoServers {
  /** The file's Chromium (launched before its first test). */
  readonly browser: Browser;
  /** Starts a demo server for the current test; it is stopped, and its pages closed, after the test. */
  start(options?: DemoServerOptions): Promise<DemoServer>;
}

/**
 * For test files whose tests start (and restart) their own demo servers: one Chromium per file,
 * and after each test every page context closed and every server that test started stopped.
 */
export function demoServersPerTest(): DemoServers {
  let browser: Browser | undefined;
  const servers: DemoServer[] = [];

  beforeAll(async () => {
    browser = await launchChromium();
  });
  afterEach(async () => {
    for (const context of browser?.contexts() ?? []) await context.close();
    await Promise.all(servers.splice(0).map((server) => server.stop()));
  });
  afterAll(async () => {
    await browser?.close();
  });

  return {
    get browser() {
      if (browser === undefined)
        throw new Error("demoServersPerTest: Chromium is launched in beforeAll; use it in a test");
      return browser;
    },
    async start(options = {}) {
      const server = await startDemoServer(options);
      servers.push(server);
      return server;
    },
  };
}
