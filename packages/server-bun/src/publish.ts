/** Publishing a message to a topic through the router's {@link PubSub}. */
import type { AnyMessageSchema } from "@typed-ws/client/protocol";
import { type RouterCore, warn } from "./core.ts";
import { encodeMessage } from "./outbound.ts";
import { publishToDeclaredByName } from "./topics/index.ts";
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
  const exclude = options?.excludeSelf === true ? from : undefined;
  const declared = publishToDeclaredByName(core, topic, schema, payload, options?.meta, exclude);
  if (declared !== undefined) return declared; // a declared topic: numbered, stored, sent to its subscribers too
  const frame = encodeMessage(schema, payload, options?.meta, core.runtime.validateOutbound);
  const pubsub = core.runtime.pubsub;
  if (pubsub === undefined) {
    warn(core, `publish to "${topic}" before the server started; nothing was sent`);
    return 0;
  }
  const outcome = pubsub.publish(topic, frame, exclude);
  if (outcome.dropped) core.stats.droppedPublishes++;
  return outcome.recipients;
}
