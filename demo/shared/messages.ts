/**
 * The demo's message contract, shared by the Bun server and the React app.
 *
 * The chat and calculator messages are the seeds' (`JOIN_ROOM` … `CALCULATE_RESULT`), unchanged,
 * so any client that speaks the typed-ws protocol can use the demo server.
 */
import { message, rpc, z } from "@typed-ws/client/zod";

/** Join a chat room under a display name. */
export const JoinRoom = message("JOIN_ROOM", {
  roomId: z.string().uuid(),
  username: z.string().min(1).max(20),
});

/** Post a message to a room (at most 500 characters, checked on both ends). */
export const SendMessage = message("SEND_MESSAGE", {
  roomId: z.string().uuid(),
  text: z.string().min(1).max(500),
});

/** Leave a chat room. */
export const LeaveRoom = message("LEAVE_ROOM", {
  roomId: z.string().uuid(),
});

/** Sent by the server to every new connection. */
export const Welcome = message("WELCOME", {
  message: z.string(),
});

/** Published to a room when someone joins; carries the room's new user count. */
export const UserJoined = message("USER_JOINED", {
  username: z.string(),
  userCount: z.number(),
});

/** A chat message, published to the room's members. */
export const NewMessage = message("NEW_MESSAGE", {
  username: z.string(),
  text: z.string(),
});

/**
 * Request: post a message to a room, at most once however often it is retried (retryable: the
 * client re-sends it after a reconnect, the server answers a remembered id without posting
 * again). Answered by `MESSAGE_POSTED { offset }` — the offset of the `NEW_MESSAGE` it
 * published to `room:<roomId>` (`RoomTopic` in topics.ts) — or an `ERROR` (`RATE_LIMIT`, shared with
 * `SEND_MESSAGE`; `RESOURCE_NOT_FOUND` for a room that does not exist).
 */
export const PostMessage = rpc(
  "POST_MESSAGE",
  { roomId: z.string().uuid(), text: z.string().min(1).max(500) },
  "MESSAGE_POSTED",
  { offset: z.number().int().positive() },
  { retryable: true },
);

/** The answer to {@link PostMessage}. */
export const MessagePosted = PostMessage.response;

/** Published to a room when someone leaves; carries the room's new user count. */
export const UserLeft = message("USER_LEFT", {
  username: z.string(),
  userCount: z.number(),
});

/** Request: add or multiply two numbers. Answered with {@link CalculateResult} or an `ERROR`. */
export const Calculate = message("CALCULATE", {
  operation: z.enum(["add", "multiply"]),
  a: z.number(),
  b: z.number(),
});

/** The answer to {@link Calculate}. */
export const CalculateResult = message("CALCULATE_RESULT", {
  result: z.number(),
});

/** Demo only: asks the server to close every socket with 1012 and restart (under the supervisor). */
export const RestartServer = message("RESTART_SERVER");

/** The error codes the demo server sends besides the protocol's built-in ones. */
export const DemoErrorCodes = {
  /** The seeds' rate limit on `SEND_MESSAGE` and `POST_MESSAGE` (`retryAfterMs` set). */
  RateLimit: "RATE_LIMIT",
  /** A calculation whose result is not a finite number. */
  ResultOutOfRange: "RESULT_OUT_OF_RANGE",
  /** `RESTART_SERVER` while the server runs without its supervisor. */
  RestartUnavailable: "RESTART_UNAVAILABLE",
} as const;
