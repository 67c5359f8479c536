import * as vb from "@typed-ws/client/valibot";
import { createMessage, ErrorMessage, type InferMessage, type InferPayload, message, z } from "@typed-ws/client/zod";
import { expectTypeOf } from "vitest";

const Ping = message("PING");
const Chat = message("CHAT", { text: z.string().max(500), n: z.number().default(3) });
const Auth = message("AUTH", { a: z.string() }, { version: z.string(), correlationId: z.uuid() });
type C = InferMessage<typeof Chat>;
expectTypeOf<C>().toEqualTypeOf<{
  type: "CHAT";
  meta: { timestamp?: number; correlationId?: string };
  payload: { text: string; n: number };
}>();
expectTypeOf<InferMessage<typeof Ping>>().toEqualTypeOf<{
  type: "PING";
  meta: { timestamp?: number; correlationId?: string };
}>();
expectTypeOf<InferMessage<typeof Auth>["meta"]>().toEqualTypeOf<{
  timestamp?: number;
  correlationId: string;
  version: string;
}>();
const U = z.discriminatedUnion("type", [Ping, Chat]);
expectTypeOf<z.infer<typeof U>>().toEqualTypeOf<InferMessage<typeof Ping> | InferMessage<typeof Chat>>();
createMessage(Chat, { text: "x" });
createMessage(Ping);
// @ts-expect-error reserved
message("X", {}, { clientId: z.string() });
type P = InferPayload<typeof Chat>;
type UP = z.infer<typeof Chat.schema>;
expectTypeOf<UP>().toEqualTypeOf<P>();
const VChat = vb.message("CHAT", { text: vb.v.string() });
const VU = vb.v.variant("type", [VChat, vb.message("PING")]);
expectTypeOf<vb.v.InferOutput<typeof VU>>().toEqualTypeOf<
  InferMessage<typeof VChat> | { type: "PING"; meta: { timestamp?: number; correlationId?: string } }
>();
expectTypeOf(ErrorMessage).toHaveProperty("~typed-ws");
