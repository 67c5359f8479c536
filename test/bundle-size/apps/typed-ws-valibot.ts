/** A small chat app on `@typed-ws/client/valibot`: five message schemas, wsClient, send, request. */
import { message, v, wsClient } from "@typed-ws/client/valibot";

const JoinRoom = message("JOIN_ROOM", { roomId: v.string() });
const SendChat = message("SEND_CHAT", { roomId: v.string(), text: v.pipe(v.string(), v.maxLength(500)) });
const ChatMessage = message("CHAT_MESSAGE", { roomId: v.string(), userId: v.string(), text: v.string() });
const GetHistory = message("GET_HISTORY", {
  roomId: v.string(),
  limit: v.pipe(v.number(), v.integer(), v.minValue(1)),
});
const History = message("HISTORY", { messages: v.array(v.object({ userId: v.string(), text: v.string() })) });

const client = wsClient({ url: "ws://127.0.0.1:3000", autoConnect: true });
client.on(ChatMessage, (msg) => {
  document.body.append(`${msg.payload.userId}: ${msg.payload.text}\n`);
});
client.send(JoinRoom, { roomId: "lobby" });
client.send(SendChat, { roomId: "lobby", text: "hello" });
client
  .request(GetHistory, { roomId: "lobby", limit: 50 }, History)
  .then((history) => document.body.append(`${history.payload.messages.length} messages\n`))
  .catch((error: Error) => document.body.append(error.message));
