import type { z } from "zod";
import { ErrorCodes, MAX_CORRELATION_ID_LENGTH } from "../protocol.ts";
import { createMessage } from "./create-message.ts";
import { type DirectCheck, directCheckFactory, NO } from "./direct-hook.ts";
import {
  assertMessageDefinition,
  brandMessageSchema,
  type MessageSchemaInfo,
  type WithResponse,
} from "./message-schema.ts";
import { type PairOptions, withResponse } from "./pairing.ts";

type Zod = typeof z;
type Shape = z.core.$ZodShape;
type Flatten<T> = { [K in keyof T]: T[K] } & {};

/** The meta fields every message may carry. */
export type ZodBaseMetaShape = {
  timestamp: z.ZodOptional<z.ZodNumber>;
  correlationId: z.ZodOptional<z.ZodString>;
};

/** A meta shape may not declare the reserved keys `clientId`, `receivedAt`, `topic`, `offset`. */
export type ZodMetaShape = Shape & { clientId?: never; receivedAt?: never; topic?: never; offset?: never };

/** The meta schema of a message: base fields (optional unless redeclared) plus declared ones. */
export type ZodMetaSchema<M extends Shape> = z.ZodPrefault<
  z.ZodObject<Flatten<Omit<ZodBaseMetaShape, keyof M> & M>, z.core.$strict>
>;

/** The shape of a message envelope schema. */
export type ZodEnvelopeShape<T extends string, P extends Shape | undefined, M extends Shape> = P extends Shape
  ? { type: z.ZodLiteral<T>; meta: ZodMetaSchema<M>; payload: z.ZodObject<P, z.core.$strict> }
  : { type: z.ZodLiteral<T>; meta: ZodMetaSchema<M> };

/**
 * A Zod message schema: a real strict `z.object` of the whole envelope (usable in
 * `z.discriminatedUnion("type", …)`), branded with its type for the typed-ws cores.
 */
export type ZodMessageSchema<
  T extends string,
  P extends Shape | undefined = undefined,
  M extends Shape = Record<never, never>,
> = z.ZodObject<ZodEnvelopeShape<T, P, M>, z.core.$strict> & {
  readonly "~typed-ws": MessageSchemaInfo<T>;
  /** The payload schema alone (`undefined` without payload), as in bun-ws-router. */
  readonly schema: P extends Shape ? z.ZodObject<P, z.core.$strict> : undefined;
};

/** The `message()` function of a Zod factory. */
export interface ZodMessageFactory {
  /** A message with neither payload nor extra meta, e.g. `message("PING")`. */
  <const T extends string>(type: T): ZodMessageSchema<T>;
  /** A message whose payload is a strict object of `payload`. */
  <const T extends string, const P extends Shape>(type: T, payload: P): ZodMessageSchema<T, P>;
  /** A message with payload (or `undefined`) and extra meta fields, which become required. */
  <const T extends string, const P extends Shape | undefined, const M extends ZodMetaShape>(
    type: T,
    payload: P,
    meta: M,
  ): ZodMessageSchema<T, P, M>;
}

/**
 * The parts of Zod `message()` uses: named imports from "zod" (tree-shakable) or the `z` namespace.
 * With `compile` (the `z` namespace has it), every message schema is Zod's own ahead-of-time
 * compiled clone (`z.compile`): the same results, 3–4× faster validation, and Zod's compiler
 * (~7.5 kB gz) in the bundle — unless `z.config({ jitless: true })` is set when the schema is made
 * (no generated code, e.g. under a CSP without `unsafe-eval`). `@typed-ws/client/zod`'s `message`
 * does not pass it.
 */
export type ZodMessageParts = Pick<Zod, "literal" | "number" | "object" | "strictObject" | "string"> &
  Partial<Pick<Zod, "compile" | "config">>;

/** The parts of Zod the `ERROR` message schema and the error-code enum use. */
export type ZodErrorParts = ZodMessageParts & Pick<Zod, "enum" | "record" | "unknown">;

/**
 * The `rpc()` function of a Zod factory: `rpc(type, payloadShape, responseType, responsePayloadShape, options?)`
 * defines a request message and the response message that answers it, paired (pass `undefined`
 * for a payload-less side). Returns the request schema; `.response` is the response schema.
 */
export type ZodRpc = <
  const T extends string,
  const P extends Shape | undefined,
  const RT extends string,
  const RP extends Shape | undefined,
>(
  type: T,
  payload: P,
  responseType: RT,
  responsePayload: RP,
  options?: PairOptions,
) => WithResponse<ZodMessageSchema<T, P>, ZodMessageSchema<RT, RP>>;

/**
 * Builds `message()` on the given Zod parts. Tree-shakable: `/zod` passes named imports.
 * @throws TypeError (from the returned `message`) for an empty or reserved type, or a reserved meta key.
 */
