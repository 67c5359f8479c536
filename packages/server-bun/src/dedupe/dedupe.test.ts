import { describe, expect, test } from "bun:test";
import { Connection } from "../connection.ts";
import { createCore } from "../core.ts";
import { RequestScope } from "../request-scope.ts";
import type { ServerSocket } from "../types.ts";
import { Dedupe, type RunningRequest } from "./dedupe.ts";
import { MemoryRequestStore } from "./memory-store.ts";
import type { RequestStore } from "./store.ts";

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

describe("Dedupe: a request answered synchronously", () => {
  const core = createCore<object>();

  /** A run that answers at once with `frame` (as a synchronous handler's `ctx.reply` does). */
  const answering =
    (dedupe: Dedupe, frame: string, during?: (request: RunningRequest) => void) => (request: RunningRequest) => {
      const scope = new RequestScope("ECHO", request.correlationId, request.target);
      dedupe.track(core, request, scope);
      during?.(request);
      scope.deliver?.(frame);
      return undefined;
    };

  test("counts as running while it runs, leaves nothing running after, and its answer is remembered", () => {
    const store = new MemoryRequestStore();
    const dedupe = new Dedupe(store, () => {});
    const sent: string[] = [];
    const conn = connection(undefined, sent);
    let runningDuring = -1;
    dedupe.admit(
      core,
      conn,
      "id-1",
      answering(dedupe, "answer", () => {
        runningDuring = dedupe.running;
      }),
      () => {},
    );
    expect(runningDuring).toBe(1);
    expect(dedupe.running).toBe(0);
    expect(sent).toEqual(["answer"]);
    expect(store.get("anonymous", "id-1")).toBe("answer");
    // A retry is answered from the store without running.
    let ranAgain = false;
    dedupe.admit(
      core,
      conn,
      "id-1",
      () => {
        ranAgain = true;
        return undefined;
      },
      () => {},
    );
    expect(ranAgain).toBe(false);
    expect(sent).toEqual(["answer", "answer"]);
  });

  test("a retry admitted while it runs attaches to it (runs once; the answer goes to the connection that asked last)", () => {
    const dedupe = new Dedupe(new MemoryRequestStore(), () => {});
    const first: string[] = [];
    const second: string[] = [];
    const retryConn = connection(undefined, second);
    let runs = 0;
    const run = answering(dedupe, "answer", () => {
      runs++;
      dedupe.admit(core, retryConn, "id-1", run, () => {}); // e.g. a nested dispatch of the same request
    });
    dedupe.admit(core, connection(undefined, first), "id-1", run, () => {});
    expect(runs).toBe(1);
    expect(first).toEqual([]);
    expect(second).toEqual(["answer"]);
    expect(dedupe.running).toBe(0);
  });

  test("with a store whose set is asynchronous it stays running until stored: a retry meanwhile attaches", async () => {
    const memory = new MemoryRequestStore();
    let stored = () => {};
    const store: RequestStore = {
      get: (identity, id) => memory.get(identity, id),
      set: (identity, id, frame) =>
        new Promise<void>((resolve) => {
          stored = () => {
            memory.set(identity, id, frame);
            resolve();
          };
        }),
    };
    const dedupe = new Dedupe(store, () => {});
    const first: string[] = [];
    const second: string[] = [];
    let runs = 0;
    const run = answering(dedupe, "answer", () => {
      runs++;
    });
    dedupe.admit(core, connection(undefined, first), "id-1", run, () => {});
    expect(dedupe.running).toBe(1);
    dedupe.admit(core, connection(undefined, second), "id-1", run, () => {});
    expect(runs).toBe(1);
    stored();
    await Promise.resolve();
    await Promise.resolve();
    expect(first).toEqual([]);
    expect(second).toEqual(["answer"]);
    expect(dedupe.running).toBe(0);
  });
});
