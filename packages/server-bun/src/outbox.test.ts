import { describe, expect, test } from "bun:test";
import { type FrameKind, Outbox } from "./outbox.ts";
import type { ServerSocket } from "./types.ts";

/** A socket that accepts `room` frames, then drops (returns 0), and counts corked batches. */
function socket(room: number) {
  const sent: string[] = [];
  let corks = 0;
  const ws = {
    data: {},
    readyState: 1,
    send(frame: string) {
      if (sent.length >= room) return 0;
      sent.push(frame);
      return frame.length;
    },
    cork(callback: () => void) {
      corks++;
      callback();
    },
  } as unknown as ServerSocket;
  return { ws, sent, corks: () => corks };
}

describe("Outbox", () => {
  test("sends each socket's frames at the end of the task, in order, in one corked batch", async () => {
    const missed: FrameKind[] = [];
    const outbox = new Outbox((_ws, kind) => missed.push(kind));
    const a = socket(100);
    outbox.enqueue(a.ws, "p1", "publish");
    outbox.enqueue(a.ws, "s1", "send");
    outbox.enqueue(a.ws, "p2", "publish");
    expect(outbox.has(a.ws)).toBe(true);
    expect(a.sent).toEqual([]); // nothing before the task ends
    await Promise.resolve();
    expect(a.sent).toEqual(["p1", "s1", "p2"]);
    expect(a.corks()).toBe(1);
    expect(outbox.has(a.ws)).toBe(false);
    expect(missed).toEqual([]);
  });

  test("reports every frame the runtime dropped, with its kind, and every frame for a closed socket", async () => {
    const missed: [ServerSocket, FrameKind][] = [];
    const outbox = new Outbox((ws, kind) => missed.push([ws, kind]));
    const full = socket(1);
    const closed = socket(100);
    (closed.ws as { readyState: number }).readyState = 3;
    for (const frame of ["a", "b", "c"]) outbox.enqueue(full.ws, frame, frame === "c" ? "send" : "publish");
    outbox.enqueue(closed.ws, "x", "publish");
    outbox.flush();
    expect(full.sent).toEqual(["a"]);
    expect(missed).toEqual([
      [full.ws, "publish"],
      [full.ws, "send"],
      [closed.ws, "publish"],
    ]);
  });
});
