/**
 * The direct checker is opt-in: `@typed-ws/client/zod` (everything it exports, or the Zod fixture
 * app) bundles none of its code; `@typed-ws/client/zod-direct` does, and imports no Zod (so a
 * Valibot-only Bun server, which loads it through `@typed-ws/server-bun`, loads no Zod). Built
 * with esbuild (the bench's) through the `@typed-ws/source` condition, minified, validators external.
 */
import { describe, expect, it } from "vitest";
import { bundleSource } from "./esbuild-bundle.ts";

const bundle = bundleSource;

/** Text only the direct checker holds: Zod trait names it tests and a check kind it supports. */
const DIRECT_MARKERS = ["$ZodCustomStringFormat", "$ZodExactOptional", "length_equals"];
/** An import of Zod in esbuild's output (`from"zod"`, `import"zod"`, `import("zod")`). */
const ZOD_IMPORT = /(from|import)\s*\(?\s*["']zod["']/;

describe("the direct checker is opt-in", () => {
  it.each([
    ["everything @typed-ws/client/zod exports", `export * from "@typed-ws/client/zod";`],
    ["the Zod fixture app (test/bundle-size/apps)", `import "./test/bundle-size/apps/typed-ws-zod.ts";`],
  ])("%s bundles none of its code", async (_name, source) => {
    const code = await bundle(source);
    expect(ZOD_IMPORT.test(code), "sanity: the Zod helpers are there").toBe(true);
    expect(code.includes("The client was closed"), "sanity: the client is there").toBe(true);
    for (const marker of DIRECT_MARKERS) expect(code.includes(marker), `bundles ${marker}`).toBe(false);
  });

  it("@typed-ws/client/zod-direct bundles it, and no Zod", async () => {
    const code = await bundle(`export * from "@typed-ws/client/zod-direct";`);
    for (const marker of DIRECT_MARKERS) expect(code.includes(marker), `bundles ${marker}`).toBe(true);
    expect(ZOD_IMPORT.test(code), "imports zod").toBe(false);
  });
});
