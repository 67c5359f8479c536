// chat.test.ts
import { ServerError } from "@typed-ws/client";
import { createTestServer } from "@typed-ws/client/testing";
import { message, wsClient, z } from "@typed-ws/client/zod";
import { expect, test } from "vitest";

const Chat = message("CHAT", { text: z.string() });
const GetUser = message("GET_USER", { id: z.string() });
const User = message("USER", { id: z.string(), name: z.string() });

test("the app sends, receives and asks through a typed in-memory server", async () => {
  const server = createTestServer();
  const client = wsClient({ url: "ws://test", WebSocket: server.WebSocket });
  server.onRequest(GetUser, User, ({ id }, request) =>
    id === "0" ? request.error("RESOURCE_NOT_FOUND") : { id, name: "Ada" },
  );
  await client.connect();

  client.send(Chat, { text: "hi" }); // what the app sent, validated by the schema:
  expect((await server.waitForSent(Chat)).payload).toEqual({ text: "hi" });

  const seen: string[] = [];
  client.on(Chat, (msg) => seen.push(msg.payload.text));
  server.push(Chat, { text: "welcome" }); // delivered before push returns
  expect(seen).toEqual(["welcome"]);

  expect((await client.request(GetUser, { id: "1" }, User)).payload.name).toBe("Ada");
  await expect(client.request(GetUser, { id: "0" }, User)).rejects.toBeInstanceOf(ServerError);

  server.drop(1012); // the server goes away; new connections are refused until restore()
  expect(client.state.status).toBe("reconnecting");
  server.restore();
  client.close();
});
