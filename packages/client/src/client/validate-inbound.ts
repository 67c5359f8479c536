import { ValidationError } from "../errors.ts";
import { normalizeIssues } from "../schema/issues.ts";
import type { AnyMessageSchema } from "../schema/message-schema.ts";
import { syncResult } from "../schema/validate.ts";

/** The issue an async schema gets: the client validates inbound frames synchronously. */
const ASYNC_SCHEMA = "async schemas are not supported: make the schema's refinements synchronous";

/**
 * Validates an inbound message against `schema`, never throwing: failed issues, or a schema that
 * validates asynchronously (its `TypeError` as `cause`), come back as a ValidationError for `type`.
 */
export function validateInbound(
  schema: AnyMessageSchema,
  message: unknown,
  type: string,
): { readonly value: unknown; readonly error?: undefined } | { readonly error: ValidationError } {
  try {
    const result = syncResult(schema, message);
    return result.issues
      ? { error: new ValidationError(type, "inbound", normalizeIssues(result.issues)) }
      : { value: result.value };
  } catch (cause) {
    return { error: new ValidationError(type, "inbound", [{ message: ASYNC_SCHEMA, path: [] }], { cause }) };
  }
}
