import type { StandardSchemaV1 } from "./standard.ts";

/** A validation issue in a plain, serialisable form: the message and the path as keys. */
export interface ValidationIssue {
  readonly message: string;
  readonly path: ReadonlyArray<PropertyKey>;
}

/** Normalises Standard Schema issues (whose path segments may be objects) to {@link ValidationIssue}s. */
export function normalizeIssues(issues: ReadonlyArray<StandardSchemaV1.Issue>): ValidationIssue[] {
  return issues.map((issue) => ({
    message: issue.message,
    path: (issue.path ?? []).map((segment) =>
      typeof segment === "object" && segment !== null ? segment.key : segment,
    ),
  }));
}

/** Renders issues as one line, e.g. `payload.text: Too big: expected string to have <=500 characters`. */
export function formatIssues(issues: ReadonlyArray<ValidationIssue>): string {
  return issues
    .map((issue) => (issue.path.length > 0 ? `${issue.path.map(String).join(".")}: ${issue.message}` : issue.message))
    .join("; ");
}
