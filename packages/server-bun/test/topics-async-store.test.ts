/**
 * Topics over an asynchronous store (the shape a Redis store has: numbering is atomic when the
 * call is made, answers come back later, possibly out of order). Subscribes race publishes; every
 * subscriber must still get each offset once, in order, with no gap between history and live.
 */
import { afterEach, describe, expect, test } from "bun:test";
import { fuzzSeed, Rng } from "../../../test/helpers/prng.ts";
import {
  createRouter,
  type HistoryLimits,
  MemoryTopicStore,
  type StoredPublication,
  type TopicPosition,
  type TopicStore,
} from "../src/index.ts";
import type { RawClient } from "./raw-client.ts";
import { rawClient, start, stopAll } from "./setup.ts";
import { expectNothingElse, NewMessage, nextFrames, offsetsOf, Room, subscribe } from "./topics-helpers.ts";

afterEach(stopAll);

/** Answers from a memory store, each after the gate opens and `hops()` more microtask turns. */
class DelayedStore implements TopicStore {
  readonly inner = new MemoryTopicStore();
  #gate: Promise<void> = Promise.resolve();
  #open: () => void = () => {};
  #headCalls: (() => void)[] = [];
  readonly hops: () => number;

  constructor(hops: () => number = () => 0) {
    this.hops = hops;
  }

  /** Holds every answer until {@link openGate}. */
  closeGate(): void {
    this.#gate = new Promise((resolve) => (this.#open = resolve));
  }

  openGate(): void {
    this.#open();
  }

  /** Resolves at the next `head` call. */
  nextHead(): Promise<void> {
    return new Promise((resolve) => this.#headCalls.push(resolve));
  }

  async #later<T>(value: T): Promise<T> {
    await this.#gate;
    for (let i = this.hops(); i > 0; i--) await Promise.resolve();
    return value;
  }

  append(topic: string, frame: string, limits: HistoryLimits): Promise<TopicPosition> {
    return this.#later(this.inner.append(topic, frame, limits));
  }

  head(topic: string): Promise<TopicPosition> {
    for (const called of this.#headCalls.splice(0)) called();
    return this.#later(this.inner.head(topic));
  }

  readAfter(
    topic: string,
    epoch: string,
    offset: number,
    limits: HistoryLimits,
  ): Promise<readonly StoredPublication[] | "not-held"> {
    return this.#gate.then(() => this.#later(this.inner.readAfter(topic, epoch, offset, limits)));
  }
}

function setup(store: DelayedStore) {
  const router = createRouter({ topicStore: store });
  router.topic(Room, { history: { maxCount: 10_000 } });
  const { url } = start(router);
  return { router, url };
}

describe("an asynchronous store", () => {
  test("publications made while a subscribe reads history reach it once, in order, after the replay", async () => {
    const store = new DelayedStore();
    const { router, url } = setup(store);
    const room = Room({ roomId: "r" });
    const [early, late] = await Promise.all([rawClient(url), rawClient(url)]);
    const first = await subscribe(early, room.name);
    const { epoch } = first.payload;
    await router.publish(room, NewMessage, { text: "1" });
    await router.publish(room, NewMessage, { text: "2" });
    expect(offsetsOf(await nextFrames(early, 2), room.name)).toEqual([1, 2]);

    store.closeGate();
    const headCalled = store.nextHead();
    const answer = subscribe(late, room.name, { epoch, offset: 1 });
    await headCalled;
    const published = [3, 4, 5].map((n) => router.publish(room, NewMessage, { text: String(n) }));
    store.openGate();
    expect((await Promise.all(published)).map((p) => p.offset)).toEqual([3, 4, 5]);

    expect((await answer).payload).toMatchObject({ epoch, recovered: true });
    expect(offsetsOf(await nextFrames(late, 4), room.name)).toEqual([2, 3, 4, 5]);
    expect(offsetsOf(await nextFrames(early, 3), room.name)).toEqual([3, 4, 5]);
    await router.publish(room, NewMessage, { text: "6" });
    expect(offsetsOf(await nextFrames(late, 1), room.name)).toEqual([6]);
    expect(offsetsOf(await nextFrames(early, 1), room.name)).toEqual([6]);
    await expectNothingElse(late);
    await expectNothingElse(early);
  });

  test("seeded stress: subscribes and re-subscribes racing 300 publications, answers out of order", async () => {
    const rng = new Rng(fuzzSeed("topics async store"));
    const store = new DelayedStore(() => rng.int(0, 6));
    const { router, url } = setup(store);
    const room = Room({ roomId: "stress" });
    const TOTAL = 300;
    const clients = await Promise.all(Array.from({ length: 6 }, () => rawClient(url)));
    /** Per connection, the offset the next publication must have (what a client that drops nothing expects). */
    const expected = new Map<RawClient, number>();
    let epoch = "";
    const readPublication = (client: RawClient, offset: number) => {
      expect(offset).toBe(expected.get(client) as number);
      expected.set(client, offset + 1);
    };
    /** Re-subscribes like a client: with `since` = the last offset seen (or without since), reading up to the answer. */
    const subscribeClient = async (client: RawClient) => {
      const next = expected.get(client);
      const since = next !== undefined && rng.chance(0.7) ? { epoch, offset: next - 1 } : undefined;
      const correlationId = `c${rng.int(0, 1e9)}`;
      client.send({
        type: "$ws:subscribe",
        meta: { correlationId },
        payload: { topic: room.name, ...(since && { since }) },
      });
      for (;;) {
        const frame = await client.next();
        if (frame.type !== "$ws:subscribed") {
          readPublication(client, frame.meta.offset as number);
          continue;
        }
        expect(frame.meta.correlationId).toBe(correlationId);
        const payload = frame.payload as { epoch: string; offset: number; recovered?: boolean };
        epoch = payload.epoch;
        if (since !== undefined) expect(payload.recovered).toBe(true);
        else expected.set(client, payload.offset + 1);
        return;
      }
    };
    for (const client of clients.slice(0, 3)) await subscribeClient(client);
    const published: Promise<unknown>[] = [];
    for (let n = 1; n <= TOTAL; n++) {
      published.push(router.publish(room, NewMessage, { text: String(n) }));
      if (rng.chance(0.04)) await subscribeClient(rng.pick(clients));
      if (rng.chance(0.3)) await Promise.resolve();
    }
    await Promise.all(published);
    let subscribed = 0;
    for (const client of clients) {
      if (!expected.has(client)) continue;
      subscribed++;
      while ((expected.get(client) as number) <= TOTAL)
        readPublication(client, (await client.next()).meta.offset as number);
      await expectNothingElse(client);
    }
    expect(subscribed).toBeGreaterThanOrEqual(3);
  });
});
