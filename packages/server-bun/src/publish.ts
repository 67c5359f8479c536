/** Publishing a message to a topic through the router's {@link PubSub}. */
import type { AnyMessageSchema } from "@typed-ws/client/protocol";
import { type CoreSocket, type RouterCore, warn } from "./core.ts";
import { encodeMessage } from "./outbound.ts";
import { onDropped } from "./slow-consumer.ts";
import { publishToDeclaredByName } from "./topics/index.ts";
import type { PublishOptions, ServerSocket } from "./types.ts";

/**
 * Validates (when `validateOutbound`), serializes once and publishes. Returns the number of
 * subscribers it went to; each subscriber that missed it counts in `stats.droppedPublishes` (and
 * is closed with `1013` under the `"close"` slow-consumer policy).
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
  if (outcome.dropped > 0) {
    core.stats.droppedPublishes += outcome.dropped;
    for (const ws of outcome.missedBy) onDropped(core, ws as CoreSocket<AppData>);
  }
  return outcome.recipients;
}
