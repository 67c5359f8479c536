import { ValidationError } from "../errors.ts";
import { normalizeIssues } from "../schema/issues.ts";
import type { AnyMessageSchema } from "../schema/message-schema.ts";
import type { StandardSchemaV1 } from "../schema/standard.ts";
import { syncResult } from "../schema/validate.ts";

/** The issue an async schema gets: the client validates inbound frames synchronously. */
const ASYNC_SCHEMA = "async schemas are not supported: make the schema's refinements synchronous";

/**
 * Validates an inbound message against `schema`, never throwing: the schema's own success result
 * (`value`; no wrapper object on the hot path), or a ValidationError for `type` when the issues
 * fail or the schema validates asynchronously (its `TypeError` as `cause`).
 */
export function validateInbound(
  schema: AnyMessageSchema,
  message: unknown,
  type: string,
): StandardSchemaV1.SuccessResult<unknown> | ValidationError {
  try {
    const result = syncResult(schema, message);
    return result.issues ? new ValidationError(type, "inbound", normalizeIssues(result.issues)) : result;
  } catch (cause) {
    return new ValidationError(type, "inbound", [{ message: ASYNC_SCHEMA, path: [] }], { cause });
  }
}
