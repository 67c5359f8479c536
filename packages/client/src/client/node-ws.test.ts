/** Node 20 has no global WebSocket: the client runs on the `ws` package's, against a real `ws` server on 127.0.0.1. */
import type { AddressInfo } from "node:net";
import { afterEach, describe, expect, it } from "vitest";
import { WebSocket, WebSocketServer } from "ws";
import { message, type WsClient, wsClient, z } from "../zod.ts";

const Echo = message("ECHO", { n: z.number() });
const EchoReply = message("ECHO_REPLY", { n: z.number() });

let server: WebSocketServer | undefined;
let client: WsClient | undefined;
afterEach(async () => {
  client?.close();
  await new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()));
  server = undefined;
});

describe("Node with ws", () => {
  it("connects, sends the token as a subprotocol, and gets a reply", async () => {
    const offered: string[] = [];
    server = new WebSocketServer({
      host: "127.0.0.1",
      port: 0,
      handleProtocols: (protocols) => {
        offered.push(...protocols);
        return [...protocols].find((p) => p.startsWith("bearer.")) ?? false;
      },
    });
    server.on("connection", (socket) => {
      socket.on("message", (data) => {
        const frame = JSON.parse(String(data)) as { type: string; meta: { correlationId?: string }; payload: unknown };
        if (frame.type === "ECHO") {
          socket.send(
            JSON.stringify({
              type: "ECHO_REPLY",
              meta: { correlationId: frame.meta.correlationId },
              payload: frame.payload,
            }),
          );
        }
      });
    });
    await new Promise((resolve) => server?.once("listening", resolve));
    const { port } = server.address() as AddressInfo;
    client = wsClient({
      url: `ws://127.0.0.1:${port}`,
      WebSocket,
      auth: { getToken: async () => "secret", attach: "protocol" },
    });
    await client.connect();
    expect(offered).toEqual(["bearer.secret"]);
    const reply = await client.request(Echo, { n: 7 }, EchoReply, { timeoutMs: 2000 });
    expect(reply).toMatchObject({ type: "ECHO_REPLY", payload: { n: 7 } });
  });
});
