import * as vb from "valibot";
import { describe, expectTypeOf, it } from "vitest";
import { z } from "zod";
import * as V from "../valibot.ts";
import * as Z from "../zod.ts";
import type { InferMessage, InferMeta, InferPayload, InferPayloadInput, InferType } from "./message-schema.ts";

type BaseMeta = { timestamp?: number; correlationId?: string };

describe("zod inference", () => {
  const Ping = Z.message("PING");
  const Chat = Z.message("CHAT", { text: z.string(), n: z.number().default(3) });
  const Auth = Z.message("AUTH", { a: z.string() }, { version: z.string(), correlationId: z.uuid() });
  const Dated = Z.message("DATED", { at: z.string().transform((s) => new Date(s)) });

  it("infers the whole message, payload, meta and type", () => {
    expectTypeOf<InferMessage<typeof Chat>>().toEqualTypeOf<{
      type: "CHAT";
      meta: BaseMeta;
      payload: { text: string; n: number };
    }>();
    expectTypeOf<InferPayload<typeof Chat>>().toEqualTypeOf<{ text: string; n: number }>();
    expectTypeOf<InferPayloadInput<typeof Chat>>().toEqualTypeOf<{ text: string; n?: number | undefined }>();
    expectTypeOf<InferType<typeof Chat>>().toEqualTypeOf<"CHAT">();
    expectTypeOf<InferMeta<typeof Auth>>().toEqualTypeOf<{
      timestamp?: number;
      correlationId: string;
      version: string;
    }>();
  });

  it("gives a message without payload no payload key", () => {
    expectTypeOf<InferMessage<typeof Ping>>().toEqualTypeOf<{ type: "PING"; meta: BaseMeta }>();
    expectTypeOf<InferMessage<typeof Ping>>().not.toHaveProperty("payload");
    expectTypeOf<InferPayload<typeof Ping>>().toBeNever();
  });

  it("gives the handler the transformed output type", () => {
    expectTypeOf<InferPayload<typeof Dated>>().toEqualTypeOf<{ at: Date }>();
    expectTypeOf<InferPayloadInput<typeof Dated>>().toEqualTypeOf<{ at: string }>();
  });

  it("works with z.infer and z.discriminatedUnion, and exposes .schema as the payload", () => {
    const Union = z.discriminatedUnion("type", [Ping, Chat]);
    expectTypeOf<z.infer<typeof Union>>().toEqualTypeOf<InferMessage<typeof Ping> | InferMessage<typeof Chat>>();
    expectTypeOf<z.infer<typeof Chat.schema>>().toEqualTypeOf<InferPayload<typeof Chat>>();
  });

  it("types createMessage arguments", () => {
    Z.createMessage(Chat, { text: "x" });
    Z.createMessage(Ping);
    Z.createMessage(Auth, { a: "x" }, { version: "1", correlationId: "id" });
    // @ts-expect-error wrong payload type
    Z.createMessage(Chat, { text: 1 });
    // @ts-expect-error payload required
    Z.createMessage(Chat);
    // @ts-expect-error missing required field
    Z.createMessage(Chat, {});
    // @ts-expect-error extra field
    Z.createMessage(Chat, { text: "x", typo: "oops" });
    // @ts-expect-error payload passed to a payload-less message
    Z.createMessage(Ping, { text: "x" });
    // @ts-expect-error declared meta field missing
    Z.createMessage(Auth, { a: "x" }, { correlationId: "id" });
    // @ts-expect-error reserved meta key
    Z.message("X", {}, { clientId: z.string() });
  });
});

describe("valibot inference", () => {
  const Ping = V.message("PING");
  const Chat = V.message("CHAT", { text: vb.string(), n: vb.optional(vb.number(), 3) });
  const Auth = V.message("AUTH", { a: vb.string() }, { version: vb.string() });

  it("infers the whole message, payload and meta", () => {
    expectTypeOf<InferMessage<typeof Chat>>().toEqualTypeOf<{
      type: "CHAT";
      meta: BaseMeta;
      payload: { text: string; n: number };
    }>();
    expectTypeOf<InferMessage<typeof Ping>>().toEqualTypeOf<{ type: "PING"; meta: BaseMeta }>();
    expectTypeOf<InferMeta<typeof Auth>>().toEqualTypeOf<{
      timestamp?: number;
      correlationId?: string;
      version: string;
    }>();
  });

  it("works with v.variant", () => {
    const Union = vb.variant("type", [Ping, Chat]);
    expectTypeOf<vb.InferOutput<typeof Union>>().toEqualTypeOf<InferMessage<typeof Ping> | InferMessage<typeof Chat>>();
  });

  it("types createMessage arguments", () => {
    V.createMessage(Chat, { text: "x" });
    // @ts-expect-error wrong payload type
    V.createMessage(Chat, { text: 1 });
    // @ts-expect-error missing required field
    V.createMessage(Chat, {});
    // @ts-expect-error extra field
    V.createMessage(Chat, { text: "x", typo: "oops" });
    // @ts-expect-error payload passed to a payload-less message
    V.createMessage(Ping, { text: "x" });
    // @ts-expect-error reserved meta key
    V.message("X", {}, { receivedAt: vb.number() });
  });
});
