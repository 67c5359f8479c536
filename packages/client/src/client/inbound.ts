import { ProtocolError } from "../errors.ts";
import { type Envelope, isErrorType, ProtocolType, parseFrame } from "../protocol.ts";
import type { HandlerRegistry } from "./handlers.ts";
import { type RequestManager, serverErrorFrom } from "./requests.ts";
import type { ClientErrorEvent } from "./types.ts";

/** What routing an inbound frame needs. */
export interface InboundDeps {
  readonly requests: RequestManager;
  readonly handlers: HandlerRegistry;
  /** A `__heartbeat_ack` arrived. */
  onHeartbeatAck(): void;
  reportError(event: ClientErrorEvent): void;
  reportUnhandled(envelope: Envelope): void;
}

/**
 * Routes one inbound frame, parsed once: heartbeat acks to the heartbeat, progress and terminal
 * replies to their pending request, everything else to the handlers. Never throws: bad frames,
 * invalid messages and unclaimed server errors go to `reportError`, the rest to `reportUnhandled`.
 */
export function routeFrame(data: unknown, deps: InboundDeps): void {
  const parsed = parseFrame(data);
  if (!parsed.ok) {
    const error = new ProtocolError(
      "INVALID_MESSAGE_FORMAT",
      `Invalid frame (${parsed.problem}): ${parsed.message}`,
      data,
    );
    deps.reportError({ kind: "invalid-frame", error });
    return;
  }
  const { envelope } = parsed;
  if (envelope.type === ProtocolType.heartbeatAck) deps.onHeartbeatAck();
  else if (deps.requests.handle(envelope) || deps.handlers.dispatch(envelope, deps.reportError)) return;
  else if (isErrorType(envelope.type)) deps.reportError({ kind: "server-error", error: serverErrorFrom(envelope) });
  else deps.reportUnhandled(envelope);
}
