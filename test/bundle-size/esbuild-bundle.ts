/**
 * The minified bundle of a module source, built with esbuild (the bench's, as figure 5 measures)
 * through the `@typed-ws/source` condition, for tests that check what an entry pulls in.
 */
import { createRequire } from "node:module";
import { fileURLToPath } from "node:url";

const root = fileURLToPath(new URL("../../", import.meta.url));

/** The part of esbuild's API used here (esbuild is a dependency of bench/, not of the workspace root). */
interface Esbuild {
  build(options: Record<string, unknown>): Promise<{ outputFiles: Array<{ text: string }> }>;
}

/** Bundles `source` (resolved from the repo root) minified for the browser; `external` stays imports. Zod and Valibot are always external. */
export async function bundleSource(source: string, external: readonly string[] = []): Promise<string> {
  const esbuild = (await import(createRequire(`${root}bench/package.json`).resolve("esbuild"))) as Esbuild;
  const result = await esbuild.build({
    stdin: { contents: source, resolveDir: root, loader: "ts" },
    bundle: true,
    minify: true,
    format: "esm",
    platform: "browser",
    conditions: ["@typed-ws/source"],
    external: ["zod", "valibot", ...external],
    write: false,
    logLevel: "silent",
  });
  return result.outputFiles.map((file) => file.text).join("\n");
}
