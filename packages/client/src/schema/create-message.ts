import { ValidationError } from "../errors.ts";
import type { AnyMessageSchema, InferMessage, InferMetaInput, InferPayloadInput } from "./message-schema.ts";
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
  const candidate: Record<string, unknown> = { type: info.type, meta: meta ?? {} };
  if (payload !== undefined || info.hasPayload) candidate.payload = payload;
  const result = validateSync(schema, candidate);
  return result.success
    ? { success: true, data: result.value as InferMessage<S> }
    : { success: false, error: new ValidationError(info.type, "outbound", result.issues) };
}
