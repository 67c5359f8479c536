import type * as v from "valibot";
import { ErrorCodes, MAX_CORRELATION_ID_LENGTH } from "../protocol.ts";
import { createMessage } from "./create-message.ts";
import {
  assertMessageDefinition,
  brandMessageSchema,
  type MessageSchemaInfo,
  type WithResponse,
} from "./message-schema.ts";
import { type PairOptions, withResponse } from "./pairing.ts";

type Valibot = typeof v;
type Entries = v.ObjectEntries;
type Flatten<T> = { [K in keyof T]: T[K] } & {};

/** The meta fields every message may carry. */
export type ValibotBaseMetaEntries = {
  timestamp: v.OptionalSchema<v.NumberSchema<undefined>, undefined>;
  correlationId: v.OptionalSchema<
    v.SchemaWithPipe<readonly [v.StringSchema<undefined>, v.MaxLengthAction<string, number, undefined>]>,
    undefined
  >;
};

/** A meta shape may not declare the reserved keys `clientId`, `receivedAt`, `topic`, `offset`. */
export type ValibotMetaEntries = Entries & { clientId?: never; receivedAt?: never; topic?: never; offset?: never };

/** The meta schema of a message: base fields (optional unless redeclared) plus declared ones. */
export type ValibotMetaSchema<M extends Entries> = v.OptionalSchema<
  ValibotMetaObject<M>,
  // The runtime default is `{}`, validated by the wrapped schema; typed so the output is never undefined.
  () => v.InferInput<ValibotMetaObject<M>>
>;

type ValibotMetaObject<M extends Entries> = v.StrictObjectSchema<
  Flatten<Omit<ValibotBaseMetaEntries, keyof M> & M>,
  undefined
>;

/** The entries of a message envelope schema. */
export type ValibotEnvelopeEntries<
  T extends string,
  P extends Entries | undefined,
  M extends Entries,
> = P extends Entries
  ? { type: v.LiteralSchema<T, undefined>; meta: ValibotMetaSchema<M>; payload: v.StrictObjectSchema<P, undefined> }
  : { type: v.LiteralSchema<T, undefined>; meta: ValibotMetaSchema<M> };

/**
 * A Valibot message schema: a real `v.strictObject` of the whole envelope (usable in
 * `v.variant("type", …)`), branded with its type for the typed-ws cores.
 */
export type ValibotMessageSchema<
  T extends string,
  P extends Entries | undefined = undefined,
  M extends Entries = Record<never, never>,
> = v.StrictObjectSchema<ValibotEnvelopeEntries<T, P, M>, undefined> & {
  readonly "~typed-ws": MessageSchemaInfo<T>;
  /** The payload schema alone (`undefined` without payload), as in bun-ws-router. */
  readonly schema: P extends Entries ? v.StrictObjectSchema<P, undefined> : undefined;
};

/** The `message()` function of a Valibot factory. */
export interface ValibotMessageFactory {
  /** A message with neither payload nor extra meta, e.g. `message("PING")`. */
  <const T extends string>(type: T): ValibotMessageSchema<T>;
  /** A message whose payload is a strict object of `payload`. */
  <const T extends string, const P extends Entries>(type: T, payload: P): ValibotMessageSchema<T, P>;
  /** A message with payload (or `undefined`) and extra meta fields, which become required. */
  <const T extends string, const P extends Entries | undefined, const M extends ValibotMetaEntries>(
    type: T,
    payload: P,
    meta: M,
  ): ValibotMessageSchema<T, P, M>;
}

/** The parts of Valibot `message()` uses: named imports from "valibot" (tree-shakable) or the `v` namespace. */
export type ValibotMessageParts = Pick<
  Valibot,
  "literal" | "maxLength" | "number" | "optional" | "pipe" | "strictObject" | "string"
>;

