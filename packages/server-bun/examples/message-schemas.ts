// Seed: message-schemas.md (Zod snippets) as one program, with only the import renamed
// (`bun-ws-router/zod` → `@typed-ws/client/zod`). The seed's snippets reference a few names they
// never define (`GoodSchema`, `router`, the server); those are added and marked.

import { createMessageSchema } from "@typed-ws/client/zod";
import { createRouter, serve } from "@typed-ws/server-bun";
import { z } from "zod";

// Create the factory with your validator instance
export const { messageSchema, createMessage, ErrorMessage, ErrorCode } = createMessageSchema(z);

// Basic Messages
export const PingMessage = messageSchema("PING");
export const DisconnectMessage = messageSchema("DISCONNECT");

// Messages with Payloads
export const LoginMessage = messageSchema("LOGIN", {
  username: z.string().min(3).max(20),
  password: z.string().min(8),
});

export const ChatMessage = messageSchema("CHAT_MESSAGE", {
  text: z.string().max(1000),
  roomId: z.uuid(),
  mentions: z.array(z.string()).optional(),
});

// String Validation (Zod v4 Features)
export const UserMessage = messageSchema("USER_UPDATE", {
  // Basic string constraints
  username: z.string().min(3).max(20),
  // Email validation
  email: z.email(),
  // URL validation
  website: z.url().optional(),
  // Regex patterns
  phoneNumber: z.string().regex(/^\+?[1-9]\d{1,14}$/),
  // Enum values
  role: z.enum(["user", "admin", "moderator"]),
  // Advanced string validators
  jwt: z.jwt(), // JWT token validation
  ipv4: z.ipv4(), // IPv4 address
  ipv6: z.ipv6(), // IPv6 address
  ulid: z.ulid(), // ULID validation
  nanoid: z.nanoid(), // NanoID validation
  datetime: z.iso.datetime(), // ISO datetime string
});

// Number Validation
export const GameMessage = messageSchema("GAME_UPDATE", {
  // Integer validation
  score: z.number().int().min(0),
  // Float with precision
  position: z.object({
    x: z.number().finite(),
    y: z.number().finite(),
  }),
  // Range validation
  health: z.number().min(0).max(100),
  // Multiple of constraint
  price: z.number().multipleOf(0.01), // For currency
  quantity: z.number().int().multipleOf(5), // Must be multiple of 5
});

// Complex Types
export const OrderMessage = messageSchema("CREATE_ORDER", {
  // Nested objects
  customer: z.object({
    id: z.uuid(),
    name: z.string(),
    email: z.email(),
  }),
  // Arrays with validation
  items: z
    .array(
      z.object({
        productId: z.string(),
        quantity: z.number().int().positive(),
        price: z.number().positive(),
      }),
    )
    .min(1)
    .max(50),
  // Union types
  payment: z.union([
    z.object({ type: z.literal("card"), last4: z.string() }),
    z.object({ type: z.literal("paypal"), email: z.email() }),
  ]),
  // Optional with default
  notes: z.string().optional().default(""),
});

// Custom Metadata
export const AuthenticatedMessage = messageSchema(
  "AUTHENTICATED_ACTION",
  { action: z.string() },
  {
    // Defining base fields makes them required (overrides optional defaults)
    correlationId: z.uuid(), // Now required (was optional in base)
    version: z.string(), // Custom field
  },
);

// Client-Server Symmetry: the client validates before sending
export function tryTypo() {
  const msg = createMessage(ChatMessage, {
    text: "hello",
    // @ts-expect-error — the seed's point: an unknown key fails validation client-side
    typo: "oops", // ❌ Validation fails client-side
  });
  if (!msg.success) {
    // Caught before sending to server
    console.error("Validation failed:", msg.error);
  }
  return msg;
}

// Schema Enforcement: reserved meta keys throw at schema creation
export function tryBadSchema(): unknown {
  try {
    // ❌ This throws immediately (caught at design time)
    const BadSchema = messageSchema(
      "BAD",
      { text: z.string() },
      // @ts-expect-error — reserved keys are refused by the types too
      { clientId: z.string() }, // Error: Reserved meta keys not allowed: clientId
    );
    return BadSchema;
  } catch (error) {
    return error;
  }
}

// Type Inference
export const UserProfileMessage = messageSchema("USER_PROFILE", {
  id: z.uuid(),
  name: z.string(),
  age: z.number().int().positive(),
  tags: z.array(z.string()),
});

// Type is automatically inferred
export type UserProfile = z.infer<typeof UserProfileMessage.schema>;

// Validation Transforms
export const DateMessage = messageSchema("SCHEDULE_EVENT", {
  // Parse ISO string to Date
  startDate: z
    .string()
    .datetime()
    .transform((str) => new Date(str)),
  // Normalize strings
  title: z.string().transform((str) => str.trim().toLowerCase()),
  // Parse JSON
  metadata: z.string().transform((str) => JSON.parse(str)),
});

// Discriminated Unions
export const PingSchema = messageSchema("PING");
export const PongSchema = messageSchema("PONG");
export const EchoSchema = messageSchema("ECHO", { text: z.string() });

// This works perfectly with the factory pattern!
export const MessageUnion = z.discriminatedUnion("type", [PingSchema, PongSchema, EchoSchema]);

// Type inference works correctly
export type Message = z.infer<typeof MessageUnion>;

// Reusable Schemas
const UserIdSchema = z.uuid();
const TimestampSchema = z.number().int().positive();
const PaginationSchema = z.object({
  page: z.number().int().min(1).default(1),
  limit: z.number().int().min(1).max(100).default(20),
});

export const GetUsersMessage = messageSchema("GET_USERS", {
  filters: z
    .object({
      role: z.enum(["user", "admin"]).optional(),
      active: z.boolean().optional(),
    })
    .optional(),
  pagination: PaginationSchema,
});

export const UserEventMessage = messageSchema("USER_EVENT", {
  userId: UserIdSchema,
  timestamp: TimestampSchema,
  event: z.string(),
});

// typed-ws addition: the router the snippets' handlers belong to, and reply schemas for the test.
export const router = createRouter();
export const GoodSchema = messageSchema("GOOD", { text: z.string() });
export const Seen = messageSchema("SEEN", { summary: z.string() });

// ✅ Correct access in handlers
router.onMessage(GoodSchema, (ctx) => {
  const id = ctx.ws.data.clientId; // ✅ Connection identity
  const time = ctx.receivedAt; // ✅ Server timestamp (authoritative)
  ctx.reply(Seen, { summary: `${id}@${time}` });
});

router.onMessage(UserProfileMessage, (ctx) => {
  // ctx.payload is fully typed as UserProfile
  console.log(ctx.payload.name); // string
  console.log(ctx.payload.age); // number
  ctx.reply(Seen, { summary: `${ctx.payload.name}:${ctx.payload.age}` });
});

router.onMessage(DateMessage, (ctx) => {
  // Transforms ran before the handler: a Date, a normalized title, parsed JSON.
  const { startDate, title, metadata } = ctx.payload;
  ctx.reply(Seen, { summary: `${startDate.toISOString()}|${title}|${JSON.stringify(metadata)}` });
});

router.onMessage(LoginMessage, (ctx) => {
  // Use in handlers
  ctx.send(ErrorMessage, {
    code: "VALIDATION_FAILED",
    message: "Invalid input",
    context: { field: "email", reason: "Invalid format" },
  });
});

export const server = serve(router, { port: Number(process.env.PORT ?? 3000), hostname: process.env.HOST });
