import { createTimer } from "./timer.ts";
import type { Clock } from "./types.ts";

/** One timer for many deadlines (see {@link createDeadlineTimer}). */
export interface DeadlineTimer {
  /** Makes sure the timer fires no later than `deadline` (ms since epoch, on the clock). */
  schedule(deadline: number): void;
  /** Stops the timer (nothing left to time). */
  cancel(): void;
}

/**
 * One timer for many deadlines: armed for the earliest one only. When it fires, `expire(now)`
 * settles whatever is due and returns the next earliest deadline (or `Infinity`), and the timer
 * re-arms for it. Replaces a `setTimeout` + `clearTimeout` per request.
 */
export function createDeadlineTimer(clock: Clock, expire: (now: number) => number): DeadlineTimer {
  const timer = createTimer(clock);
  let armedFor = Infinity;
  const arm = (deadline: number) => {
    armedFor = deadline;
    // At least 1 ms: a clock whose timers fire before `now()` reaches the deadline re-arms at a
    // bounded rate instead of spinning on 0 ms timers.
    timer.start(fire, Math.max(1, deadline - clock.now()));
  };
  const fire = () => {
    armedFor = Infinity;
    // A timer may fire a little early by the clock: whatever is not due yet is simply re-armed.
    const next = expire(clock.now());
    if (next !== Infinity) arm(next);
  };
  return {
    schedule(deadline) {
      if (deadline < armedFor) arm(deadline);
    },
    cancel() {
      timer.stop();
      armedFor = Infinity;
    },
  };
}
