/**
 * Interop: the typed-ws client against a real ws-kit server (`@ws-kit/bun` + `@ws-kit/zod`),
 * which PROTOCOL.md says must work: same envelope, `RPC_ERROR` read like `ERROR`.
 */
import { afterEach, describe, expect, it } from "bun:test";
import { ServerError, wsClient } from "@typed-ws/client";
import { message, z } from "@typed-ws/client/zod";
import { createBunHandler } from "@ws-kit/bun";
import { createRouter, rpc, withZod, z as wz } from "@ws-kit/zod";
import { closeAll, track, trackServer } from "./helpers/network.ts";

// The ws-kit side defines the contract with its own helpers…
const WkCalculate = rpc("CALCULATE", { a: wz.number(), b: wz.number() }, "CALCULATE_RESULT", { result: wz.number() });
// …and the typed-ws side with message(): only the wire format is shared.
const Calculate = message("CALCULATE", { a: z.number(), b: z.number() });
const CalculateResult = message("CALCULATE_RESULT", { result: z.number() });

function startWsKit() {
  const router = createRouter()
    .plugin(withZod())
    .rpc(WkCalculate, (ctx) => {
      if (ctx.payload.b === 0) {
        ctx.error("INVALID_ARGUMENT", "b must not be 0", { field: "b" });
        return;
      }
      ctx.reply({ result: ctx.payload.a / ctx.payload.b });
    });
  const { fetch, websocket } = createBunHandler(router);
  const server = trackServer(Bun.serve({ hostname: "127.0.0.1", port: 0, fetch, websocket }));
  return `ws://127.0.0.1:${server.port}/`;
}

afterEach(closeAll);

describe("typed-ws client ↔ ws-kit server", () => {
  it("correlates a request and validates the response", async () => {
    const client = track(wsClient({ url: startWsKit(), heartbeat: false }));
    await client.connect();
    const replies = await Promise.all(
      [1, 2, 3].map((b) => client.request(Calculate, { a: 6, b }, CalculateResult, { timeoutMs: 2000 })),
    );
    expect(replies.map((reply) => reply.payload.result)).toEqual([6, 3, 2]);
  });

  it("reads ws-kit's RPC_ERROR as a ServerError with details as context", async () => {
    const client = track(wsClient({ url: startWsKit(), heartbeat: false }));
    await client.connect();
    const error = await client.request(Calculate, { a: 1, b: 0 }, CalculateResult, { timeoutMs: 2000 }).catch((e) => e);
    expect(error).toBeInstanceOf(ServerError);
    expect(error.code).toBe("INVALID_ARGUMENT");
    expect(error.message).toBe("b must not be 0");
    expect(error.context).toEqual({ field: "b" });
  });
});
