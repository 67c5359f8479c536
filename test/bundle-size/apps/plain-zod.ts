/**
 * The same app on plain Zod and a bare WebSocket: the envelopes as `z.object`s, validated with
 * `safeParse` on both ways, requests matched by a correlation id — what typed-ws is compared with.
 */
import { z } from "zod";

const meta = z.object({ timestamp: z.number().optional(), correlationId: z.string().optional() });
const JoinRoom = z.object({ type: z.literal("JOIN_ROOM"), meta, payload: z.object({ roomId: z.string() }) });
const SendChat = z.object({
  type: z.literal("SEND_CHAT"),
  meta,
  payload: z.object({ roomId: z.string(), text: z.string().max(500) }),
});
const ChatMessage = z.object({
  type: z.literal("CHAT_MESSAGE"),
  meta,
  payload: z.object({ roomId: z.string(), userId: z.string(), text: z.string() }),
});
const GetHistory = z.object({
  type: z.literal("GET_HISTORY"),
  meta,
  payload: z.object({ roomId: z.string(), limit: z.number().int().positive() }),
});
const History = z.object({
  type: z.literal("HISTORY"),
  meta,
  payload: z.object({ messages: z.array(z.object({ userId: z.string(), text: z.string() })) }),
});

const socket = new WebSocket("ws://127.0.0.1:3000");
const pending = new Map<string, (frame: unknown) => void>();
const outbox: string[] = [];

function send<T>(schema: z.ZodType<T>, message: T): void {
  const data = JSON.stringify(schema.parse(message));
  if (socket.readyState === WebSocket.OPEN) socket.send(data);
  else outbox.push(data);
}

function request<T, R>(schema: z.ZodType<T>, message: T, response: z.ZodType<R>): Promise<R> {
  const correlationId = crypto.randomUUID();
  return new Promise((resolve, reject) => {
    pending.set(correlationId, (frame) => {
      const result = response.safeParse(frame);
      if (result.success) resolve(result.data);
      else reject(result.error);
    });
    send(schema, { ...message, meta: { timestamp: Date.now(), correlationId } });
  });
}

socket.onopen = () => {
  for (const data of outbox.splice(0)) socket.send(data);
};
socket.onmessage = (event) => {
  const frame = JSON.parse(String(event.data)) as { type?: string; meta?: { correlationId?: string } };
  const id = frame.meta?.correlationId;
  const waiting = id === undefined ? undefined : pending.get(id);
  if (id !== undefined && waiting) {
    pending.delete(id);
    waiting(frame);
  } else if (frame.type === "CHAT_MESSAGE") {
    const result = ChatMessage.safeParse(frame);
    if (result.success) document.body.append(`${result.data.payload.userId}: ${result.data.payload.text}\n`);
  }
};

send(JoinRoom, { type: "JOIN_ROOM", meta: { timestamp: Date.now() }, payload: { roomId: "lobby" } });
send(SendChat, { type: "SEND_CHAT", meta: { timestamp: Date.now() }, payload: { roomId: "lobby", text: "hello" } });
request(GetHistory, { type: "GET_HISTORY", meta: {}, payload: { roomId: "lobby", limit: 50 } }, History)
  .then((history) => document.body.append(`${history.payload.messages.length} messages\n`))
  .catch((error: Error) => document.body.append(error.message));
