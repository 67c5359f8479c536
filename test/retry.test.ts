/**
 * Retryable requests end to end: the demo's POST_MESSAGE (retryable, deduped by the server)
 * against a demo server that is killed (SIGKILL) and restarted 30 times (SQLite stores on a temp
 * file), and against one whose sockets are cut 30 times while a POST_MESSAGE runs, losing its
 * answer (memory stores). Every request
 * settles, every resolved one's publication is in the room's history exactly once, none twice.
 */

import { Database } from "bun:sqlite";
import { afterEach, describe, expect, test } from "bun:test";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { type WsClient, wsClient } from "@typed-ws/client";
import { createRouter, serve } from "@typed-ws/server-bun";
import { registerChat } from "../demo/server/chat.ts";
import { registerPostMessage } from "../demo/server/post-message.ts";
import { registerRateLimit } from "../demo/server/rate-limit.ts";
import type { AppData } from "../demo/server/router.ts";
import { PostMessage } from "../demo/shared/messages.ts";
import { RoomTopic } from "../demo/shared/topics.ts";

const ROOM_ID = "5b0c2d6e-8a1f-4c3b-9d2e-1f0a7b6c5d41";
const ROOM = RoomTopic({ roomId: ROOM_ID }).name;
const DROPS = 30;
/** Answers to wait for between two kills or drops, so each one hits a stream of requests. */
const ANSWERS_BETWEEN_DROPS = 3;

type Outcome = { text: string; offset?: number; error?: unknown };

const cleanups: (() => unknown)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

/** A client that reconnects fast and retries POST_MESSAGE (its pairing says retryable). */
function fastClient(url: string): WsClient {
  const client = wsClient({
    url,
    heartbeat: false,
    reconnect: { initialDelayMs: 10, maxDelayMs: 100, factor: 2 },
  });
  cleanups.push(() => client.close());
  return client;
}

/**
 * Posts a message every few ms until `stop()`; `answered` counts resolutions (for pacing the
 * drops); `settled()` waits for every request.
 */
function poster(client: WsClient) {
  const outcomes: Promise<Outcome>[] = [];
  let answered = 0;
  let settled = 0;
  let running = true;
  const waiters: (() => void)[] = [];
  const answersFrom = (n: number) => {
    const target = answered + n;
    return new Promise<void>((resolve) => {
      const check = () => (answered >= target ? resolve() : waiters.push(check));
      check();
    });
  };
  const loop = (async () => {
    for (let i = 0; running; i++) {
      const text = `m${i}`;
      outcomes.push(
        client
          .request(PostMessage, { roomId: ROOM_ID, text }, { timeoutMs: 60_000 })
          .then(
            (reply) => {
              answered++;
              for (const wake of waiters.splice(0)) wake();
              return { text, offset: reply.payload.offset };
            },
            (error: unknown) => ({ text, error }),
          )
          .finally(() => {
            settled++;
          }),
      );
      await Bun.sleep(4);
      // At most 200 in flight: while the server is down they wait (queued or to be retried).
      while (running && outcomes.length - settled >= 200) await answersFrom(1);
    }
  })();
  return {
    /** Resolves once `n` more requests were answered. */
    answers: answersFrom,
    async stop(): Promise<Outcome[]> {
      running = false;
      await loop;
      return Promise.all(outcomes);
    },
  };
}

/** Checks the outcomes against the room's history (frames in offset order). */
function expectExactlyOnce(outcomes: Outcome[], history: { offset: number; frame: string }[]): void {
  const failed = outcomes.filter((outcome) => outcome.error !== undefined);
  expect(failed.slice(0, 3)).toEqual([]);
  expect(failed.length).toBe(0);
  const texts = history.map((entry) => (JSON.parse(entry.frame) as { payload: { text: string } }).payload.text);
  expect(new Set(texts).size).toBe(texts.length); // no publication twice
  const byText = new Map(history.map((entry, i) => [texts[i], entry.offset]));
  for (const outcome of outcomes) expect(byText.get(outcome.text)).toBe(outcome.offset as number);
  expect(outcomes.length).toBeGreaterThan(DROPS * ANSWERS_BETWEEN_DROPS);
}

