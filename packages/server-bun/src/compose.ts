/** Koa-style middleware composition. */
import type { Middleware } from "./types.ts";

/**
 * Runs `middleware` in order, then `handler`, each reached only when the previous one calls
 * `next()`. Resolves when the chain has finished; rejects with the first error thrown.
 * @throws Error (rejection) when a middleware calls `next()` twice.
 */
export function runChain<C>(
  // biome-ignore lint/suspicious/noExplicitAny: the chain is generic over the context only
  middleware: ReadonlyArray<Middleware<any, C>>,
  ctx: C,
  handler: (ctx: C) => unknown,
): Promise<void> {
  let last = -1;
  const step = async (index: number): Promise<void> => {
    if (index <= last) throw new Error("typed-ws: next() called more than once in one middleware");
    last = index;
    const current = middleware[index];
    if (current === undefined) {
      await handler(ctx);
      return;
    }
    await current(ctx, () => step(index + 1));
  };
  return step(0);
}
