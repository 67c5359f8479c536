import { ValidationError } from "../errors.ts";
import type {
  AnyMessageSchema,
  InferMessage,
  InferMetaInput,
  InferPayloadInput,
  MessageSchemaInfo,
} from "./message-schema.ts";
import { messageInfo } from "./message-schema.ts";
import { validateSync } from "./validate.ts";

/** The result of {@link createMessage}: the validated message, or why it is invalid. */
export type CreateMessageResult<S extends AnyMessageSchema> =
  | { readonly success: true; readonly data: InferMessage<S>; readonly error?: undefined }
  | { readonly success: false; readonly data?: undefined; readonly error: ValidationError };

/** The arguments after the schema: the payload when declared, then meta. */
export type CreateMessageArgs<S extends AnyMessageSchema> =
  InferPayloadInput<S> extends never
    ? [payload?: undefined, meta?: InferMetaInput<S>]
    : [payload: InferPayloadInput<S>, meta?: InferMetaInput<S>];

/** The message `{ type, meta, payload? }`; `payload` is left out when undefined and the schema declares none. */
export function messageOf(info: MessageSchemaInfo, meta: object, payload: unknown): Record<string, unknown> {
  return payload !== undefined || info.hasPayload ? { type: info.type, meta, payload } : { type: info.type, meta };
}

/**
 * Builds and validates a message on the client, before anything is sent. Never throws for bad
 * data: the result says `success: false` with a {@link ValidationError} naming every issue.
 * @throws TypeError only when `schema` is not a message schema.
 */
export function createMessage<S extends AnyMessageSchema>(
  schema: S,
  ...args: CreateMessageArgs<S>
): CreateMessageResult<S> {
  const info = messageInfo(schema);
  const [payload, meta] = args as [unknown, object | undefined];
  const result = validateSync(schema, messageOf(info, meta ?? {}, payload));
  return result.success
    ? { success: true, data: result.value as InferMessage<S> }
    : { success: false, error: new ValidationError(info.type, "outbound", result.issues) };
}
