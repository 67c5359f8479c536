/** A small chat app on `@typed-ws/client/zod`: five message schemas, wsClient, send, request. */
import { message, wsClient, z } from "@typed-ws/client/zod";

const JoinRoom = message("JOIN_ROOM", { roomId: z.string() });
const SendChat = message("SEND_CHAT", { roomId: z.string(), text: z.string().max(500) });
const ChatMessage = message("CHAT_MESSAGE", { roomId: z.string(), userId: z.string(), text: z.string() });
const GetHistory = message("GET_HISTORY", { roomId: z.string(), limit: z.number().int().positive() });
const History = message("HISTORY", { messages: z.array(z.object({ userId: z.string(), text: z.string() })) });

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
