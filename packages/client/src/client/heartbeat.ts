import { createTimer } from "./timer.ts";
import type { Clock, HeartbeatOptions } from "./types.ts";

/** Heartbeat settings with every default filled in. */
export type ResolvedHeartbeat = Required<HeartbeatOptions>;

/** The heartbeat defaults: a ping every 25 s, dead after 10 s without an ack. */
export const DEFAULT_HEARTBEAT: ResolvedHeartbeat = { intervalMs: 25_000, timeoutMs: 10_000 };

/** The liveness check of one open connection (see {@link createHeartbeat}). */
export interface Heartbeat {
  /** Starts pinging (after a connection opens). */
  start(): void;
  /** Stops pinging and forgets an unanswered ping. */
  stop(): void;
  /** Pings now (the page became visible, the network came back) and restarts the interval. */
  check(): void;
  /** An ack arrived: the connection is alive. */
  ack(): void;
}

/** What {@link createHeartbeat} needs. */
export interface HeartbeatDeps {
  readonly options: ResolvedHeartbeat;
  readonly clock: Clock;
  /** Sends a `__heartbeat` frame. */
  readonly ping: () => void;
  /** No ack came in time: the connection is dead. */
  readonly onDead: () => void;
}

/**
 * The liveness check of one open connection (PROTOCOL.md, "Heartbeat"): sends `__heartbeat`
 * every `intervalMs`; when no `__heartbeat_ack` arrives within `timeoutMs` of a ping it calls
 * `onDead`. Uses only the injected clock, so fake timers drive it.
 */
export function createHeartbeat({ options, clock, ping, onDead }: HeartbeatDeps): Heartbeat {
  const interval = createTimer(clock);
  const deadline = createTimer(clock);
  let running = false;
  const stop = () => {
    running = false;
    interval.stop();
    deadline.stop();
  };
  const beat = () => {
    if (!deadline.pending) {
      deadline.start(() => {
        stop();
        onDead();
      }, options.timeoutMs);
    }
    interval.start(beat, options.intervalMs);
    ping();
  };
  return {
    start() {
      stop();
      running = true;
      interval.start(beat, options.intervalMs);
    },
    stop,
    check() {
      if (running) beat();
    },
    ack: deadline.stop,
  };
}
