import { RESERVED_META_KEYS } from "../protocol.ts";
import type { StandardSchemaV1 } from "./standard.ts";

/** What typed-ws records on every schema made by `message()`; read by the client and server cores. */
export interface MessageSchemaInfo<T extends string = string> {
  /** The literal message type. */
  readonly type: T;
  /** Whether the schema declares a payload. */
  readonly hasPayload: boolean;
  /**
   * The response schema this request message is answered by, when paired with `rpc()` or
   * `withResponse()`: `client.request`, `useRequest` and the server's `ctx.reply` use it.
   */
  readonly response?: AnyMessageSchema;
  /** Whether the request may be sent again safely (idempotent); used by retryable requests. @default false */
  readonly retryable?: boolean;
}

/** The message info of a request paired with its response schema `R`. */
export interface RequestSchemaInfo<T extends string, R extends AnyMessageSchema> extends MessageSchemaInfo<T> {
  readonly response: R;
}

/**
 * A request message schema `S` paired with its response schema `R` (what `rpc()` and
 * `withResponse()` return): `S` itself, plus `response` and the pairing in its message info.
 */
export type WithResponse<S extends AnyMessageSchema, R extends AnyMessageSchema> = S & {
  /** The response schema this request is answered by. */
  readonly response: R;
  readonly "~typed-ws": RequestSchemaInfo<InferType<S>, R>;
};

/** Any request schema paired with a response. */
export type AnyRequestSchema = AnyMessageSchema & { readonly response: AnyMessageSchema };

/** The paired response schema of a request schema; `never` when `S` is not paired. */
export type InferResponse<S extends AnyMessageSchema> = S extends {
  readonly response: infer R extends AnyMessageSchema;
}
  ? R
  : never;

/**
 * A message schema as the cores see it: any Standard Schema of the whole envelope that carries
 * its literal type under `~typed-ws`. `message()` from `/zod` and `/valibot` makes these.
 */
export interface MessageSchema<T extends string = string, Input = unknown, Output = Input>
  extends StandardSchemaV1<Input, Output> {
  readonly "~typed-ws": MessageSchemaInfo<T>;
}

/** Any message schema. */
// biome-ignore lint/suspicious/noExplicitAny: the widest schema type, for constraints only
export type AnyMessageSchema = MessageSchema<string, any, any>;

/** The message type string of a schema, e.g. `"JOIN_ROOM"`. */
export type InferType<S extends AnyMessageSchema> = S["~typed-ws"]["type"];

/** The whole validated message (`{ type, meta, payload? }`) a handler receives. */
export type InferMessage<S extends AnyMessageSchema> = StandardSchemaV1.InferOutput<S>;

/** The whole message as a sender writes it (schema input: defaults optional, pre-transform). */
export type InferMessageInput<S extends AnyMessageSchema> = StandardSchemaV1.InferInput<S>;

/** The validated payload type; `never` for a message without payload. */
export type InferPayload<S extends AnyMessageSchema> = InferMessage<S> extends { payload: infer P } ? P : never;

/** The payload as a sender writes it; `never` for a message without payload. */
export type InferPayloadInput<S extends AnyMessageSchema> =
  InferMessageInput<S> extends { payload: infer P } ? P : never;

/** The validated meta type (base `timestamp`/`correlationId` plus declared fields). */
export type InferMeta<S extends AnyMessageSchema> = InferMessage<S> extends { meta: infer M } ? M : never;

/** The meta as a sender writes it. */
export type InferMetaInput<S extends AnyMessageSchema> =
  InferMessageInput<S> extends { meta?: infer M } ? NonNullable<M> : never;

/** True when the schema declares a payload. */
export type HasPayload<S extends AnyMessageSchema> = InferMessageInput<S> extends { payload: unknown } ? true : false;

/** True when the object has required keys. */
// biome-ignore lint/complexity/noBannedTypes: `{}` is the empty-object check here
export type HasRequiredKeys<T> = {} extends T ? false : true;

/**
 * The arguments after the schema in `send`/`createMessage`-style calls: the payload when the
 * schema declares one, then the options.
 */
export type PayloadArgs<S extends AnyMessageSchema, Options> =
  HasPayload<S> extends true
    ? [payload: InferPayloadInput<S>, options?: Options]
    : [payload?: undefined, options?: Options];

/** Reads the typed-ws info off a schema, or undefined when it was not made by `message()`. */
export function getMessageInfo(schema: unknown): MessageSchemaInfo | undefined {
  const info = (schema as { "~typed-ws"?: MessageSchemaInfo } | null | undefined)?.["~typed-ws"];
  return typeof info?.type === "string" ? info : undefined;
}

/**
 * Reads the typed-ws info off a schema.
 * @throws TypeError when the value is not a schema made by `message()`.
 */
export function messageInfo(schema: unknown): MessageSchemaInfo {
  const info = getMessageInfo(schema);
  if (!info) {
    throw new TypeError("typed-ws: expected a schema made by message()");
  }
  return info;
}

/**
 * Checks a message type and meta shape at `message()` time.
 * @throws TypeError for an empty type, a reserved type (`$…`, `__…`) or a reserved meta key.
 */
export function assertMessageDefinition(type: unknown, metaKeys: readonly string[], allowReserved = false): void {
  if (typeof type !== "string" || type.length === 0) {
    throw new TypeError("typed-ws: message type must be a non-empty string");
  }
  if (!allowReserved && (type.startsWith("$") || type.startsWith("__"))) {
    throw new TypeError(
      `typed-ws: message type "${type}" is reserved: types starting with "$" or "__" belong to the protocol`,
    );
  }
  const reserved = metaKeys.filter((key) => (RESERVED_META_KEYS as readonly string[]).includes(key));
  if (reserved.length > 0) {
    throw new TypeError(
      `typed-ws: reserved meta keys not allowed in "${type}": ${reserved.join(", ")} (clientId and receivedAt: read ctx.ws.data.clientId and ctx.receivedAt; topic and offset: set on topic publications)`,
    );
  }
}

/** Marks a schema object as a typed-ws message schema (mutates and returns it). */
export function brandMessageSchema<S extends object, T extends string>(
  schema: S,
  info: MessageSchemaInfo<T>,
  payloadSchema: unknown,
): S {
  Object.defineProperty(schema, "~typed-ws", { value: Object.freeze({ ...info }), enumerable: false });
  // `schema` (the payload schema) mirrors bun-ws-router, whose docs infer payload types from it.
  Object.defineProperty(schema, "schema", { value: payloadSchema, enumerable: false });
  return schema;
}
