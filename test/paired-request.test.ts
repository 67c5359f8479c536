/**
 * Paired request/response end to end: `rpc()` / `withResponse()` schemas shared by the real client
 * and the real Bun server on 127.0.0.1, for Zod on one end and Valibot on the other.
 */
import { afterEach, describe, expect, test } from "bun:test";
import { ValidationError } from "@typed-ws/client";
import * as V from "@typed-ws/client/valibot";
import * as Z from "@typed-ws/client/zod";
import { createRouter } from "@typed-ws/server-bun";
import { closeAll, makeClient, startServer } from "./helpers/network.ts";

afterEach(closeAll);

const zod = {
  GetUser: Z.rpc("GET_USER", { id: Z.z.string() }, "USER", { id: Z.z.string(), name: Z.z.string() }),
  Ping: Z.withResponse(Z.message("PING"), Z.message("PONG", { at: Z.z.number() })),
  Broken: Z.rpc("BROKEN", undefined, "FIXED", { ok: Z.z.boolean() }),
};
const valibot = {
  GetUser: V.rpc("GET_USER", { id: V.v.string() }, "USER", { id: V.v.string(), name: V.v.string() }),
  Ping: V.withResponse(V.message("PING"), V.message("PONG", { at: V.v.number() })),
  Broken: V.rpc("BROKEN", undefined, "FIXED", { ok: V.v.boolean() }),
};

/** A server answering with the paired responses; BROKEN is answered with the wrong type on purpose. */
function serverFor(c: typeof zod | typeof valibot) {
  const router = createRouter();
  router.on(c.GetUser, (ctx) => ctx.reply(c.GetUser.response, { id: ctx.payload.id, name: `user ${ctx.payload.id}` }));
  router.on(c.Ping, (ctx) => ctx.reply(c.Ping.response, { at: 1 }));
  router.on(c.Broken, (ctx) =>
    // @ts-expect-error — the pairing says FIXED: replying with USER is a compile error, done here on purpose
    ctx.reply(c.GetUser.response, { id: "x", name: "y" }),
  );
  return startServer(router);
}

for (const [clientSide, serverSide] of [
  [zod, valibot],
  [valibot, zod],
] as const) {
  describe(`${clientSide === zod ? "Zod" : "Valibot"} client, ${serverSide === zod ? "Zod" : "Valibot"} server`, () => {
    test("request(Paired, payload) and request(Paired) resolve with the paired response", async () => {
      const { url } = serverFor(serverSide);
      const client = makeClient(url);
      await client.connect();
      const user = await client.request(clientSide.GetUser, { id: "7" }, { timeoutMs: 5000 });
      expect(user.payload).toEqual({ id: "7", name: "user 7" });
      const pong = await client.request(clientSide.Ping);
      expect(pong).toMatchObject({ type: "PONG", payload: { at: 1 } });
    });

    test("an answer of another type than the pairing's rejects with a ValidationError naming both", async () => {
      const { url } = serverFor(serverSide);
      const client = makeClient(url);
      await client.connect();
      const error = await client.request(clientSide.Broken, undefined, { timeoutMs: 5000 }).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(ValidationError);
      expect((error as Error).message).toMatch(/^USER: type: .*"FIXED"/);
    });
  });
}
