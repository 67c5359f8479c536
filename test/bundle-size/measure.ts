/**
 * Builds each fixture app in `apps/` with Vite for production (minified, tree-shaken, no files
 * written) and measures its JavaScript gzip-compressed (level 9). `@typed-ws/client` is read
 * through the `@typed-ws/source` condition, so the sizes are of the sources in this checkout.
 * Deterministic: the same sources give the same bytes.
 */
import { createRequire } from "node:module";
import { fileURLToPath } from "node:url";
import { gzipSync } from "node:zlib";

/** The fixture apps: typed-ws on each validator, and the same app on the plain validator. */
export const apps = ["typed-ws-zod", "plain-zod", "typed-ws-valibot", "plain-valibot"] as const;
export type App = (typeof apps)[number];

/** The size of one app's production bundle. */
export interface BundleSize {
  readonly app: App;
  /** Minified bytes of every JavaScript chunk. */
  readonly minified: number;
  /** Those chunks gzip-compressed at level 9, summed. */
  readonly gzip: number;
  /** The minified code, chunks joined (for checks of what was left out). */
  readonly code: string;
}

const root = fileURLToPath(new URL("../../", import.meta.url));
/** The part of Vite's API used here (Vite is a dependency of demo/, not of the workspace root). */
interface Vite {
  build(config: Record<string, unknown>): Promise<unknown>;
}

/** Vite from demo/ (the version the demo ships with). */
async function loadVite(): Promise<Vite> {
  const path = createRequire(`${root}demo/package.json`).resolve("vite");
  return (await import(path)) as Vite;
}

/** Builds one app and measures it. */
export async function measure(app: App, vite?: Vite): Promise<BundleSize> {
  const { build } = vite ?? (await loadVite());
  const result = await build({
    configFile: false,
    root: fileURLToPath(new URL("./apps/", import.meta.url)),
    logLevel: "silent",
    mode: "production",
    resolve: { conditions: ["@typed-ws/source", "module", "browser", "production"] },
    build: {
      write: false,
      minify: true,
      target: "es2022",
      modulePreload: false,
      rollupOptions: { input: fileURLToPath(new URL(`./apps/${app}.ts`, import.meta.url)) },
    },
  });
  const outputs = (Array.isArray(result) ? result : [result]) as Array<{
    output: Array<{ type: string; fileName: string; code?: string }>;
  }>;
  let minified = 0;
  let gzip = 0;
  let code = "";
  for (const { output } of outputs) {
    for (const chunk of output) {
      if (chunk.type !== "chunk" || chunk.code === undefined) continue;
      minified += Buffer.byteLength(chunk.code);
      gzip += gzipSync(chunk.code, { level: 9 }).length;
      code += chunk.code;
    }
  }
  return { app, minified, gzip, code };
}

/** Builds and measures every app, one after another. */
export async function measureAll(): Promise<BundleSize[]> {
  const vite = await loadVite();
  const sizes: BundleSize[] = [];
  for (const app of apps) sizes.push(await measure(app, vite));
  return sizes;
}

// `node --experimental-strip-types test/bundle-size/measure.ts` (or bun) prints the table.
if (import.meta.url === `file://${process.argv[1]}`) {
  for (const { app, minified, gzip } of await measureAll()) {
    console.log(`${app.padEnd(18)} ${String(minified).padStart(8)} B min  ${String(gzip).padStart(7)} B gz`);
  }
}