/** A port that was free a moment ago (the restarted server must come back on the same one). */
function freePort(): number {
  const probe = Bun.serve({ hostname: "127.0.0.1", port: 0, fetch: () => new Response() });
  const { port } = probe;
  probe.stop(true);
  return port as number;
}

/** Starts the demo server in a child process; resolves once it listens. */
async function startDemo(env: Record<string, string>): Promise<Bun.Subprocess<"ignore", "pipe", "inherit">> {
  const proc = Bun.spawn([process.execPath, "--conditions=@typed-ws/source", "demo/server/main.ts"], {
    env: { ...process.env, ...env },
    stdin: "ignore",
    stdout: "pipe",
    stderr: "inherit",
  });
  const reader = proc.stdout.getReader();
  let seen = "";
  while (!seen.includes("listening")) {
    const { done, value } = await reader.read();
    if (done) throw new Error(`demo server exited before listening: ${seen}`);
    seen += new TextDecoder().decode(value);
  }
  reader.releaseLock();
  void proc.stdout.pipeTo(new WritableStream()); // keep draining its output
  return proc;
}

describe("retryable POST_MESSAGE", () => {
  test(`server SIGKILLed and restarted ${DROPS} times (SQLite): every request settles, each publication once`, async () => {
    const dir = mkdtempSync(join(tmpdir(), "typed-ws-retry-"));
    cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
    const port = freePort();
    const env = {
      PORT: String(port),
      DEMO_STATE_FILE: join(dir, "state.sqlite"),
      DEMO_DIST: join(dir, "no-dist"),
      DEMO_MESSAGES_PER_MINUTE: "1000000",
      DEMO_ROOM_HISTORY: "100000",
    };
    let server = await startDemo(env);
    cleanups.push(() => server.kill("SIGKILL"));
    const client = fastClient(`ws://127.0.0.1:${port}/ws`);
    const posts = poster(client);
    for (let kill = 0; kill < DROPS; kill++) {
      await posts.answers(ANSWERS_BETWEEN_DROPS);
      server.kill("SIGKILL");
      await server.exited;
      server = await startDemo(env);
    }
    await posts.answers(ANSWERS_BETWEEN_DROPS);
    const outcomes = await posts.stop();
    server.kill("SIGKILL");
    await server.exited;

    const db = new Database(env.DEMO_STATE_FILE);
    cleanups.push(() => db.close());
    const history = db
      .query<{ offset: number; frame: string }, [string]>(
        "SELECT offset, frame FROM typed_ws_publications WHERE topic = ? ORDER BY offset",
      )
      .all(ROOM);
    expectExactlyOnce(outcomes, history);
  }, 60_000);

  test(`sockets dropped ${DROPS} times (memory stores): every request settles, each publication once`, async () => {
    const router = createRouter<AppData>();
    registerRateLimit(router, { max: 1_000_000 });
    registerChat(router, undefined, { maxCount: 100_000 });
    registerPostMessage(router);
    // Each drop hits a POST_MESSAGE the server is about to run: the socket is cut abruptly, the
    // handler still publishes, and its answer is lost with the socket: only the retry can learn it.
    let cut: (() => void) | undefined;
    router.use(PostMessage, (ctx, next) => {
      if (cut !== undefined) {
        (ctx.ws as unknown as { terminate(): void }).terminate();
        cut();
        cut = undefined;
      }
      return next();
    });
    const server = serve(router, { hostname: "127.0.0.1", port: 0 });
    cleanups.push(() => server.stop(true));
    const client = fastClient(`ws://127.0.0.1:${server.port}`);
    const posts = poster(client);
    for (let drop = 0; drop < DROPS; drop++) {
      await posts.answers(ANSWERS_BETWEEN_DROPS);
      await new Promise<void>((resolve) => {
        cut = resolve;
      });
    }
    await posts.answers(ANSWERS_BETWEEN_DROPS);
    const outcomes = await posts.stop();

    const store = router.topicStore;
    const { epoch } = await store.head(ROOM);
    const history = await store.readAfter(ROOM, epoch, 0, { maxCount: 100_000, maxAgeMs: 600_000 });
    if (!Array.isArray(history)) throw new Error("history not held");
    expectExactlyOnce(outcomes, [...history]);
  }, 60_000);
});
