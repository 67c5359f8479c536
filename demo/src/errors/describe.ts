import {
  ConnectionClosedError,
  LimitExceededError,
  ServerError,
  TimeoutError,
  TypedWsError,
  ValidationError,
} from "@typed-ws/client";
import { DemoErrorCodes } from "../../shared/messages.ts";

/** An error as the app shows it: a sentence for people, and the typed error behind it. */
export interface ErrorText {
  /** What happened and what to do, in plain words. */
  readonly text: string;
  /** The error class and code, e.g. `ServerError RATE_LIMIT` (shown small, for developers). */
  readonly detail: string;
  /** The code alone, e.g. `RATE_LIMIT` (`UNKNOWN` for errors that are not typed-ws's). */
  readonly code: string;
}

/** Plain words for one schema issue of a message the app tried to send. */
function describeIssue(error: ValidationError): string {
  const field = error.issues[0]?.path.at(-1);
  if ((error.messageType === "POST_MESSAGE" || error.messageType === "SEND_MESSAGE") && field === "text")
    return "Messages can be at most 500 characters.";
  if (error.messageType === "JOIN_ROOM" && field === "username") return "Names can be 1 to 20 characters.";
  if (error.messageType === "CALCULATE") return "Both fields need a number.";
  return `That input was not accepted${field === undefined ? "" : ` (${String(field)})`}.`;
}

function describeServerError(error: ServerError): string {
  switch (error.code) {
    case DemoErrorCodes.RateLimit: {
      const max = error.context?.max;
      return typeof max === "number" ? `You can send ${max} messages a minute.` : "You are sending too fast.";
    }
    case DemoErrorCodes.ResultOutOfRange:
      return "The result is too large to represent. Try smaller numbers.";
    case DemoErrorCodes.RestartUnavailable:
      return "This server runs without its supervisor, so it cannot restart itself. Start it with npm run demo.";
    default:
      return "The server could not do that. Please try again.";
  }
}

/** Turns any error into {@link ErrorText}. */
export function describeError(error: unknown): ErrorText {
  const code = error instanceof TypedWsError ? error.code : "UNKNOWN";
  const detail = error instanceof Error ? `${error.name} ${code}` : code;
  let text: string;
  if (error instanceof ValidationError) text = describeIssue(error);
  else if (error instanceof ServerError) text = describeServerError(error);
  else if (error instanceof TimeoutError) text = "The server did not answer in time. Please try again.";
  else if (error instanceof ConnectionClosedError) text = "The connection dropped before the answer came. Try again.";
  else if (error instanceof LimitExceededError)
    text = "Too many messages are waiting for the connection; this one was not kept.";
  else text = "Something went wrong. Please try again.";
  return { text, detail, code };
}
