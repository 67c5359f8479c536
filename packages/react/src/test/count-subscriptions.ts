import type { WsClient } from "@typed-ws/client";
import { vi } from "vitest";

/** Counts the live subscriptions made through `client[method]`, wrapping the real method. */
export function countSubscriptions(client: WsClient, method: "on" | "onState"): () => number {
  let live = 0;
  const original = client[method] as (...args: unknown[]) => () => void;
  vi.spyOn(client, method).mockImplementation(((...args: unknown[]) => {
    live++;
    const off = original(...args);
    let done = false;
    return () => {
      if (!done) live--;
      done = true;
      off();
    };
  }) as never);
  return () => live;
}
