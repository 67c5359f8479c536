import type { z } from "zod";
import { ErrorCodes, MAX_CORRELATION_ID_LENGTH } from "../protocol.ts";
import { createMessage } from "./create-message.ts";
import { assertMessageDefinition, brandMessageSchema, type MessageSchemaInfo } from "./message-schema.ts";

type Zod = typeof z;
type Shape = z.core.$ZodShape;
type Flatten<T> = { [K in keyof T]: T[K] } & {};

/** The meta fields every message may carry. */
export type ZodBaseMetaShape = {
  timestamp: z.ZodOptional<z.ZodNumber>;
  correlationId: z.ZodOptional<z.ZodString>;
};

/** A meta shape may not declare the reserved keys `clientId` or `receivedAt`. */
export type ZodMetaShape = Shape & { clientId?: never; receivedAt?: never };

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
 * Builds the schema helpers on a Zod instance the app brings (avoids two copies of Zod):
 * `const { messageSchema, createMessage, ErrorMessage, ErrorCode } = createMessageSchema(z)`.
 */
export function createMessageSchema(zod: Zod) {
  const messageSchema = ((type: string, payload?: Shape, meta?: Shape) => {
    assertMessageDefinition(type, Object.keys(meta ?? {}));
    const metaSchema = zod
      .strictObject({
        timestamp: zod.number().optional(),
        correlationId: zod.string().max(MAX_CORRELATION_ID_LENGTH).optional(),
        ...meta,
      })
      .prefault({});
    const payloadSchema = payload === undefined ? undefined : zod.strictObject(payload);
    const shape =
      payloadSchema === undefined
        ? { type: zod.literal(type), meta: metaSchema }
        : { type: zod.literal(type), meta: metaSchema, payload: payloadSchema };
    return brandMessageSchema(
      zod.strictObject(shape),
      { type, hasPayload: payloadSchema !== undefined },
      payloadSchema,
    );
  }) as ZodMessageFactory;

  const ErrorCode = zod.enum(ErrorCodes);
  const ErrorMessage = messageSchema("ERROR", {
    code: zod.string(),
    message: zod.string().optional(),
    context: zod.record(zod.string(), zod.unknown()).optional(),
    retryAfterMs: zod.number().nonnegative().optional(),
  });
  return { messageSchema, message: messageSchema, createMessage, ErrorMessage, ErrorCode };
}
