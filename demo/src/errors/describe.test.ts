import {
  ConnectionClosedError,
  LimitExceededError,
  ServerError,
  TimeoutError,
  ValidationError,
} from "@typed-ws/client";
import { describe, expect, test } from "vitest";
import { describeError } from "./describe.ts";

describe("describeError", () => {
  test("schema errors of the demo's messages in plain words", () => {
    const tooLong = new ValidationError("SEND_MESSAGE", "outbound", [
      { path: ["payload", "text"], message: "Too big: expected string to have <=500 characters" },
    ]);
    expect(describeError(tooLong)).toEqual({
      text: "Messages can be at most 500 characters.",
      detail: "ValidationError VALIDATION_FAILED",
      code: "VALIDATION_FAILED",
    });
    const name = new ValidationError("JOIN_ROOM", "outbound", [{ path: ["payload", "username"], message: "Too big" }]);
    expect(describeError(name).text).toBe("Names can be 1 to 20 characters.");
  });

  test("server errors: the rate limit with its limit, the calculator's range, the restart", () => {
    const limit = new ServerError("RATE_LIMIT", "Too many messages. Max 10 per minute.", {
      context: { max: 10, windowMs: 60_000 },
      retryAfterMs: 5000,
    });
    expect(describeError(limit)).toEqual({
      text: "You can send 10 messages a minute.",
      detail: "ServerError RATE_LIMIT",
      code: "RATE_LIMIT",
    });
    expect(describeError(new ServerError("RESULT_OUT_OF_RANGE", "1e+308 multiply 10 is out of range")).text).toBe(
      "The result is too large to represent. Try smaller numbers.",
    );
    expect(describeError(new ServerError("RESTART_UNAVAILABLE")).text).toMatch(/^This server runs without/);
    expect(describeError(new ServerError("INTERNAL_ERROR")).text).toBe(
      "The server could not do that. Please try again.",
    );
  });

  test("connection-level errors and anything else", () => {
    expect(describeError(new TimeoutError("CALCULATE", 5000)).text).toBe(
      "The server did not answer in time. Please try again.",
    );
    expect(describeError(new ConnectionClosedError("closed", 1006)).code).toBe("CONNECTION_CLOSED");
    expect(describeError(new LimitExceededError("queue", "SEND_MESSAGE", "full")).text).toMatch(/not kept/);
    expect(describeError(new Error("boom"))).toEqual({
      text: "Something went wrong. Please try again.",
      detail: "Error UNKNOWN",
      code: "UNKNOWN",
    });
  });
});
