// Seed: message-schemas.md (Valibot snippet) with only the import renamed
// (`bun-ws-router/valibot` → `@typed-ws/client/valibot`); a router and server are added (marked).

import { createMessageSchema } from "@typed-ws/client/valibot";
import { createRouter, serve } from "@typed-ws/server-bun";
import * as v from "valibot";

const { messageSchema } = createMessageSchema(v);

export const LoginMessage = messageSchema("LOGIN", {
  username: v.pipe(v.string(), v.minLength(3), v.maxLength(20)),
  password: v.pipe(v.string(), v.minLength(8)),
});

export const ChatMessage = messageSchema("CHAT_MESSAGE", {
  text: v.pipe(v.string(), v.maxLength(1000)),
  roomId: v.pipe(v.string(), v.uuid()),
  mentions: v.optional(v.array(v.string())),
});

// typed-ws addition: a Valibot-validated server that echoes chat messages back.
export const ChatEcho = messageSchema("CHAT_ECHO", { text: v.string(), mentions: v.number() });
export const router = createRouter();
router.on(ChatMessage, (ctx) => {
  ctx.reply(ChatEcho, { text: ctx.payload.text, mentions: ctx.payload.mentions?.length ?? 0 });
});

export const server = serve(router, { port: Number(process.env.PORT ?? 3000), hostname: process.env.HOST });
