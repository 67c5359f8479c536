import { describe, expect, test } from "bun:test";
import { Connection } from "../connection.ts";
import { createCore } from "../core.ts";
import type { ServerSocket } from "../types.ts";
import { Dedupe, type RunningRequest } from "./dedupe.ts";
import { MemoryRequestStore } from "./memory-store.ts";

function connection(identity: string | undefined, sent: string[]) {
  const ws: ServerSocket<{ clientId: string; identity?: string }> = {
    data: identity === undefined ? { clientId: "c" } : { clientId: "c", identity },
    readyState: 1,
    send: (frame: string) => {
      sent.push(frame);
      return frame.length;
    },
    publish: () => 0,
    close: () => {},
    subscribe: () => {},
    unsubscribe: () => {},
    isSubscribed: () => false,
  };
  return new Connection(ws);
}

/** A run that stays in flight until `finish` is called. */
function pendingRun() {
  let finish = () => {};
  let started = 0;
  const run = (_request: RunningRequest) => {
    started++;
    return new Promise<void>((resolve) => {
      finish = resolve;
    });
  };
  return { run, started: () => started, finish: () => finish() };
}

describe("Dedupe: requests running under the same correlation id", () => {
  test("each identity's request is its own; a retry attaches to its own identity's run; abort and end forget only that one", async () => {
    const core = createCore<object>();
    const dedupe = new Dedupe(new MemoryRequestStore(), () => {});
    const sent: string[] = [];
    const alice = connection("alice", sent);
    const bob = connection("bob", sent);
    const anonymous = connection(undefined, sent);
    const runs = [pendingRun(), pendingRun(), pendingRun()] as const;
    const pending = [
      dedupe.admit(core, alice, "same", runs[0].run, () => {}),
      dedupe.admit(core, bob, "same", runs[1].run, () => {}),
      dedupe.admit(core, anonymous, "same", runs[2].run, () => {}),
    ];
    expect(runs.map((r) => r.started())).toEqual([1, 1, 1]);
    expect(dedupe.running).toBe(3);

    // A retry of bob's (the middle of the chain) attaches to bob's run, not to the others.
    const retry = pendingRun();
    expect(dedupe.admit(core, connection("bob", sent), "same", retry.run, () => {})).toBeUndefined();
    expect(retry.started()).toBe(0);
    expect(dedupe.running).toBe(3);

    // `$ws:abort` from the connection that asked last forgets bob's run only.
    dedupe.abort(alice, "other-id", new Error("x")); // nothing running under that id: no-op
    expect(dedupe.running).toBe(3);
    const bobRetry = connection("bob", sent);
    dedupe.admit(core, bobRetry, "same", retry.run, () => {});
    dedupe.abort(bobRetry, "same", new Error("aborted"));
    expect(dedupe.running).toBe(2);
    const fresh = pendingRun();
    const again = dedupe.admit(core, bob, "same", fresh.run, () => {});
    expect(fresh.started()).toBe(1); // bob's id is free again: runs afresh
    expect(dedupe.running).toBe(3);

    for (const r of [...runs, fresh]) r.finish();
    await Promise.all([...pending, again]);
    expect(dedupe.running).toBe(0);
    // Nothing is running any more, and nothing was answered: a new request under the id runs.
    const after = pendingRun();
    dedupe.admit(core, alice, "same", after.run, () => {});
    expect(after.started()).toBe(1);
  });
});
