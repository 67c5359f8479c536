/** Type tests (checked by tsc): `ctx.reply` in a handler for a paired request takes only its response. */
import { describe, expectTypeOf, test } from "vitest";
import { createRouter } from "./router.ts";
import type { SendStatus } from "./types.ts";
import { message, rpc, withResponse, z } from "./zod.ts";

const GetUser = rpc("GET_USER", { id: z.string() }, "USER", { name: z.string() });
const Ping = withResponse(message("PING"), message("PONG"));
const Calculate = message("CALCULATE", { a: z.number() });
const Other = message("OTHER", { x: z.number() });

describe("ctx.reply for a paired request", () => {
  test("takes the paired response and checks its payload", () => {
    createRouter().on(GetUser, (ctx) => {
      expectTypeOf(ctx.payload).toEqualTypeOf<{ id: string }>();
      expectTypeOf(ctx.reply(GetUser.response, { name: "Ada" })).toEqualTypeOf<SendStatus>();
      // @ts-expect-error — a different response schema than the pairing's
      ctx.reply(Other, { x: 1 });
      // @ts-expect-error — the paired response's payload is checked
      ctx.reply(GetUser.response, { name: 1 });
      // @ts-expect-error — the paired response needs its payload
      ctx.reply(GetUser.response);
      ctx.send(Other, { x: 1 }); // send is not a reply: any schema
    });
    createRouter().on(Ping, (ctx) => {
      ctx.reply(Ping.response);
      // @ts-expect-error — PONG, not GET_USER's response
      ctx.reply(GetUser.response, { name: "x" });
    });
  });

  test("an unpaired request replies with any message schema", () => {
    createRouter().on(Calculate, (ctx) => {
      ctx.reply(Other, { x: ctx.payload.a });
      ctx.reply(GetUser.response, { name: "x" });
    });
  });
});
