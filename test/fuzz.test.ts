/**
 * Seeded fuzzing of both ends (reproduce a run with `FUZZ_SEED=<printed seed>`):
 * (a) ~2,000 garbage frames at a real server-bun router over a raw WebSocket: every frame gets
 *     exactly the answer PROTOCOL.md prescribes, onError sees only typed errors, and the same
 *     connection still serves a valid request afterwards;
 * (b) ~2,000 garbage frames from a raw Bun.serve at a real wsClient: nothing throws, every frame
 *     is reported exactly once (handler, onError or onUnhandled), handlers only get valid
 *     messages, and a request still completes afterwards.
 */
import { afterAll, afterEach, beforeAll, describe, expect, test } from "bun:test";
import { type ClientErrorEvent, type Envelope, TypedWsError } from "@typed-ws/client";
import { appRouter } from "./helpers/app-router.ts";
import { contracts } from "./helpers/contract.ts";
import { clientBoundFrame, type ServerAnswer, serverBoundFrame } from "./helpers/fuzz-frames.ts";
import { Counter, closeAll, makeClient, startServer, track, trackServer } from "./helpers/network.ts";
import { fuzzSeed, Rng } from "./helpers/prng.ts";

const FRAMES = 2000;
const LIMIT = 4096;
/** Upper bound on waiting for all answers; the runs take well under a second. */
const DEADLINE_MS = 8000;

// Uncaught errors fail the test: `bun test` itself fails the running test on one, and these
// listeners catch any that reach the process hooks instead.
const uncaught: unknown[] = [];
const onUncaught = (error: unknown) => uncaught.push(error);
beforeAll(() => {
  process.on("uncaughtException", onUncaught);
  process.on("unhandledRejection", onUncaught);
});
afterAll(() => {
  process.off("uncaughtException", onUncaught);
  process.off("unhandledRejection", onUncaught);
});
afterEach(async () => {
  await closeAll();
  expect(uncaught).toEqual([]);
});

/** Resolves when `counter` reaches `target`, or after the deadline (the assertions then say what is missing). */
function reachOrDeadline(counter: Counter, target: number): Promise<void> {
  return Promise.race([counter.reach(target), Bun.sleep(DEADLINE_MS)]);
}

interface Answer {
  type: string;
  meta?: { correlationId?: string };
  payload?: { code?: string; n?: unknown };
}

/** A raw Bun WebSocket collecting every frame it receives. */
async function rawSocket(url: string): Promise<{ ws: WebSocket; answers: Answer[]; received: Counter }> {
  const ws = track(new WebSocket(url));
  const answers: Answer[] = [];
  const received = new Counter();
  ws.onmessage = (event) => {
    answers.push(JSON.parse(String(event.data)) as Answer);
    received.bump();
  };
  await new Promise((resolve, reject) => {
    ws.onopen = resolve;
    ws.onerror = reject;
  });
  return { ws, answers, received };
}

describe("fuzz: garbage at the server", () => {
  for (const validator of ["zod", "valibot"] as const) {
    test(`${FRAMES} frames at a ${validator} router: one prescribed answer each, connection still usable`, async () => {
      const seed = fuzzSeed(`server fuzz (${validator})`);
      const rng = new Rng(seed);
      const { router, log } = appRouter(contracts[validator]);
      const { url } = startServer(router, { maxPayloadBytes: LIMIT });
      const { ws, answers, received } = await rawSocket(url);

      const frames = Array.from({ length: FRAMES }, (_, i) => serverBoundFrame(rng, i, LIMIT));
      for (const frame of frames) ws.send(frame.data as string);
      const answered = frames.filter((f) => f.answer !== "none").length;
      await reachOrDeadline(received, answered);

      // The same connection still works: a valid request gets its reply.
      ws.send(JSON.stringify({ type: "ECHO", meta: { correlationId: "final" }, payload: { n: 42 } }));
      await reachOrDeadline(received, answered + 1);
      expect(answers.at(-1)).toMatchObject({
        type: "ECHO_REPLY",
        meta: { correlationId: "final" },
        payload: { n: 42 },
      });
      expect(ws.readyState).toBe(WebSocket.OPEN);

      // Frames with a readable correlation id: exactly one answer each, of the prescribed kind.
      const byId = new Map<string | undefined, Answer[]>();
      for (const a of answers.slice(0, -1))
        byId.set(a.meta?.correlationId, [...(byId.get(a.meta?.correlationId) ?? []), a]);
      const kindOf = (a: Answer): ServerAnswer =>
        a.type === "ERROR" ? "error" : a.type === "__heartbeat_ack" ? "ack" : "reply";
      const mismatches = frames.flatMap((frame, index) => {
        if (frame.id === undefined) return [];
        const got = (byId.get(frame.id) ?? []).map(kindOf);
        return got.length === 1 && got[0] === frame.answer
          ? []
          : [{ index, kind: frame.kind, want: frame.answer, got }];
      });
      expect(mismatches).toEqual([]);
      // The rest: id-less answers, counted by kind, and no answer for an id nobody sent.
      const idless = (byId.get(undefined) ?? []).map(kindOf);
      const expectedIdless = frames.filter((f) => f.id === undefined && f.answer !== "none").map((f) => f.answer);
      expect(count(idless)).toEqual(count(expectedIdless));
      const sentIds = new Set(frames.map((f) => f.id));
      expect([...byId.keys()].filter((id) => !sentIds.has(id))).toEqual([]);

      // The run exercised every kind of bad input.
      expect(new Set(answers.map((a) => a.payload?.code).filter(Boolean))).toEqual(
        new Set(["INVALID_MESSAGE_FORMAT", "VALIDATION_FAILED", "UNSUPPORTED_MESSAGE_TYPE", "PAYLOAD_TOO_LARGE"]),
      );
      // onError: one typed error per ERROR frame sent, nothing else (no handler threw).
      const errorFrames = answers.filter((a) => a.type === "ERROR").length;
      expect(log.errors).toHaveLength(errorFrames);
      expect(log.errors.filter((e) => !(e.error instanceof TypedWsError))).toEqual([]);
      expect(new Set(log.errors.map((e) => e.info.phase))).toEqual(new Set(["frame", "routing", "validation"]));
      // Nothing polluted a prototype.
      expect(Object.prototype).not.toHaveProperty("polluted");
      expect(({} as Record<string, unknown>).x).toBeUndefined();
    });
  }
});

