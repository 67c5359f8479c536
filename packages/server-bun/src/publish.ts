/** Publishing a message to a topic through the router's {@link PubSub}. */
import type { AnyMessageSchema } from "@typed-ws/client/protocol";
import { type RouterCore, warn } from "./core.ts";
import { encodeMessage } from "./outbound.ts";
import type { PublishOptions, ServerSocket } from "./types.ts";

/**
 * Validates (when `validateOutbound`), serializes once and publishes. Returns the number of
 * subscribers it went to; a runtime drop returns 0 and counts in `stats.droppedPublishes`.
 * @throws ValidationError when outbound validation is on and the message does not match.
 */
export function publishMessage<AppData>(
  core: RouterCore<AppData>,
  topic: string,
  schema: AnyMessageSchema,
  payload: unknown,
  options: PublishOptions | undefined,
  from: ServerSocket | undefined,
): number {
  const frame = encodeMessage(schema, payload, options?.meta, core.runtime.validateOutbound);
  const pubsub = core.runtime.pubsub;
  if (pubsub === undefined) {
    warn(core, `publish to "${topic}" before the server started; nothing was sent`);
    return 0;
  }
  const outcome = pubsub.publish(topic, frame, options?.excludeSelf === true ? from : undefined);
  if (outcome.dropped) core.stats.droppedPublishes++;
  return outcome.recipients;
}
