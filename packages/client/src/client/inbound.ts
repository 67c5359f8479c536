import { ProtocolError } from "../errors.ts";
import { type Envelope, isErrorType, ProtocolType, parseFrame } from "../protocol.ts";
import type { HandlerRegistry } from "./handlers.ts";
import { type RequestManager, serverErrorFrom } from "./requests.ts";
import type { ClientErrorEvent } from "./types.ts";

/** What {@link createRouter} needs. */
export interface RouterDeps {
  readonly requests: Pick<RequestManager, "handle">;
  readonly handlers: HandlerRegistry;
  readonly onHeartbeatAck: () => void;
  readonly reportError: (event: ClientErrorEvent) => void;
  readonly reportUnhandled: (envelope: Envelope) => void;
}

/**
 * Makes the router of inbound frames. Each frame is parsed once and goes to the first taker:
 * heartbeat acks to `onHeartbeatAck`, progress and terminal replies to their pending request,
 * everything else to the handlers. Never throws: bad frames, invalid messages and unclaimed
 * server errors go to `reportError`, the rest to `reportUnhandled`.
 */
export function createRouter({
  requests,
  handlers,
  onHeartbeatAck,
  reportError,
  reportUnhandled,
}: RouterDeps): (data: unknown) => void {
  return (data) => {
    const parsed = parseFrame(data);
    if (!parsed.ok) {
      const message = `Invalid frame (${parsed.problem}): ${parsed.message}`;
      reportError({ kind: "invalid-frame", error: new ProtocolError("INVALID_MESSAGE_FORMAT", message, data) });
      return;
    }
    const { envelope } = parsed;
    if (envelope.type === ProtocolType.heartbeatAck) onHeartbeatAck();
    else if (requests.handle(envelope) || handlers.dispatch(envelope, reportError)) return;
    else if (isErrorType(envelope.type)) reportError({ kind: "server-error", error: serverErrorFrom(envelope) });
    else reportUnhandled(envelope);
  };
}
