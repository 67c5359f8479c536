import type { Clock } from "./types.ts";

/**
 * One timer for many deadlines: armed for the earliest one only. When it fires, `expire(now)`
 * settles whatever is due and returns the next earliest deadline (or `Infinity`), and the timer
 * re-arms for it. Replaces a `setTimeout` + `clearTimeout` per request.
 */
export class DeadlineTimer {
  private handle: unknown;
  private armedFor = Number.POSITIVE_INFINITY;

  constructor(
    private readonly clock: Clock,
    private readonly expire: (now: number) => number,
  ) {}

  /** Makes sure the timer fires no later than `deadline` (ms since epoch, on the clock). */
  schedule(deadline: number): void {
    if (deadline < this.armedFor) this.arm(deadline);
  }

  /** Stops the timer (nothing left to time). */
  cancel(): void {
    if (this.handle !== undefined) this.clock.clearTimeout(this.handle);
    this.handle = undefined;
    this.armedFor = Number.POSITIVE_INFINITY;
  }

  private arm(deadline: number): void {
    this.cancel();
    this.armedFor = deadline;
    this.handle = this.clock.setTimeout(() => this.fire(), Math.max(0, deadline - this.clock.now()));
  }

  private fire(): void {
    this.handle = undefined;
    this.armedFor = Number.POSITIVE_INFINITY;
    // A timer may fire a little early by the clock: whatever is not due yet is simply re-armed.
    const next = this.expire(this.clock.now());
    if (next !== Number.POSITIVE_INFINITY) this.arm(next);
  }
}
