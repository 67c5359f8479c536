/**
 * `@typed-ws/client/zod`: the typed-ws schema helpers built on Zod 4, plus the client.
 *
 * ```ts
 * import { z, message, wsClient } from "@typed-ws/client/zod";
 * const Ping = message("PING");
 * const Chat = message("CHAT", { text: z.string().max(500) });
 * ```
 */
import { z } from "zod";
import { createMessageSchema } from "./schema/zod.ts";

const factory = createMessageSchema(z);

export type {
  ZodBaseMetaShape,
  ZodEnvelopeShape,
  ZodMessageFactory,
  ZodMessageSchema,
  ZodMetaSchema,
  ZodMetaShape,
} from "./schema/zod.ts";
/** Zod, re-exported so schemas and messages share one instance. */
export { createMessageSchema, z };

/**
 * Defines a message: `message(type, payloadShape?, metaShape?)` → a strict Zod object schema of
 * the whole envelope, carrying its literal `type`. Declared meta fields become required.
 * @throws TypeError for an empty or reserved type, or a reserved meta key (`clientId`, `receivedAt`, `topic`, `offset`).
 */
export const message = factory.message;
/** Same as {@link message}; the name bun-ws-router used. */
export const messageSchema = factory.messageSchema;
/** Validates a message on the client without sending it; returns `{ success, data | error }`, never throws. */
export const createMessage = factory.createMessage;
/** The protocol's `ERROR` message schema: `{ code, message?, context?, retryAfterMs? }`. */
export const ErrorMessage = factory.ErrorMessage;
/** The built-in error codes as a `z.enum`. */
export const ErrorCode = factory.ErrorCode;

export * from "./index.ts";
/** Declares a topic: a name pattern with `{params}` and the message schemas it carries (see `Topic`). */
export { topic } from "./topic/topic.ts";
