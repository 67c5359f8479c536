import { ValidationError } from "../errors.ts";
import { type Envelope, envelopeToMessage } from "../protocol.ts";
import type { AnyMessageSchema } from "../schema/message-schema.ts";
import { messageInfo } from "../schema/message-schema.ts";
import { validateSync } from "../schema/validate.ts";

interface Registration {
  readonly schema: AnyMessageSchema;
  readonly handler: (message: never) => void;
}

/** What happened to an inbound message offered to the handlers. */
export type DispatchResult = "handled" | "invalid" | "unhandled";

/** Where dispatch reports what it does not throw. */
export interface DispatchReporter {
  invalid(error: ValidationError, envelope: Envelope): void;
  handlerError(error: unknown, type: string): void;
}

/**
 * Message handlers by type, called in the order they were added. Each message is validated once
 * per distinct schema registered for its type; handlers only ever see validated messages.
 */
export class HandlerRegistry {
  private readonly byType = new Map<string, Registration[]>();

  /** Adds a handler; returns its unsubscribe (idempotent). */
  add(schema: AnyMessageSchema, handler: (message: never) => void): () => void {
    const { type } = messageInfo(schema);
    const registration: Registration = { schema, handler };
    this.byType.set(type, [...(this.byType.get(type) ?? []), registration]);
    return () => {
      const left = (this.byType.get(type) ?? []).filter((r) => r !== registration);
      if (left.length === 0) this.byType.delete(type);
      else this.byType.set(type, left);
    };
  }

  /** Whether any handler is registered for `type`. */
  has(type: string): boolean {
    return this.byType.has(type);
  }

  /** Removes every handler. */
  clear(): void {
    this.byType.clear();
  }

  /**
   * Validates the message and calls its handlers in order. A throwing handler is reported and
   * the rest still run. Returns `"unhandled"` when no handler is registered for the type,
   * `"invalid"` when the message failed validation (reported, no handler called).
   */
  dispatch(envelope: Envelope, report: DispatchReporter): DispatchResult {
    // A snapshot: handlers added or removed while dispatching apply from the next message.
    const registrations = this.byType.get(envelope.type);
    if (registrations === undefined) return "unhandled";
    const message = envelopeToMessage(envelope);
    const validated = new Map<AnyMessageSchema, { ok: true; value: unknown } | { ok: false }>();
    let called = 0;
    for (const { schema, handler } of registrations) {
      let result = validated.get(schema);
      if (result === undefined) {
        const outcome = validateSync(schema, message);
        result = outcome.success ? { ok: true, value: outcome.value } : { ok: false };
        if (!outcome.success) report.invalid(new ValidationError(envelope.type, "inbound", outcome.issues), envelope);
        validated.set(schema, result);
      }
      if (!result.ok) continue;
      called++;
      try {
        (handler as (message: unknown) => void)(result.value);
      } catch (error) {
        report.handlerError(error, envelope.type);
      }
    }
    return called > 0 ? "handled" : "invalid";
  }
}
