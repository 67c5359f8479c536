/**
 * Who is in which room, for the live user counts. In memory for one server; in Redis when
 * several servers share it (`REDIS_URL`): a sorted set per room whose members are
 * `<clientId> <username>` and whose scores are expiry times in ms. Each server refreshes the
 * scores of its own connections every `heartbeatMs`; a crashed server's connections stop being
 * refreshed and are swept (with a `USER_LEFT` each) once their score passes, by whichever server
 * sweeps first (`ZREM` tells exactly one of them it removed the member).
 */
import type { RedisClient } from "bun";

/** A member that left or expired: who, and how many are left in the room. */
export interface Departure {
  readonly roomId: string;
  readonly username: string;
  readonly userCount: number;
}

/** Presence of connections in rooms. */
export interface Presence {
  /** Adds a connection to a room; resolves with the room's count. */
  join(roomId: string, clientId: string, username: string): Promise<number>;
  /** Removes a connection from a room; resolves with the room's count, or undefined when it was not in it. */
  leave(roomId: string, clientId: string): Promise<number | undefined>;
  /** Rooms a connection of this server is in. */
  roomsOf(clientId: string): string[];
  /** Stops timers. */
  close(): void;
}

/** One server's presence in memory (the default without Redis). */
export class MemoryPresence implements Presence {
  readonly #rooms = new Map<string, Map<string, string>>();

  async join(roomId: string, clientId: string, username: string): Promise<number> {
    let users = this.#rooms.get(roomId);
    if (users === undefined) {
      users = new Map();
      this.#rooms.set(roomId, users);
    }
    users.set(clientId, username);
    return users.size;
  }

  async leave(roomId: string, clientId: string): Promise<number | undefined> {
    const users = this.#rooms.get(roomId);
    if (users === undefined || !users.delete(clientId)) return undefined;
    if (users.size === 0) this.#rooms.delete(roomId);
    return users.size;
  }

  roomsOf(clientId: string): string[] {
    return [...this.#rooms].filter(([, users]) => users.has(clientId)).map(([roomId]) => roomId);
  }

  close(): void {}
}

/** Options of {@link RedisPresence}. */
export interface RedisPresenceOptions {
  /** Key prefix. @default "typed-ws-demo:presence:" */
  prefix?: string;
  /** How often this server refreshes its members and sweeps expired ones, ms. @default 5000 */
  heartbeatMs?: number;
  /** How long a member lives without a refresh, ms. @default 3 × heartbeatMs */
  ttlMs?: number;
  /** Called for each expired member this server swept (to publish `USER_LEFT`). */
  onExpired?: (departure: Departure) => void;
}

/** Presence shared by every server on one Redis; see the module comment. */
export class RedisPresence implements Presence {
  readonly #redis: RedisClient;
  readonly #prefix: string;
  readonly #ttlMs: number;
  readonly #onExpired: (departure: Departure) => void;
  /** This server's members: room → clientId → member string. */
  readonly #local = new Map<string, Map<string, string>>();
  readonly #timer: ReturnType<typeof setInterval>;

  constructor(redis: RedisClient, options: RedisPresenceOptions = {}) {
    this.#redis = redis;
    this.#prefix = options.prefix ?? "typed-ws-demo:presence:";
    const heartbeatMs = options.heartbeatMs ?? 5000;
    this.#ttlMs = options.ttlMs ?? 3 * heartbeatMs;
    this.#onExpired = options.onExpired ?? (() => {});
    this.#timer = setInterval(() => {
      this.heartbeat().catch((error: unknown) => console.error("demo presence: heartbeat failed:", error));
    }, heartbeatMs);
    this.#timer.unref?.();
  }

  #key(roomId: string): string {
    return `${this.#prefix}${roomId}`;
  }

  async join(roomId: string, clientId: string, username: string): Promise<number> {
    const member = `${clientId} ${username}`;
    let users = this.#local.get(roomId);
    if (users === undefined) {
      users = new Map();
      this.#local.set(roomId, users);
    }
    users.set(clientId, member);
    const now = Date.now();
    await this.#redis.send("ZADD", [this.#key(roomId), String(now + this.#ttlMs), member]);
    return this.#count(roomId, now);
  }

  async leave(roomId: string, clientId: string): Promise<number | undefined> {
    const users = this.#local.get(roomId);
    const member = users?.get(clientId);
    if (users === undefined || member === undefined) return undefined;
    users.delete(clientId);
    if (users.size === 0) this.#local.delete(roomId);
    await this.#redis.send("ZREM", [this.#key(roomId), member]);
    return this.#count(roomId, Date.now());
  }

  roomsOf(clientId: string): string[] {
    return [...this.#local].filter(([, users]) => users.has(clientId)).map(([roomId]) => roomId);
  }

  /** Members still alive in a room (expired ones are not counted, even before a sweep). */
  async #count(roomId: string, now: number): Promise<number> {
    return Number(await this.#redis.send("ZCOUNT", [this.#key(roomId), String(now), "+inf"]));
  }

  /**
   * Refreshes this server's members (they live another `ttlMs`), then sweeps expired members of
   * every room it has members in and reports each one it removed. Runs every `heartbeatMs`.
   */
  async heartbeat(): Promise<void> {
    const now = Date.now();
    for (const [roomId, users] of this.#local) {
      const args = [this.#key(roomId)];
      for (const member of users.values()) args.push(String(now + this.#ttlMs), member);
      await this.#redis.send("ZADD", args);
    }
    for (const roomId of this.#local.keys()) await this.sweep(roomId, now);
  }

  /** Removes the room's expired members; reports each one this server removed. */
  async sweep(roomId: string, now = Date.now()): Promise<void> {
    const key = this.#key(roomId);
    const expired = (await this.#redis.send("ZRANGEBYSCORE", [key, "-inf", `(${now}`])) as string[];
    for (const member of expired) {
      if ((await this.#redis.send("ZREM", [key, member])) !== 1) continue; // another server got it
      const space = member.indexOf(" ");
      const username = space < 0 ? "" : member.slice(space + 1);
      this.#onExpired({ roomId, username, userCount: await this.#count(roomId, now) });
    }
  }

  close(): void {
    clearInterval(this.#timer);
  }
}
