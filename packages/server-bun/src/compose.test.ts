import { describe, expect, test } from "bun:test";
import { runChain } from "./compose.ts";
import type { Middleware } from "./types.ts";

type Ctx = { log: string[] };

describe("runChain", () => {
  test("runs middleware in order around the handler", async () => {
    const mw =
      (name: string): Middleware<unknown, Ctx> =>
      async (ctx, next) => {
        ctx.log.push(`${name}>`);
        await next();
        ctx.log.push(`<${name}`);
      };
    const ctx: Ctx = { log: [] };
    await runChain([mw("a"), mw("b")], ctx, (c) => c.log.push("handler"));
    expect(ctx.log).toEqual(["a>", "b>", "handler", "<b", "<a"]);
  });

  test("stops when a middleware does not call next", async () => {
    const ctx: Ctx = { log: [] };
    await runChain([() => {}], ctx, (c) => c.log.push("handler"));
    expect(ctx.log).toEqual([]);
  });

  test("rejects with a handler's error, and when next is called twice", async () => {
    await expect(runChain([], { log: [] }, () => Promise.reject(new Error("boom")))).rejects.toThrow("boom");
    const twice: Middleware<unknown, Ctx> = async (_ctx, next) => {
      await next();
      await next();
    };
    await expect(runChain([twice], { log: [] }, () => {})).rejects.toThrow(/more than once/);
  });
});
