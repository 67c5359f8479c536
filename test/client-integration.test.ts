/**
 * The client against a real WebSocket server on 127.0.0.1: a few lines of raw `Bun.serve`
 * speaking the protocol (replies carry the request's correlationId, heartbeats are acked).
 * The server is killed while requests are in flight and sends are queued, then restarted on the
 * same port: every queued send must arrive exactly once and in order, and every request settle.
 */
import { afterEach, describe, expect, test } from "bun:test";
import {
  ConnectionClosedError,
  type ConnectionState,
  message,
  type WebSocketConstructor,
  type WsClient,
  wsClient,
  z,
} from "../packages/client/src/zod.ts";

const Seq = message("SEQ", { n: z.number().int() });
const Echo = message("ECHO", { n: z.number() });
const EchoReply = message("ECHO_REPLY", { n: z.number() });
const Hold = message("HOLD", { n: z.number() }); // the server never answers it

interface Frame {
  type: string;
  meta?: { correlationId?: string };
  payload?: { n: number };
}

/** Everything every server instance of a test received. */
const seen: Frame[] = [];
const servers: Array<ReturnType<typeof Bun.serve>> = [];
const clients: WsClient[] = [];
/** Waiters for a frame the server receives. */
const frameWaiters: Array<{ match: (frame: Frame) => boolean; resolve: () => void }> = [];

function serverReceives(match: (frame: Frame) => boolean): Promise<void> {
  if (seen.some(match)) return Promise.resolve();
  return new Promise((resolve) => frameWaiters.push({ match, resolve }));
}

function startServer(port = 0) {
  const server = Bun.serve({
    hostname: "127.0.0.1",
    port,
    fetch(req, srv) {
      return srv.upgrade(req) ? undefined : new Response("upgrade required", { status: 426 });
    },
    websocket: {
      message(ws, data) {
        const frame = JSON.parse(String(data)) as Frame;
        seen.push(frame);
        for (const waiter of frameWaiters.filter((w) => w.match(frame))) {
          frameWaiters.splice(frameWaiters.indexOf(waiter), 1);
          waiter.resolve();
        }
        if (frame.type === "__heartbeat") {
          ws.send(JSON.stringify({ type: "__heartbeat_ack", meta: { timestamp: Date.now() } }));
        } else if (frame.type === "ECHO") {
          ws.send(
            JSON.stringify({
              type: "ECHO_REPLY",
              meta: { correlationId: frame.meta?.correlationId },
              payload: frame.payload,
            }),
          );
        }
      },
    },
  });
  servers.push(server);
  return server;
}

function makeClient(port: number): WsClient {
  const client = wsClient({
    url: `ws://127.0.0.1:${port}/`,
    WebSocket: globalThis.WebSocket as unknown as WebSocketConstructor,
    reconnect: { initialDelayMs: 20, maxDelayMs: 200 },
    heartbeat: { intervalMs: 100, timeoutMs: 1000 },
  });
  clients.push(client);
  return client;
}

/** Resolves with the first state (now or later) that matches. */
function until(client: WsClient, predicate: (state: ConnectionState) => boolean): Promise<ConnectionState> {
  if (predicate(client.state)) return Promise.resolve(client.state);
  return new Promise((resolve) => {
    const off = client.onState((state) => {
      if (!predicate(state)) return;
      off();
      resolve(state);
    });
  });
}

afterEach(() => {
  for (const client of clients.splice(0)) client.close();
  for (const server of servers.splice(0)) server.stop(true);
  seen.length = 0;
  frameWaiters.length = 0;
});

describe("client integration (Bun.serve on 127.0.0.1)", () => {
  test("request/response and heartbeats over a real socket", async () => {
    const server = startServer();
    const client = makeClient(server.port as number);
    await client.connect();
    const reply = await client.request(Echo, { n: 42 }, EchoReply, { timeoutMs: 2000 });
    expect(reply.payload.n).toBe(42);
    // Heartbeats every 100 ms with a 1 s deadline: acked, so the connection stays the same one.
    await serverReceives((f) => f.type === "__heartbeat");
    const pings = seen.filter((f) => f.type === "__heartbeat").length;
    await serverReceives(() => seen.filter((f) => f.type === "__heartbeat").length >= pings + 12);
    expect(client.state).toMatchObject({ status: "open", attempt: 0, lastClose: undefined });
  });

  test("server killed and restarted: queued sends arrive once and in order, every request settles", async () => {
    const first = startServer();
    const port = first.port as number;
    const client = makeClient(port);
    await client.connect();

    const inFlight = Array.from({ length: 10 }, (_, n) => client.request(Hold, { n }, EchoReply, { timeoutMs: 5000 }));
    const answeredBefore = await client.request(Echo, { n: -1 }, EchoReply);
    expect(answeredBefore.payload.n).toBe(-1);

    first.stop(true);
    await until(client, (s) => s.status === "reconnecting");

    for (let n = 0; n < 100; n++) client.send(Seq, { n });
    const queuedRequests = Array.from({ length: 10 }, (_, n) =>
      client.request(Echo, { n: 1000 + n }, EchoReply, { timeoutMs: 5000 }),
    );
    expect(client.state.queued).toBe(110);

    startServer(port);
    const results = await Promise.allSettled([...inFlight, ...queuedRequests]);

    // In flight when the server died: rejected with ConnectionClosedError, not left hanging.
    for (const result of results.slice(0, 10)) {
      expect(result.status).toBe("rejected");
      expect((result as PromiseRejectedResult).reason).toBeInstanceOf(ConnectionClosedError);
    }
    // Queued while down: sent after the restart and answered.
    expect(results.slice(10).map((r) => (r.status === "fulfilled" ? r.value.payload.n : "rejected"))).toEqual(
      Array.from({ length: 10 }, (_, n) => 1000 + n),
    );
    await until(client, (s) => s.status === "open" && s.queued === 0);
    const seqs = seen.filter((f) => f.type === "SEQ").map((f) => f.payload?.n);
    expect(seqs).toEqual(Array.from({ length: 100 }, (_, n) => n));
    // Queued sends went out before the queued requests (flush keeps order).
    const order = seen.filter((f) => f.type === "SEQ" || (f.type === "ECHO" && (f.payload?.n ?? 0) >= 1000));
    expect(order.findIndex((f) => f.type === "ECHO")).toBe(100);
  });
});
