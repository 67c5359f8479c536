/**
 * The same app on plain Valibot and a bare WebSocket: the envelopes as `v.object`s, validated with
 * `safeParse` on both ways, requests matched by a correlation id — what typed-ws is compared with.
 */
import * as v from "valibot";

const meta = v.object({ timestamp: v.optional(v.number()), correlationId: v.optional(v.string()) });
const JoinRoom = v.object({ type: v.literal("JOIN_ROOM"), meta, payload: v.object({ roomId: v.string() }) });
const SendChat = v.object({
  type: v.literal("SEND_CHAT"),
  meta,
  payload: v.object({ roomId: v.string(), text: v.pipe(v.string(), v.maxLength(500)) }),
});
const ChatMessage = v.object({
  type: v.literal("CHAT_MESSAGE"),
  meta,
  payload: v.object({ roomId: v.string(), userId: v.string(), text: v.string() }),
});
const GetHistory = v.object({
  type: v.literal("GET_HISTORY"),
  meta,
  payload: v.object({ roomId: v.string(), limit: v.pipe(v.number(), v.integer(), v.minValue(1)) }),
});
const History = v.object({
  type: v.literal("HISTORY"),
  meta,
  payload: v.object({ messages: v.array(v.object({ userId: v.string(), text: v.string() })) }),
});

type Schema = v.GenericSchema;

const socket = new WebSocket("ws://127.0.0.1:3000");
const pending = new Map<string, (frame: unknown) => void>();
const outbox: string[] = [];

function send<S extends Schema>(schema: S, message: v.InferInput<S>): void {
  const data = JSON.stringify(v.parse(schema, message));
  if (socket.readyState === WebSocket.OPEN) socket.send(data);
  else outbox.push(data);
}

function request<S extends Schema, R extends Schema>(
  schema: S,
  message: v.InferInput<S>,
  response: R,
): Promise<v.InferOutput<R>> {
  const correlationId = crypto.randomUUID();
  return new Promise((resolve, reject) => {
    pending.set(correlationId, (frame) => {
      const result = v.safeParse(response, frame);
      if (result.success) resolve(result.output);
      else reject(new v.ValiError(result.issues));
    });
    send(schema, { ...(message as object), meta: { timestamp: Date.now(), correlationId } } as v.InferInput<S>);
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
    const result = v.safeParse(ChatMessage, frame);
    if (result.success) document.body.append(`${result.output.payload.userId}: ${result.output.payload.text}\n`);
  }
};

send(JoinRoom, { type: "JOIN_ROOM", meta: { timestamp: Date.now() }, payload: { roomId: "lobby" } });
send(SendChat, { type: "SEND_CHAT", meta: { timestamp: Date.now() }, payload: { roomId: "lobby", text: "hello" } });
request(GetHistory, { type: "GET_HISTORY", meta: {}, payload: { roomId: "lobby", limit: 50 } }, History)
  .then((history) => document.body.append(`${history.payload.messages.length} messages\n`))
  .catch((error: Error) => document.body.append(error.message));
