import { ValidationError } from "../errors.ts";
import { type Envelope, envelopeToMessage } from "../protocol.ts";
import { type AnyMessageSchema, messageInfo } from "../schema/message-schema.ts";
import type { ClientErrorEvent } from "./types.ts";
import { validateInbound } from "./validate-inbound.ts";

interface Registration {
  readonly schema: AnyMessageSchema;
  readonly handler: (message: never) => void;
}

/** Message handlers by type (see {@link createHandlers}). */
export interface HandlerRegistry {
  /** Adds a handler; returns its unsubscribe (idempotent). */
  add(schema: AnyMessageSchema, handler: (message: never) => void): () => void;
  /**
   * Validates the message and calls its handlers in order. A throwing handler is reported
   * (`"handler-error"`) and the rest still run; an invalid message is reported
   * (`"invalid-message"`) and reaches no handler. Returns false when no handler is registered
   * for the type. `message` is what the schemas validate when the router already has it
   * (`parseMessage`); else it is made from the envelope.
   */
  dispatch(envelope: Envelope, report: (event: ClientErrorEvent) => void, message?: unknown): boolean;
}

/**
 * Message handlers by type, called in the order they were added. Each message is validated once
 * per distinct schema registered for its type; handlers only ever see validated messages.
 */
export function createHandlers(): HandlerRegistry {
  const byType = new Map<string, Registration[]>();
  return {
    add(schema, handler) {
      const { type } = messageInfo(schema);
      const registration: Registration = { schema, handler };
      byType.set(type, [...(byType.get(type) ?? []), registration]);
      return () => {
        const left = (byType.get(type) ?? []).filter((r) => r !== registration);
        if (left.length === 0) byType.delete(type);
        else byType.set(type, left);
      };
    },
    dispatch(envelope, report, message = envelopeToMessage(envelope)) {
      // A snapshot: handlers added or removed while dispatching apply from the next message.
      const registrations = byType.get(envelope.type);
      if (!registrations) return false;
      const { type } = envelope;
      // One handler (the common case) needs no cache of results by schema.
      const validated = registrations[1] && new Map<AnyMessageSchema, ReturnType<typeof validateInbound>>();
      for (const { schema, handler } of registrations) {
        let result = validated?.get(schema);
        if (!result) {
          // Never throws: an async schema is reported like an invalid message.
          result = validateInbound(schema, message, type);
          validated?.set(schema, result);
          if (result instanceof ValidationError) report({ kind: "invalid-message", error: result, envelope });
        }
        if (result instanceof ValidationError) continue;
        try {
          (handler as (message: unknown) => void)(result.value);
        } catch (error) {
          report({ kind: "handler-error", error, messageType: type });
        }
      }
      return true;
    },
  };
}
