/**
 * Figure 5: bundle size, esbuild minified + gzip (level 9), bundling the packages' `src/` through
 * the `@typed-ws/source` condition. Budgets: client core ≤ 6.0 kB (the owner's cap), React ≤ 2.5 kB
 * (min+gz). Topics are opt-in (`@typed-ws/client/topics`): their rows have no budget; what an app
 * that subscribes pays is the "core + topics" row (its name shows the increase over the core). Also the tree-shaking fixture apps of `test/bundle-size/` (Vite production builds):
 * each typed-ws app against the same app on the plain validator, ≤ plain + 8 kB gz.
 */
import { gzipSync } from "node:zlib";
import { build } from "esbuild";
import { type App, measure as measureApp } from "../../test/bundle-size/measure.ts";
import type { Row } from "../lib/table.ts";

interface Entry {
  name: string;
  /** What the entry file imports (everything it exports, so nothing is tree-shaken away). */
  source: string;
  external: string[];
  budgetBytes?: number;
}

const ENTRIES: Entry[] = [
  {
    name: "@typed-ws/client (core, no validator)",
    source: `export * from "@typed-ws/client";`,
    external: ["zod", "valibot"],
    budgetBytes: 6_000,
  },
  {
    name: "@typed-ws/client, only `import { wsClient }`",
    source: `export { wsClient } from "@typed-ws/client";`,
    external: ["zod", "valibot"],
  },
  {
    name: "@typed-ws/client/topics alone",
    source: `export * from "@typed-ws/client/topics";`,
    external: ["zod", "valibot"],
  },
  {
    name: "@typed-ws/client core + /topics",
    source: `export * from "@typed-ws/client"; export * from "@typed-ws/client/topics";`,
    external: ["zod", "valibot"],
  },
  { name: "@typed-ws/client/zod (without zod)", source: `export * from "@typed-ws/client/zod";`, external: ["zod"] },
  {
    name: "@typed-ws/client/valibot (without valibot)",
    source: `export * from "@typed-ws/client/valibot";`,
    external: ["valibot"],
  },
  {
    name: "@typed-ws/react (without react, query-core, client)",
    source: `export * from "@typed-ws/react";`,
    external: ["react", "react/jsx-runtime", "react-dom", "@tanstack/query-core", "@typed-ws/client", "zod", "valibot"],
    budgetBytes: 2_500,
  },
  {
    name: "@typed-ws/react/topics alone (useSubscription)",
    source: `export * from "@typed-ws/react/topics";`,
    external: ["react", "react/jsx-runtime", "react-dom", "@tanstack/query-core", "@typed-ws/client", "zod", "valibot"],
  },
  {
    name: "@typed-ws/react + /topics (what an app using useSubscription pays)",
    source: `export * from "@typed-ws/react"; export * from "@typed-ws/react/topics";`,
    external: ["react", "react/jsx-runtime", "react-dom", "@tanstack/query-core", "@typed-ws/client", "zod", "valibot"],
  },
];

/** Minified and gzipped size in bytes of one entry. */
async function measureEntry(entry: Entry): Promise<{ min: number; gz: number }> {
  const result = await build({
    stdin: { contents: entry.source, resolveDir: import.meta.dir, loader: "ts" },
    bundle: true,
    minify: true,
    format: "esm",
    platform: "browser",
    target: "es2022",
    conditions: ["@typed-ws/source"],
    external: entry.external,
    write: false,
    logLevel: "error",
  });
  const code = result.outputFiles[0]!.contents;
  return { min: code.byteLength, gz: gzipSync(code, { level: 9 }).byteLength };
}

/** Runs figure 5; rows with a budget carry a pass/miss target (the bench exits non-zero on a miss). */
export async function bundleSizes(): Promise<Row[]> {
  const rows: Row[] = [];
  let coreGz: number | undefined;
  for (const entry of ENTRIES) {
    try {
      const { min, gz } = await measureEntry(entry);
      const budget = entry.budgetBytes;
      if (entry === ENTRIES[0]) coreGz = gz;
      const overCore = entry.name.includes("core +") && coreGz !== undefined ? `, +${gz - coreGz} B over core` : "";
      rows.push({
        figure: "5",
        name: `${entry.name} min+gz (min ${(min / 1000).toFixed(1)} kB, ${gz.toLocaleString("en-US")} B gz${overCore})`,
        value: gz / 1000,
        unit: "kB",
        ...(budget === undefined
          ? {}
          : {
              baseline: `budget ${budget / 1000} kB`,
              ratio: gz / budget,
              targets: [{ label: `≤ ${budget / 1000} kB`, pass: gz <= budget }],
            }),
      });
    } catch (error) {
      console.error(`  bundle ${entry.name}: FAILED ${(error as Error).message}`);
      rows.push({
        figure: "5",
        name: `${entry.name} (build failed)`,
        value: Number.NaN,
        unit: "kB",
        targets: [{ label: "builds", pass: false }],
      });
    }
  }
  return rows;
}

/** How much a typed-ws fixture app may weigh over the same app on the plain validator (issue 11). */
const APP_OVERHEAD_BYTES = 8_000;
const APP_PAIRS: ReadonlyArray<readonly [App, App]> = [
  ["typed-ws-zod", "plain-zod"],
  ["typed-ws-valibot", "plain-valibot"],
];

/**
 * Figure 5, apps: the fixture apps of `test/bundle-size/` built by Vite for production (the
 * test's own measure code), each typed-ws app as a ratio to the same app on the plain validator.
 */
export async function appBundleSizes(): Promise<Row[]> {
  const rows: Row[] = [];
  for (const [typed, plain] of APP_PAIRS) {
    try {
      const t = await measureApp(typed);
      const p = await measureApp(plain);
      const row = (size: typeof t) => `app ${size.app} (Vite, min ${(size.minified / 1000).toFixed(1)} kB) gz`;
      rows.push(
        { figure: "5", name: row(p), value: p.gzip / 1000, unit: "kB" },
        {
          figure: "5",
          name: `${row(t)}, +${((t.gzip - p.gzip) / 1000).toFixed(2)} kB`,
          value: t.gzip / 1000,
          unit: "kB",
          baseline: `app ${plain}`,
          ratio: t.gzip / p.gzip,
          targets: [{ label: "≤ plain + 8 kB", pass: t.gzip - p.gzip <= APP_OVERHEAD_BYTES }],
        },
      );
    } catch (error) {
      console.error(`  app bundle ${typed}: FAILED ${(error as Error).message}`);
      rows.push({
        figure: "5",
        name: `app ${typed} (build failed)`,
        value: Number.NaN,
        unit: "kB",
        targets: [{ label: "builds", pass: false }],
      });
    }
  }
  return rows;
}
