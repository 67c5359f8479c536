// Seed: examples.md "Request/Response Pattern" (client side). Changes: the import path, `z` added
// to it (the seed uses z without importing it), the URL from the environment, and the request
// payload, which the seed leaves out although its log line reads "5 + 3".
import { message, wsClient, z } from "@typed-ws/client/zod";

const Calculate = message("CALCULATE", {
  operation: z.enum(["add", "multiply"]),
  a: z.number(),
  b: z.number(),
});

const CalculateResult = message("CALCULATE_RESULT", {
  result: z.number(),
});

const client = wsClient({ url: process.env.WS_URL ?? "ws://localhost:3000" });
await client.connect();

// Request with timeout
const response = await client.request(Calculate, { operation: "add", a: 5, b: 3 }, CalculateResult, {
  timeoutMs: 5000,
});

console.log(`5 + 3 = ${response.payload.result}`);
client.close();