export function zodMessageFactory(zod: ZodMessageParts): ZodMessageFactory {
  return ((type: string, payload?: Shape, meta?: Shape) => {
    assertMessageDefinition(type, Object.keys(meta ?? {}));
    const metaShape: Shape = {
      timestamp: zod.number().optional(),
      correlationId: zod.string().max(MAX_CORRELATION_ID_LENGTH).optional(),
      ...meta,
    };
    const literal = zod.literal(type);
    const strictShape: Record<string, z.ZodType> = { type: literal, meta: zod.strictObject(metaShape).prefault({}) };
    // The same envelope with non-strict objects: what `validate` runs when every key is declared.
    const strippingShape: Record<string, z.ZodType> = { type: literal, meta: zod.object(metaShape).prefault({}) };
    const hasPayload = payload !== undefined;
    if (hasPayload) {
      strictShape.payload = zod.strictObject(payload);
      strippingShape.payload = zod.object(payload);
    }
    const strict = zod.strictObject(strictShape);
    withFastStrictValidate(strict, zod.object(strippingShape), [
      new Set(Object.keys(strictShape)),
      new Set(Object.keys(metaShape)),
      hasPayload ? new Set(Object.keys(payload)) : undefined,
    ]);
    // With `compile` and not jitless: Zod's compiled clone, a fresh schema with Zod's own
    // `~standard` (Zod returns the schema itself, fast path included, when it cannot compile it).
    const compiled = zod.compile && !zod.config?.().jitless ? zod.compile(strict) : strict;
    return brandMessageSchema(compiled, { type, hasPayload }, strictShape.payload);
  }) as ZodMessageFactory;
}

/** Builds `rpc()` on a `message()` function. */
export function zodRpcFactory(message: ZodMessageFactory): ZodRpc {
  return ((
    type: string,
    payload: Shape | undefined,
    responseType: string,
    responsePayload: Shape | undefined,
    options?: PairOptions,
  ) => withResponse(message(type, payload, {}), message(responseType, responsePayload, {}), options)) as ZodRpc;
}

/** The built-in error codes as a `z.enum`. */
export function zodErrorCode(zod: Pick<Zod, "enum">) {
  return zod.enum(ErrorCodes);
}

/** The protocol's `ERROR` message schema: `{ code, message?, context?, retryAfterMs? }`. */
export function zodErrorMessage(zod: ZodErrorParts, message: ZodMessageFactory) {
  return message("ERROR", {
    code: zod.string(),
    message: zod.string().optional(),
    context: zod.record(zod.string(), zod.unknown()).optional(),
    retryAfterMs: zod.number().nonnegative().optional(),
  });
}

/**
 * Builds the schema helpers on a Zod instance the app brings (avoids two copies of Zod):
 * `const { message, messageSchema, createMessage, rpc, ErrorMessage, ErrorCode } = createMessageSchema(z)`.
 * Passing the whole `z` namespace keeps every part of Zod in the bundle; `@typed-ws/client/zod`'s
 * own exports do not.
 */
export function createMessageSchema(zod: ZodErrorParts) {
  const messageSchema = zodMessageFactory(zod);
  return {
    messageSchema,
    message: messageSchema,
    createMessage,
    rpc: zodRpcFactory(messageSchema),
    ErrorMessage: zodErrorMessage(zod, messageSchema),
    ErrorCode: zodErrorCode(zod),
  };
}

/** Declared keys of the envelope, its `meta` and its `payload` (`undefined` without payload). */
type EnvelopeKeys = [root: ReadonlySet<string>, meta: ReadonlySet<string>, payload: ReadonlySet<string> | undefined];

/** Whether every key of `value` is declared; `true` for a non-object (the schema reports it). */
function onlyDeclaredKeys(value: unknown, keys: ReadonlySet<string>): boolean {
  if (typeof value !== "object" || value === null) return true;
  for (const key in value) if (!keys.has(key)) return false;
  return true;
}

/**
 * Makes the Standard Schema `validate` of a strict message schema cheaper, with results always
 * equal to Zod's own:
 * 1. When a direct checker is registered (`@typed-ws/client/zod-direct`, see direct-hook.ts) by
 *    this schema's first validation, and every part of the envelope is in its subset (built then,
 *    as shapes may reference later definitions), it answers inputs Zod provably accepts with Zod's
 *    exact output, without Zod's per-field parse payloads.
 * 2. Otherwise, or for an input it does not accept, the envelope's, `meta`'s and `payload`'s keys
 *    are checked here and `stripping` runs — the same shape as non-strict objects, so for an
 *    input with only declared keys the result is identical, without Zod's unknown-key pass
 *    (`handleCatchall`).
 * 3. Any undeclared key, or a non-object envelope, goes to the strict schema, so issues are always
 *    exactly Zod's. A throwing getter in the input also ends there. `parse`/`safeParse` are untouched.
 */
function withFastStrictValidate(strict: z.ZodType, stripping: z.ZodType, [root, meta, payload]: EnvelopeKeys): void {
  const strictStandard = strict["~standard"];
  const strippingValidate = stripping["~standard"].validate;
  // `undefined`: not built yet; `false`: none registered at the first validation, or the schema
  // is outside its subset.
  let direct: DirectCheck | false | undefined;
  const validate: typeof strictStandard.validate = (value) => {
    direct ??= directCheckFactory()?.(strict) ?? false;
    if (direct) {
      try {
        const output = direct(value);
        if (output !== NO) return { value: output };
      } catch {}
    }
    const envelope = value as { meta?: unknown; payload?: unknown } | null;
    return typeof envelope === "object" &&
      envelope !== null &&
      onlyDeclaredKeys(envelope, root) &&
      onlyDeclaredKeys(envelope.meta, meta) &&
      (payload === undefined || onlyDeclaredKeys(envelope.payload, payload))
      ? strippingValidate(value)
      : strictStandard.validate(value);
  };
  Object.defineProperty(strict, "~standard", {
    value: { ...strictStandard, validate },
    configurable: true,
    writable: true,
  });
}