/** The parts of Valibot the `ERROR` message schema and the error-code picklist use. */
export type ValibotErrorParts = ValibotMessageParts & Pick<Valibot, "minValue" | "picklist" | "record" | "unknown">;

/**
 * The `rpc()` function of a Valibot factory: `rpc(type, payloadEntries, responseType, responsePayloadEntries, options?)`
 * defines a request message and the response message that answers it, paired (pass `undefined`
 * for a payload-less side). Returns the request schema; `.response` is the response schema.
 */
export type ValibotRpc = <
  const T extends string,
  const P extends Entries | undefined,
  const RT extends string,
  const RP extends Entries | undefined,
>(
  type: T,
  payload: P,
  responseType: RT,
  responsePayload: RP,
  options?: PairOptions,
) => WithResponse<ValibotMessageSchema<T, P>, ValibotMessageSchema<RT, RP>>;

/**
 * Builds `message()` on the given Valibot parts. Tree-shakable: `/valibot` passes named imports.
 * @throws TypeError (from the returned `message`) for an empty or reserved type, or a reserved meta key.
 */
export function valibotMessageFactory(valibot: ValibotMessageParts): ValibotMessageFactory {
  return ((type: string, payload?: Entries, meta?: Entries) => {
    assertMessageDefinition(type, Object.keys(meta ?? {}));
    const metaSchema = valibot.optional(
      valibot.strictObject({
        timestamp: valibot.optional(valibot.number()),
        correlationId: valibot.optional(valibot.pipe(valibot.string(), valibot.maxLength(MAX_CORRELATION_ID_LENGTH))),
        ...meta,
      }),
      {},
    );
    const payloadSchema = payload === undefined ? undefined : valibot.strictObject(payload);
    const entries: Entries =
      payloadSchema === undefined
        ? { type: valibot.literal(type), meta: metaSchema }
        : { type: valibot.literal(type), meta: metaSchema, payload: payloadSchema };
    return brandMessageSchema(
      valibot.strictObject(entries),
      { type, hasPayload: payloadSchema !== undefined },
      payloadSchema,
    );
  }) as ValibotMessageFactory;
}

/** Builds `rpc()` on a `message()` function. */
export function valibotRpcFactory(message: ValibotMessageFactory): ValibotRpc {
  return ((
    type: string,
    payload: Entries | undefined,
    responseType: string,
    responsePayload: Entries | undefined,
    options?: PairOptions,
  ) => withResponse(message(type, payload, {}), message(responseType, responsePayload, {}), options)) as ValibotRpc;
}

/** The built-in error codes as a `v.picklist`. */
export function valibotErrorCode(valibot: Pick<Valibot, "picklist">) {
  return valibot.picklist(ErrorCodes);
}

/** The protocol's `ERROR` message schema: `{ code, message?, context?, retryAfterMs? }`. */
export function valibotErrorMessage(valibot: ValibotErrorParts, message: ValibotMessageFactory) {
  return message("ERROR", {
    code: valibot.string(),
    message: valibot.optional(valibot.string()),
    context: valibot.optional(valibot.record(valibot.string(), valibot.unknown())),
    retryAfterMs: valibot.optional(valibot.pipe(valibot.number(), valibot.minValue(0))),
  });
}

/**
 * Builds the schema helpers on the Valibot namespace the app brings:
 * `const { message, messageSchema, createMessage, rpc, ErrorMessage, ErrorCode } = createMessageSchema(v)`.
 * Passing the whole `v` namespace keeps every part of Valibot in the bundle;
 * `@typed-ws/client/valibot`'s own exports do not.
 */
export function createMessageSchema(valibot: ValibotErrorParts) {
  const messageSchema = valibotMessageFactory(valibot);
  return {
    messageSchema,
    message: messageSchema,
    createMessage,
    rpc: valibotRpcFactory(messageSchema),
    ErrorMessage: valibotErrorMessage(valibot, messageSchema),
    ErrorCode: valibotErrorCode(valibot),
  };
}
