/**
 * `@typed-ws/client/valibot`: the typed-ws schema helpers built on Valibot 1, plus the client.
 *
 * ```ts
 * import { v, message, wsClient } from "@typed-ws/client/valibot";
 * const Ping = message("PING");
 * const Chat = message("CHAT", { text: v.pipe(v.string(), v.maxLength(500)) });
 * ```
 */
import * as v from "valibot";
import { createMessageSchema } from "./schema/valibot.ts";

const factory = createMessageSchema(v);

export type {
  ValibotBaseMetaEntries,
  ValibotEnvelopeEntries,
  ValibotMessageFactory,
  ValibotMessageSchema,
  ValibotMetaEntries,
  ValibotMetaSchema,
} from "./schema/valibot.ts";
/** Valibot, re-exported so schemas and messages share one instance. */
export { createMessageSchema, v };

/**
 * Defines a message: `message(type, payloadShape?, metaShape?)` → a strict Valibot object schema of
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
/** The built-in error codes as a `v.picklist`. */
export const ErrorCode = factory.ErrorCode;

export * from "./index.ts";
/** Declares a topic: a name pattern with `{params}` and the message schemas it carries (see `Topic`). */
export { topic } from "./topic/topic.ts";