/** Occurrences of each value. */
function count(values: readonly string[]): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const value of values) counts[value] = (counts[value] ?? 0) + 1;
  return counts;
}

describe("fuzz: garbage at the client", () => {
  test(`${FRAMES} frames at a wsClient: never throws, each reported once, handlers see only valid messages`, async () => {
    const seed = fuzzSeed("client fuzz");
    const rng = new Rng(seed);
    const frames = Array.from({ length: FRAMES }, (_, i) => clientBoundFrame(rng, i));
    const server = trackServer(
      Bun.serve({
        hostname: "127.0.0.1",
        port: 0,
        fetch: (req, srv) => (srv.upgrade(req) ? undefined : new Response("upgrade required", { status: 426 })),
        websocket: {
          open(ws) {
            for (const frame of frames) ws.send(frame.data);
          },
          message(ws, raw) {
            const request = JSON.parse(String(raw)) as Answer;
            if (request.type !== "ECHO") return;
            ws.send(JSON.stringify({ type: "ECHO_REPLY", meta: request.meta, payload: request.payload }));
          },
        },
      }),
    );

    const c = contracts.valibot;
    const client = makeClient(`ws://127.0.0.1:${server.port}/`);
    const events = new Counter();
    const seqs: unknown[] = [];
    const identities: unknown[] = [];
    const errors: ClientErrorEvent[] = [];
    const unhandled: Envelope[] = [];
    client.on(c.Seq, (msg) => {
      seqs.push(msg);
      events.bump();
    });
    client.on(c.Identity, (msg) => {
      identities.push(msg);
      events.bump();
    });
    client.onError((event) => {
      errors.push(event);
      events.bump();
    });
    client.onUnhandled((envelope) => {
      unhandled.push(envelope);
      events.bump();
    });
    await client.connect();
    const reported = frames.filter((f) => !f.silent).length;
    await reachOrDeadline(events, reported);

    // A request still completes on the same connection.
    expect((await client.request(c.Echo, { n: 7 }, c.EchoReply, { timeoutMs: 2000 })).payload.n).toBe(7);
    expect(client.state).toMatchObject({ status: "open", attempt: 0 });

    // Exactly one report per frame (heartbeat acks are consumed silently).
    expect(events.count).toBe(reported);
    // Handlers got exactly the valid frames, in order, each a valid message.
    const validIndexes = frames.flatMap((f, i) => (f.valid ? [i] : []));
    expect(seqs.map((m) => (m as { payload: { n: number } }).payload.n)).toEqual(validIndexes);
    expect(identities).toEqual([]);
    for (const msg of seqs) {
      const result = await c.Seq["~standard"].validate(msg);
      expect(result.issues).toBeUndefined();
      expect(Object.keys(msg as object).sort()).toEqual(["meta", "payload", "type"]);
    }
    // Problems only as typed errors of the inbound kinds; the connection never dropped.
    expect(new Set(errors.map((e) => e.kind))).toEqual(new Set(["invalid-frame", "invalid-message", "server-error"]));
    expect(errors.filter((e) => !(e.error instanceof TypedWsError))).toEqual([]);
    expect(unhandled.length).toBeGreaterThan(0);
  });
});

describe("regressions found by fuzzing", () => {
  // `{"__proto__": …}` at the root of a frame: JSON.parse makes it an own key, so it is an unknown
  // root key and strict schemas must reject it, on both ends (it used to vanish before validation).
  const frameWithProtoKey = (type: string, payload: unknown, id?: string) =>
    `{"type":"${type}","meta":${id ? `{"correlationId":"${id}"}` : "{}"},"payload":${JSON.stringify(payload)},"__proto__":{"x":1}}`;

  test("the server rejects a root __proto__ key as VALIDATION_FAILED", async () => {
    const { router } = appRouter(contracts.zod);
    const { url } = startServer(router);
    const { ws, answers, received } = await rawSocket(url);
    ws.send(frameWithProtoKey("ECHO", { n: 1 }, "p1"));
    await received.reach(1);
    expect(answers[0]).toMatchObject({
      type: "ERROR",
      meta: { correlationId: "p1" },
      payload: { code: "VALIDATION_FAILED" },
    });
  });

  test("the client reports a root __proto__ key as an invalid message, never to the handler", async () => {
    const server = trackServer(
      Bun.serve({
        hostname: "127.0.0.1",
        port: 0,
        fetch: (req, srv) => (srv.upgrade(req) ? undefined : new Response(null, { status: 426 })),
        websocket: { open: (ws) => void ws.send(frameWithProtoKey("SEQ", { n: 1 })), message() {} },
      }),
    );
    const client = makeClient(`ws://127.0.0.1:${server.port}/`);
    const handled: unknown[] = [];
    client.on(contracts.valibot.Seq, (msg) => handled.push(msg));
    const reported = new Promise<ClientErrorEvent>((resolve) => client.onError(resolve));
    await client.connect();
    expect((await reported).kind).toBe("invalid-message");
    expect(handled).toEqual([]);
  });
});
