import { ProtocolError } from "../errors.ts";
import { type Envelope, ProtocolType, parseFrame } from "../protocol.ts";
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
  switch (envelope.type) {
    case ProtocolType.heartbeatAck:
      deps.onHeartbeatAck();
      return;
    case ProtocolType.progress:
      if (!deps.requests.handleProgress(envelope)) deps.reportUnhandled(envelope);
      return;
  }
  if (deps.requests.handleReply(envelope)) return;
  const result = deps.handlers.dispatch(envelope, {
    invalid: (error, env) => deps.reportError({ kind: "invalid-message", error, envelope: env }),
    handlerError: (error, messageType) => deps.reportError({ kind: "handler-error", error, messageType }),
  });
  if (result !== "unhandled") return;
  if (envelope.type === ProtocolType.error || envelope.type === ProtocolType.rpcError) {
    deps.reportError({ kind: "server-error", error: serverErrorFrom(envelope) });
    return;
  }
  deps.reportUnhandled(envelope);
}
