import { stripUndefined } from "./backoff.ts";
import type { Clock, HeartbeatOptions } from "./types.ts";

/** Heartbeat settings with every default filled in. */
export type ResolvedHeartbeat = Required<HeartbeatOptions>;

/** The heartbeat defaults: a ping every 25 s, dead after 10 s without an ack. */
export const DEFAULT_HEARTBEAT: ResolvedHeartbeat = { intervalMs: 25_000, timeoutMs: 10_000 };

/** Fills in the heartbeat defaults. */
export function resolveHeartbeat(options: HeartbeatOptions = {}): ResolvedHeartbeat {
  return { ...DEFAULT_HEARTBEAT, ...stripUndefined(options) };
}

/**
 * The liveness check of one open connection (PROTOCOL.md, "Heartbeat"): sends `__heartbeat`
 * every `intervalMs`; when no `__heartbeat_ack` arrives within `timeoutMs` of a ping it calls
 * `onDead`. Uses only the injected clock, so fake timers drive it.
 */
export class Heartbeat {
  private intervalTimer: unknown;
  private deadTimer: unknown;
  private running = false;

  constructor(
    private readonly options: ResolvedHeartbeat,
    private readonly clock: Clock,
    private readonly ping: () => void,
    private readonly onDead: () => void,
  ) {}

  /** Starts pinging (after a connection opens). */
  start(): void {
    this.stop();
    this.running = true;
    this.scheduleNext();
  }

  /** Stops pinging and forgets an unanswered ping. */
  stop(): void {
    this.running = false;
    this.clearTimers();
  }

  /** Pings now (the page became visible, the network came back) and restarts the interval. */
  check(): void {
    if (!this.running) return;
    this.beat();
  }

  /** An ack arrived: the connection is alive. */
  ack(): void {
    if (this.deadTimer !== undefined) this.clock.clearTimeout(this.deadTimer);
    this.deadTimer = undefined;
  }

  private beat(): void {
    if (this.deadTimer === undefined) {
      this.deadTimer = this.clock.setTimeout(() => {
        this.deadTimer = undefined;
        this.stop();
        this.onDead();
      }, this.options.timeoutMs);
    }
    this.scheduleNext();
    this.ping();
  }

  private scheduleNext(): void {
    if (this.intervalTimer !== undefined) this.clock.clearTimeout(this.intervalTimer);
    this.intervalTimer = this.clock.setTimeout(() => {
      this.intervalTimer = undefined;
      this.beat();
    }, this.options.intervalMs);
  }

  private clearTimers(): void {
    if (this.intervalTimer !== undefined) this.clock.clearTimeout(this.intervalTimer);
    if (this.deadTimer !== undefined) this.clock.clearTimeout(this.deadTimer);
    this.intervalTimer = undefined;
    this.deadTimer = undefined;
  }
}
