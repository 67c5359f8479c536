import { existsSync } from "node:fs";
import { fileURLToPath } from "node:url";

/** The repository root. */
export const repoRoot = fileURLToPath(new URL("../../", import.meta.url));
/** The demo package. */
export const demoDir = fileURLToPath(new URL("../", import.meta.url));
/**
 * Where the browser tests build the app (served by the demo server through `DEMO_DIST`); apart
 * from `demo/dist` so a running `npm run demo` is left alone. Gitignored.
 */
export const distDir = fileURLToPath(new URL("../../test-results/e2e-app/", import.meta.url));
/** Bun, from the `bun` devDependency. */
export const bunBin = fileURLToPath(new URL("../../node_modules/.bin/bun", import.meta.url));
/** Screenshots and other artifacts (gitignored). */
export const artifactsDir = fileURLToPath(new URL("../../test-results/", import.meta.url));

/** The Chromium to drive: `$CHROMIUM_PATH`, else Debian's. */
export const chromiumPath = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";

/** The message shown when Chromium is missing. */
export function missingChromiumMessage(): string | undefined {
  if (existsSync(chromiumPath)) return undefined;
  return [
    `Chromium not found at ${chromiumPath}.`,
    "The browser tests drive a system Chromium (no browser is downloaded). Install it with:",
    "  sudo apt-get install -y chromium",
    "or point CHROMIUM_PATH at a Chromium/Chrome executable.",
  ].join("\n");
}
