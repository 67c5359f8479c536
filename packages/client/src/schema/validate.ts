import { normalizeIssues, type ValidationIssue } from "./issues.ts";
import type { StandardSchemaV1 } from "./standard.ts";

/** The outcome of validating a value against a Standard Schema. */
export type ValidationResult<T> =
  | { readonly success: true; readonly value: T }
  | { readonly success: false; readonly issues: ValidationIssue[] };

function toResult<T>(result: StandardSchemaV1.Result<T>): ValidationResult<T> {
  return !result.issues
    ? { success: true, value: result.value }
    : { success: false, issues: normalizeIssues(result.issues) };
}

/**
 * Validates synchronously through `~standard`.
 * @throws TypeError when the schema validates asynchronously (async refinements): the client
 *   validates on the hot path of `send` and does not support them.
 */
export function validateSync<S extends StandardSchemaV1>(
  schema: S,
  value: unknown,
): ValidationResult<StandardSchemaV1.InferOutput<S>> {
  return toResult(syncResult(schema, value));
}

/**
 * The hot-path form of {@link validateSync}: the schema's own result (`value` on success,
 * `issues` on failure), without the wrapper object or normalised issues.
 * @throws TypeError when the schema validates asynchronously.
 */
export function syncResult<S extends StandardSchemaV1>(
  schema: S,
  value: unknown,
): StandardSchemaV1.Result<StandardSchemaV1.InferOutput<S>> {
  const result = schema["~standard"].validate(value);
  if (result instanceof Promise) {
    throw new TypeError("typed-ws: async schemas are not supported; remove async refinements");
  }
  return result as StandardSchemaV1.Result<StandardSchemaV1.InferOutput<S>>;
}

/** Validates through `~standard`, awaiting schemas that validate asynchronously. */
export async function validate<S extends StandardSchemaV1>(
  schema: S,
  value: unknown,
): Promise<ValidationResult<StandardSchemaV1.InferOutput<S>>> {
  return toResult(
    (await schema["~standard"].validate(value)) as StandardSchemaV1.Result<StandardSchemaV1.InferOutput<S>>,
  );
}
