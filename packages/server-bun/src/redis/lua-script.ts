/** A Lua script run by `EVALSHA` (one round trip, the source sent once), re-sent by `EVAL` after Redis forgot it. */
import type { RedisClient } from "bun";

/** A Lua script; see the module comment. */
export class LuaScript {
  readonly source: string;
  readonly sha: string;

  constructor(source: string) {
    this.source = source;
    this.sha = new Bun.CryptoHasher("sha1").update(source).digest("hex");
  }

  /**
   * Runs the script. `EVALSHA` first; on `NOSCRIPT` (a restarted or flushed script cache) `EVAL`,
   * which also loads it again. Rejects like the client (connection closed, Redis error).
   */
  async run(client: RedisClient, keys: readonly string[], args: readonly string[]): Promise<unknown> {
    const rest = [String(keys.length), ...keys, ...args];
    try {
      return await client.send("EVALSHA", [this.sha, ...rest]);
    } catch (error) {
      if (!String((error as Error | undefined)?.message).includes("NOSCRIPT")) throw error;
      return client.send("EVAL", [this.source, ...rest]);
    }
  }
}
