// Seed: examples.md "Discriminated Unions", with only the import renamed; a server is started at
// the end (port from the environment).

import { serve } from "@typed-ws/server-bun";
import { createRouter, message, z } from "@typed-ws/server-bun/zod";

export const PingMessage = message("PING");
export const PongMessage = message("PONG", { latency: z.number() });
export const ChatMessage = message("CHAT", { text: z.string() });

// Create a union for type narrowing
export const AllMessages = z.discriminatedUnion("type", [PingMessage, PongMessage, ChatMessage]);

export const router = createRouter();

// Each handler is automatically typed
router.on(PingMessage, (ctx) => {
  // ctx.type === "PING" (narrowed)
  console.log("Received ping");
});

router.on(ChatMessage, (ctx) => {
  // ctx.payload.text is typed as string
  console.log(`Chat: ${ctx.payload.text}`);
});

export const server = serve(router, { port: Number(process.env.PORT ?? 3000), hostname: process.env.HOST });
