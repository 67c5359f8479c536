import { describe, expect, it } from "vitest";
import { createDeadlineTimer } from "./deadlines.ts";
import type { Clock } from "./types.ts";

/** A manual clock: `advance` runs due timers in time order. */
function manualClock() {
  let now = 0;
  let nextId = 0;
  const timers = new Map<number, { at: number; callback: () => void }>();
  const clock: Clock = {
    now: () => now,
    setTimeout: (callback, ms) => {
      timers.set(++nextId, { at: now + ms, callback });
      return nextId;
    },
    clearTimeout: (handle) => void timers.delete(handle as number),
  };
  const advance = (ms: number) => {
    const end = now + ms;
    for (;;) {
      const due = [...timers].filter(([, t]) => t.at <= end).sort((x, y) => x[1].at - y[1].at)[0];
      if (due === undefined) break;
      timers.delete(due[0]);
      now = due[1].at;
      due[1].callback();
    }
    now = end;
  };
  return { clock, advance, timers, setNow: (value: number) => (now = value) };
}

describe("createDeadlineTimer", () => {
  it("keeps one timer, fires for each deadline in order, and re-arms for the next", () => {
    const { clock, advance, timers } = manualClock();
    const deadlines = new Set([300, 100, 200]);
    const fired: number[] = [];
    const timer = createDeadlineTimer(clock, (now) => {
      for (const d of deadlines) {
        if (d > now) continue;
        deadlines.delete(d);
        fired.push(now);
      }
      return Math.min(...deadlines);
    });
    for (const d of deadlines) timer.schedule(d);
    expect(timers.size).toBe(1);
    advance(99);
    expect(fired).toEqual([]);
    advance(1);
    expect(fired).toEqual([100]);
    advance(200);
    expect(fired).toEqual([100, 200, 300]);
    expect(timers.size).toBe(0);
  });

  it("a later deadline does not re-arm; an earlier one does; cancel clears", () => {
    const { clock, timers } = manualClock();
    const timer = createDeadlineTimer(clock, () => Number.POSITIVE_INFINITY);
    timer.schedule(500);
    const first = [...timers.keys()];
    timer.schedule(900);
    expect([...timers.keys()]).toEqual(first);
    timer.schedule(100);
    expect(timers.size).toBe(1);
    expect([...timers.values()][0]?.at).toBe(100);
    timer.cancel();
    expect(timers.size).toBe(0);
  });

  it("a timer that fires early re-arms for what is not due yet", () => {
    const { clock, timers, setNow } = manualClock();
    let expired = false;
    const timer = createDeadlineTimer(clock, (now) => {
      if (now >= 100) expired = true;
      return expired ? Number.POSITIVE_INFINITY : 100;
    });
    timer.schedule(100);
    setNow(99); // the runtime fires 1 ms early
    const [id, early] = [...timers][0]!;
    timers.delete(id);
    early.callback();
    expect(expired).toBe(false);
    expect([...timers.values()].map((t) => t.at)).toEqual([100]);
  });

  it("never spins: a clock whose timers fire before now() reaches the deadline re-arms at most once per ms", () => {
    // A runtime whose timers fire at once while its clock stands still: the worst case.
    let now = 0;
    const delays: number[] = [];
    const due: Array<() => void> = [];
    const clock: Clock = {
      now: () => now,
      setTimeout: (callback, ms) => {
        delays.push(ms);
        due.push(callback);
        return delays.length;
      },
      clearTimeout: () => {},
    };
    let fired = 0;
    const timer = createDeadlineTimer(clock, (at) => {
      fired++;
      return at >= 100 ? Number.POSITIVE_INFINITY : 100;
    });
    timer.schedule(100);
    for (let i = 0; i < 10 && due.length > 0; i++) due.shift()?.(); // fires early ten times, no time passing
    expect(delays.every((ms) => ms >= 1)).toBe(true);
    now = 100;
    due.shift()?.();
    expect(due).toHaveLength(0);
    expect(fired).toBe(11);
  });
});
