/**
 * {@link RedisTopicStore}: topic history, offsets and live fan-out in Redis, so several server
 * processes behave as one. Bun's built-in client (`RedisClient` from "bun"): two connections per
 * store, one for commands and one subscribed to the announcement channel.
 */

import { type SharedTopicListener, type SharedTopicStore, TopicStoreUnavailableError } from "../topics/shared-store.ts";
import {
  type HistoryLimits,
  NOT_HELD,
  randomEpoch,
  type StoredPublication,
  type TopicPosition,
} from "../topics/store.ts";
import { numberedHead, parseAnnouncement, relayedAnnouncement } from "./announcement.ts";
import { RedisChannel } from "./channel.ts";
import { RedisLink } from "./link.ts";
import { LuaScript } from "./lua-script.ts";
import { APPEND_SCRIPT, HEAD_SCRIPT, READ_SCRIPT } from "./scripts.ts";
import { AnnouncementSequencer } from "./sequencer.ts";

/** Options of {@link RedisTopicStore}. */
export interface RedisTopicStoreOptions {
  /** Where Redis is. @default process.env.REDIS_URL, else "redis://127.0.0.1:6379" */
  url?: string;
  /** Prefix of every key and of the channel; processes of one app share it. @default "typed-ws:" */
  prefix?: string;
  /**
   * Forget a topic (its epoch, offset and history) after this long without a publication or a
   * subscribe, in ms; it then starts a new epoch (clients re-subscribing are told
   * `recovered: false`). Bounds Redis memory for apps with many short-lived topics.
   * @default undefined (topics are never forgotten: about 100 bytes each)
   */
  topicTtlMs?: number;
}

/** What READ_SCRIPT answers: epoch, latest offset, Redis time (ms), entries `[id, [f, frame, t, time, o, origin]]`. */
type ReadAnswer = [string, number, number, [string, string[]][]];

const scripts = {
  append: new LuaScript(APPEND_SCRIPT),
  head: new LuaScript(HEAD_SCRIPT),
  read: new LuaScript(READ_SCRIPT),
};

/**
 * Topic history in Redis, shared by every server process with the same `url` and `prefix`.
 *
 * - `append` is one Lua script: it numbers the publication (gap-free, one sequence across
 *   processes), stores it in a stream trimmed by count and age, and `PUBLISH`es it to the
 *   channel, so every process receives a topic's publications in offset order. One round trip.
 * - The epoch is kept in Redis beside the offset; when Redis lost them (flush, restart without
 *   persistence) the next call starts a new epoch, and clients are told `recovered: false`.
 * - Each process subscribes to the channel (again after every reconnect) and hands what it
 *   receives to its router, gap-free per topic: after a reconnect, or when an announcement skips
 *   ahead, it reads the missed publications from the history first ({@link AnnouncementSequencer}).
 * - Commands fail at once while Redis is unreachable: `append` rejects with
 *   {@link TopicStoreUnavailableError} (nothing stored, nothing sent).
 */
export class RedisTopicStore implements SharedTopicStore {
  readonly url: string;
  readonly prefix: string;
  readonly topicTtlMs: number | undefined;
  /** Resolves once both connections were up once. */
  readonly ready: Promise<void>;
  readonly #commands: RedisLink;
  readonly #subscriber: RedisChannel;
  /** Names this store instance in relayed announcements (it skips its own). */
  readonly #sender = randomEpoch();
  readonly #listeners = new Set<SharedTopicListener>();
  /** Keeps each topic's announcements gap-free and in order (reads history after a missed one). */
  readonly #sequencer = new AnnouncementSequencer(
    (topic, epoch, after) => this.#readForGap(topic, epoch, after),
    ({ topic, frame, epoch, offset, origin }) => {
      for (const listener of this.#listeners) listener.publication(topic, frame, { epoch, offset }, origin);
    },
  );

