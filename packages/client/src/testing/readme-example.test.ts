// chat.test.ts
import { ServerError } from "@typed-ws/client";
import { createTestServer } from "@typed-ws/client/testing";
import { subscribe } from "@typed-ws/client/topics";
import { message, topic, wsClient, z } from "@typed-ws/client/zod";
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

// The README's topics snippet, with its declarations.
const NewMessage = message("NEW_MESSAGE", { text: z.string() });
const Room = topic("room:{roomId}", [NewMessage]);

test("topics: onSubscribe answers, publish delivers, a drop restores the subscription", async () => {
  const server = createTestServer();
  const client = wsClient({ url: "ws://test", WebSocket: server.WebSocket, reconnect: { initialDelayMs: 1 } });
  await client.connect();
  const shown: string[] = [];
  const show = (msg: { payload: { text: string } }) => shown.push(msg.payload.text);

  server.onSubscribe(Room, (request) =>
    request.params.roomId === "secret" ? request.error("AUTHORIZATION_FAILED") : { epoch: "e1", offset: 0 },
  );
  const room = subscribe(client, Room({ roomId: "general" }), { onMessage: (msg) => show(msg) });
  await room.ready;
  server.publish(Room({ roomId: "general" }), NewMessage, { text: "hi" }); // offset 1, delivered now
  expect(shown).toEqual(["hi"]);
  server.drop(1012); // the client restores the subscription with `since` after restore()
  server.restore();
  const restore = await server.waitForFrame(
    (frame) => frame.type === "$ws:subscribe" && "since" in Object(frame.payload),
  );
  expect(restore.payload).toEqual({ topic: "room:general", since: { epoch: "e1", offset: 1 } });
  await expect(subscribe(client, Room({ roomId: "secret" })).ready).rejects.toBeInstanceOf(ServerError);
  client.close();
});
