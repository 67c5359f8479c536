/** 1,000 concurrent real clients on one server, each sending requests: no errors, every reply correlated. */
import { afterAll, expect, test } from "bun:test";
import type { WsClient } from "@typed-ws/client";
import { createRouter } from "../src/index.ts";
import { Echo, EchoReply } from "./schemas.ts";
import { start, stopAll, typedClient } from "./setup.ts";

const CLIENTS = 1000;
const REQUESTS_PER_CLIENT = 5;
const BATCH = 100;

afterAll(stopAll);

test(
  `${CLIENTS} clients × ${REQUESTS_PER_CLIENT} concurrent requests: all answered, all correlated`,
  async () => {
    const router = createRouter();
    const reported: unknown[] = [];
    router.onError((error) => reported.push(error));
    router.on(Echo, async (ctx) => {
      await Promise.resolve(); // an async handler, as real ones are
      ctx.reply(EchoReply, { text: `${ctx.payload.text}:${ctx.ws.data.clientId}` });
    });
    const { url } = start(router, { development: false });

    const began = performance.now();
    const clients: WsClient[] = [];
    // Connect in batches: a burst of 1,000 handshakes can overflow the listen backlog.
    for (let i = 0; i < CLIENTS; i += BATCH) {
      clients.push(...(await Promise.all(Array.from({ length: BATCH }, () => typedClient(url)))));
    }
    const connectedMs = performance.now() - began;

    const clientErrors: unknown[] = [];
    for (const client of clients) client.onError((event) => clientErrors.push(event));
    const results = await Promise.all(
      clients.map(async (client, c) => {
        const texts = Array.from({ length: REQUESTS_PER_CLIENT }, (_, r) => `c${c}r${r}`);
        const replies = await Promise.all(
          texts.map((text) => client.request(Echo, { text }, EchoReply, { timeoutMs: 10_000 })),
        );
        return replies.map((reply, r) => ({ sent: texts[r], got: reply.payload.text }));
      }),
    );
    const totalMs = performance.now() - began;

    const all = results.flat();
    expect(all).toHaveLength(CLIENTS * REQUESTS_PER_CLIENT);
    // Each reply carries its own request's text; and every client saw a single server-side clientId.
    for (const { sent, got } of all) expect(got.startsWith(`${sent}:`)).toBe(true);
    const idsPerClient = results.map((replies) => new Set(replies.map(({ got }) => got.split(":")[1])).size);
    expect(idsPerClient.every((n) => n === 1)).toBe(true);
    expect(new Set(results.map((replies) => replies[0]?.got.split(":")[1])).size).toBe(CLIENTS);
    expect(clientErrors).toEqual([]);
    expect(reported).toEqual([]);
    expect(router.stats).toEqual({ droppedPublishes: 0, droppedSends: 0, slowConsumersClosed: 0 });
    console.log(
      `load: ${CLIENTS} clients connected in ${connectedMs.toFixed(0)} ms; ${all.length} requests done in ${totalMs.toFixed(0)} ms total`,
    );
  },
  { timeout: 15_000 },
);