  constructor(options: RedisTopicStoreOptions = {}) {
    this.url = options.url ?? process.env.REDIS_URL ?? "redis://127.0.0.1:6379";
    this.prefix = options.prefix ?? "typed-ws:";
    this.topicTtlMs = options.topicTtlMs;
    if (this.topicTtlMs !== undefined && !(Number.isInteger(this.topicTtlMs) && this.topicTtlMs > 0)) {
      throw new RangeError("typed-ws: RedisTopicStore topicTtlMs must be an integer > 0 (ms), or left out");
    }
    this.#commands = new RedisLink(this.url);
    this.#subscriber = new RedisChannel(
      this.url,
      `${this.prefix}announce`,
      (message) => this.#receive(message),
      // A reconnect: read what each tracked topic missed while the subscription was down.
      () => this.#sequencer.resync(),
    );
    this.ready = Promise.all([this.#commands.ready, this.#subscriber.ready]).then(() => undefined);
  }

  /** Whether the command connection is up (publishes by name are refused at once while not). */
  get connected(): boolean {
    return this.#commands.connected;
  }

  /** Whether this process is receiving announcements now. */
  get listening(): boolean {
    return this.#subscriber.connected;
  }

  async append(topic: string, frame: string, limits: HistoryLimits, origin = ""): Promise<TopicPosition> {
    const args = [frame, String(limits.maxCount), String(limits.maxAgeMs), randomEpoch(), this.#subscriber.name];
    args.push(numberedHead(origin, topic), origin, String(this.topicTtlMs ?? 0));
    try {
      const [epoch, offset] = (await this.#run(scripts.append, topic, args)) as [string, number];
      return { epoch, offset };
    } catch (cause) {
      throw new TopicStoreUnavailableError(topic, cause);
    }
  }

  async head(topic: string): Promise<TopicPosition> {
    const [epoch, offset] = (await this.#run(scripts.head, topic, [randomEpoch(), String(this.topicTtlMs ?? 0)])) as [
      string,
      number,
    ];
    return { epoch, offset };
  }

  async readAfter(
    topic: string,
    epoch: string,
    offset: number,
    limits: HistoryLimits,
  ): Promise<readonly StoredPublication[] | typeof NOT_HELD> {
    const answer = (await this.#run(scripts.read, topic, [epoch, String(offset)])) as ReadAnswer;
    const [current, latest, now, entries] = answer;
    if (current !== epoch || offset > latest || offset < 0) return NOT_HELD;
    if (offset === latest) return [];
    // Every publication after `offset` must be there (trimming only ever drops the oldest), and young enough.
    if (entries.length !== latest - offset) return NOT_HELD;
    const first = entries[0];
    if (first === undefined || Number(first[1][3]) < now - limits.maxAgeMs) return NOT_HELD;
    return entries.map(([id, fields]) => ({ offset: Number.parseInt(id, 10), frame: fields[1] as string }));
  }

  async relay(topic: string, frame: string): Promise<void> {
    const client = await this.#commands.usable();
    await client.send("PUBLISH", [this.#subscriber.name, relayedAnnouncement(this.#sender, topic, frame)]);
  }

  listen(listener: SharedTopicListener): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  /** Closes both connections. */
  close(): void {
    this.#listeners.clear();
    this.#commands.close();
    this.#subscriber.close();
  }

  #receive(message: string): void {
    const announcement = parseAnnouncement(message);
    if (announcement === undefined) return;
    if (announcement.kind === "numbered") {
      this.#sequencer.push(announcement);
      return;
    }
    if (announcement.sender === this.#sender) return;
    for (const listener of this.#listeners) listener.relayed(announcement.topic, announcement.frame);
  }

  /** The sequencer's history read: everything still stored after `after` in `epoch`. */
  async #readForGap(topic: string, epoch: string, after: number) {
    const [current, , , entries] = (await this.#run(scripts.read, topic, [epoch, String(after)])) as ReadAnswer;
    if (current !== epoch) return undefined;
    return entries.map(([id, fields]) => ({
      offset: Number.parseInt(id, 10),
      frame: fields[1] as string,
      origin: fields[5] ?? "",
    }));
  }

  async #run(script: LuaScript, topic: string, args: string[]): Promise<unknown> {
    const client = await this.#commands.usable();
    return script.run(client, [`${this.prefix}{${topic}}:m`, `${this.prefix}{${topic}}:s`], args);
  }
}
