/**
 * `@typed-ws/client/testing`: an in-memory typed-ws server for an app's component and unit
 * tests. Give `server.WebSocket` to `wsClient`, then assert what was sent, push messages, answer
 * requests, send `ERROR` frames and drop the connection, typed by the app's own schemas. No
 * network, no timers, no test-runner import: it works under vitest, Jest, `bun test` or `node:test`.
 */
export type {
  ErrorReply,
  PushArgs,
  ReplyOf,
  RequestPayloadOf,
  SentFrame,
  TestConnection,
  TestErrorOptions,
  TestRequest,
  TestRequestHandler,
  TestServer,
  TestServerOptions,
  TestSubscribe,
  TestSubscribed,
  TestSubscribeHandler,
} from "./test-server.ts";
export { createTestServer } from "./test-server.ts";
export { TestSocket } from "./test-socket.ts";
