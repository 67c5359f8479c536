import { ProtocolError } from "../errors.ts";
import { type Envelope, isErrorType, ProtocolType, readFrame, toEnvelope } from "../protocol.ts";
import type { HandlerRegistry } from "./handlers.ts";
import { type RequestManager, serverErrorFrom } from "./requests.ts";
import type { ClientErrorEvent } from "./types.ts";

/** What {@link createRouter} needs. */
export interface RouterDeps {
  readonly requests: Pick<RequestManager, "handle">;
  /** Topic answers and publications. */
  readonly topics: { handle(envelope: Envelope): boolean };
  readonly handlers: HandlerRegistry;
  readonly onHeartbeatAck: () => void;
  readonly reportError: (event: ClientErrorEvent) => void;
  readonly reportUnhandled: (envelope: Envelope) => void;
}

/**
 * Makes the router of inbound frames. Each frame is parsed once and goes to the first taker:
 * heartbeat acks to `onHeartbeatAck`, topic answers and publications to `topics`, progress and terminal replies to their pending request,
 * everything else to the handlers. Never throws: bad frames, invalid messages and unclaimed
 * server errors go to `reportError`, the rest to `reportUnhandled`.
 */
export function createRouter({
  requests,
  topics,
  handlers,
  onHeartbeatAck,
  reportError,
  reportUnhandled,
}: RouterDeps): (data: unknown) => void {
  return (data) => {
    const record = readFrame(data);
    if (!("type" in record)) {
      reportError({ kind: "invalid-frame", error: new ProtocolError("INVALID_MESSAGE_FORMAT", record.message, data) });
      return;
    }
    const envelope = toEnvelope(record);
    // Without unknown root keys the parsed frame is already the message its schema validates.
    const message = envelope.extra ? undefined : record;
    if (envelope.type === ProtocolType.heartbeatAck) onHeartbeatAck();
    else if (
      topics.handle(envelope) ||
      requests.handle(envelope, message) ||
      handlers.dispatch(envelope, reportError, message)
    )
      return;
    else if (isErrorType(envelope.type)) reportError({ kind: "server-error", error: serverErrorFrom(envelope) });
    else reportUnhandled(envelope);
  };
}
