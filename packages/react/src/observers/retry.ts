import type { QueryObserverOptions } from "@tanstack/query-core";
import { AbortError, ServerError, ValidationError } from "../deps.ts";

/** TanStack's `retry` option value (a count, a boolean, or a function). */
export type RetryValue<TError> = QueryObserverOptions<unknown, TError>["retry"];
/** TanStack's `retryDelay` option value (ms, or a function of failure count and error). */
export type RetryDelayValue<TError> = QueryObserverOptions<unknown, TError>["retryDelay"];

/**
 * Server error codes that mean "the same request will fail again": never retried, whatever the
 * `retry` option says.
 */
export const NON_RETRYABLE_SERVER_CODES: ReadonlySet<string> = new Set([
  "VALIDATION_FAILED",
  "AUTHORIZATION_FAILED",
  "AUTHENTICATION_FAILED",
  "UNSUPPORTED_MESSAGE_TYPE",
  "INVALID_MESSAGE_FORMAT",
  "PAYLOAD_TOO_LARGE",
]);

/**
 * Whether a failed request may be retried: not for a `ValidationError` (either direction), an
 * `AbortError`, or a `ServerError` whose code is in {@link NON_RETRYABLE_SERVER_CODES}.
 * Timeouts, closed connections, rate limits and internal server errors may be retried.
 */
export function isRetryableError(error: unknown): boolean {
  return !(
    error instanceof ValidationError ||
    error instanceof AbortError ||
    (error instanceof ServerError && NON_RETRYABLE_SERVER_CODES.has(error.code))
  );
}

/**
 * Wraps a TanStack `retry` value so non-retryable errors are never retried. Same meaning as
 * TanStack's: a count, `true` (forever), `false`, or `(failureCount, error) => boolean`.
 */
export function guardRetry<TError>(retry: RetryValue<TError> | undefined, fallback: number) {
  const value = retry ?? fallback;
  return (failureCount: number, error: TError): boolean => {
    if (!isRetryableError(error)) return false;
    if (typeof value === "function") return value(failureCount, error);
    if (typeof value === "number") return failureCount < value;
    return value;
  };
}

/**
 * The default retry delay: the server's `retryAfterMs` when it sent one, else exponential
 * backoff (1 s, 2 s, 4 s…, at most 30 s).
 */
export const defaultRetryDelay = (failureCount: number, error: unknown): number => {
  const retryAfterMs = error instanceof ServerError ? error.retryAfterMs : undefined;
  return retryAfterMs ?? Math.min(1000 * 2 ** failureCount, 30_000);
};
