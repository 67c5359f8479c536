/**
 * Limits on what the server repeats back from client input (PROTOCOL.md v1.1, "Limits"): a
 * `type` is at most 128 characters, and no error message echoes more than 128 characters of what
 * the client sent.
 */

/** Longest `type` the server accepts; longer is `INVALID_MESSAGE_FORMAT`. */
export const MAX_TYPE_LENGTH = 128;

/** Most characters of client input an `ERROR` frame repeats. */
export const MAX_ECHO_LENGTH = 128;

/** `text` cut to {@link MAX_ECHO_LENGTH} characters, with `…` marking the cut. */
export function clip(text: string, max = MAX_ECHO_LENGTH): string {
  return text.length <= max ? text : `${text.slice(0, max - 1)}…`;
}
