/** Dedupe memory under a burst of distinct requests over a real socket: it never passes its bound. */
import { afterEach, expect, test } from "bun:test";
import { createRouter, MemoryRequestStore, serve } from "@typed-ws/server-bun";
import { message, z } from "@typed-ws/server-bun/zod";

const Post = message("POST", { n: z.number() });
const Posted = message("POSTED", { n: z.number() });

const cleanups: (() => unknown)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0)) await cleanup();
});

test("100,000 distinct requests: every one answered, the remembered answers never pass maxBytes", async () => {
  const maxBytes = 1024 * 1024;
  const store = new MemoryRequestStore({ maxBytes });
  const router = createRouter();
  let peak = 0;
  router.on(Post, (ctx) => {
    ctx.reply(Posted, { n: ctx.payload.n });
    peak = Math.max(peak, store.bytes);
  });
  const server = serve(router, { hostname: "127.0.0.1", port: 0, dedupe: store, rateLimit: false });
  cleanups.push(() => server.stop(true));
  const ws = new WebSocket(`ws://127.0.0.1:${server.port}`);
  cleanups.push(() => ws.close());
  await new Promise((resolve) => ws.addEventListener("open", resolve, { once: true }));

  const total = 100_000;
  const batch = 5_000;
  let answered = 0;
  let wake: (() => void) | undefined;
  ws.addEventListener("message", () => {
    answered++;
    if (answered % batch === 0) wake?.();
  });
  for (let sent = 0; sent < total; sent += batch) {
    const done = new Promise<void>((resolve) => {
      wake = resolve;
    });
    for (let i = sent; i < sent + batch; i++) {
      ws.send(`{"type":"POST","meta":{"correlationId":"burst.${i}"},"payload":{"n":${i}}}`);
    }
    await done;
  }
  expect(answered).toBe(total);
  expect(peak).toBeGreaterThan(maxBytes / 2); // it really filled up
  expect(peak).toBeLessThanOrEqual(maxBytes);
  expect(store.bytes).toBeLessThanOrEqual(maxBytes);
  expect(store.size).toBeLessThan(total);
}, 30_000);
