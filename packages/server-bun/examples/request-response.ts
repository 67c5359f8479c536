// Seed: examples.md "Request/Response Pattern" (server), with only the imports renamed and the
// port read from the environment. The client half is request-response-client.ts.

import { serve } from "@typed-ws/server-bun";
import { createRouter, message, z } from "@typed-ws/server-bun/zod";

export const Calculate = message("CALCULATE", {
  operation: z.enum(["add", "multiply"]),
  a: z.number(),
  b: z.number(),
});

export const CalculateResult = message("CALCULATE_RESULT", {
  result: z.number(),
});

export const router = createRouter();

router.on(Calculate, (ctx) => {
  const { operation, a, b } = ctx.payload;

  let result: number;
  switch (operation) {
    case "add":
      result = a + b;
      break;
    case "multiply":
      result = a * b;
      break;
  }

  // Send response back to client
  ctx.reply(CalculateResult, { result });
});

export const server = serve(router, { port: Number(process.env.PORT ?? 3000), hostname: process.env.HOST });
