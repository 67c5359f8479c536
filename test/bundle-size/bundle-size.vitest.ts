/**
 * Tree-shaking: the fixture chat app (five message schemas, `wsClient`, `send`, `request`) built by
 * Vite for production on `@typed-ws/client/zod` and `/valibot` is at most the same app on the plain
 * validator and a bare WebSocket + 8 kB gz — typed-ws adds its client, never the rest of the
 * validator (Zod's locales, unused Valibot actions) or the unused `ErrorMessage`/`ErrorCode`.
 */
import { beforeAll, describe, expect, it } from "vitest";
import { type App, type BundleSize, measureAll } from "./measure.ts";

/** What typed-ws may add to the same app on the plain validator, gzip bytes: 8 kB (decimal, as the 6.0 kB core cap). */
const BUDGET = 8_000;

let sizes: Record<App, BundleSize>;
beforeAll(async () => {
  sizes = Object.fromEntries((await measureAll()).map((size) => [size.app, size])) as Record<App, BundleSize>;
}, 180_000);

describe.each([
  ["zod", "typed-ws-zod", "plain-zod"],
  ["valibot", "typed-ws-valibot", "plain-valibot"],
] as const)("%s", (_validator, typedWs, plain) => {
  it(`the typed-ws app is at most the plain app + ${BUDGET / 1000} kB gz`, () => {
    const extra = sizes[typedWs].gzip - sizes[plain].gzip;
    expect(extra, `${typedWs} ${sizes[typedWs].gzip} B gz vs ${plain} ${sizes[plain].gzip} B gz`).toBeLessThanOrEqual(
      BUDGET,
    );
  });

  it("leaves out ErrorMessage and ErrorCode when the app does not use them", () => {
    // The ERROR schema's literal type and the error-code enum's first member.
    expect(sizes[typedWs].code).not.toContain('"ERROR"');
    expect(sizes[typedWs].code).not.toContain("INTERNAL_SERVER_ERROR");
  });
});
