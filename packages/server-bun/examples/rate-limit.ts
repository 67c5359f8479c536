// Seed: examples.md "Rate Limiting", with only the import renamed; the seed defines no server,
// so one is started at the end (port from the environment).

import { serve } from "@typed-ws/server-bun";
import { createRouter, message, z } from "@typed-ws/server-bun/zod";

export const SendMessage = message("SEND_MESSAGE", {
  text: z.string().max(1000),
});

// Rate limiter: 10 messages per 60 seconds per user
const rateLimits = new Map<string, number[]>();

export const router = createRouter();

router.use(SendMessage, (ctx, next) => {
  const userId = ctx.ws.data.clientId;
  const now = Date.now();
  const windowStart = now - 60000; // 60 second window

  // Get timestamps for this user
  const timestamps = rateLimits.get(userId) || [];

  // Remove old timestamps
  const recentTimestamps = timestamps.filter((t) => t > windowStart);

  // Check if limit exceeded
  if (recentTimestamps.length >= 10) {
    ctx.error("RATE_LIMIT", "Too many messages. Max 10 per minute.");
    return;
  }

  // Record this message
  recentTimestamps.push(now);
  rateLimits.set(userId, recentTimestamps);

  return next();
});

router.on(SendMessage, (ctx) => {
  console.log(`Message: ${ctx.payload.text}`);
});

export const server = serve(router, { port: Number(process.env.PORT ?? 3000), hostname: process.env.HOST });
