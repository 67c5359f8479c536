/** {@link publishNow}: `router.publish` to a declared topic, answered synchronously (for `SqliteRequestStore.atomic`). */
import type { AnyMessageSchema, AnyTopic, TopicMessageSchema, TopicRef } from "@typed-ws/client/protocol";
import type { Router } from "../router.ts";
import type { TopicPublished } from "../topics/hub.ts";
import { publishToRef } from "../topics/index.ts";
import type { PublishArgs, PublishOptions } from "../types.ts";

/**
 * Publishes to a declared topic like `router.publish(ref, …)`, but returns what it did (the
 * offset) at once instead of a promise, so an atomic block can reply with it:
 *
 * ```ts
 * requests.atomic(() => {
 *   const { offset } = publishNow(router, Room({ roomId }), NewMessage, message);
 *   ctx.reply(MessagePosted, { offset }); // remembered in the same transaction as the publication
 * });
 * ```
 * @throws TypeError when the topic is not declared, does not carry the message, or the router's
 * topic store is asynchronous (its offset is not known synchronously; the publication still
 * goes out — use `router.publish` with such a store).
 */
export function publishNow<AppData extends object, T extends AnyTopic, S extends TopicMessageSchema<T>>(
  router: Router<AppData>,
  topic: TopicRef<T>,
  schema: S,
  ...args: PublishArgs<S>
): TopicPublished {
  const [payload, options] = args as [unknown, PublishOptions | undefined];
  const published = publishToRef(router.core, "publishNow", topic, schema as AnyMessageSchema, payload, options?.meta);
  if (published instanceof Promise) {
    published.catch(() => {}); // reported by the hub; this call throws instead
    throw new TypeError(
      `typed-ws: publishNow to "${topic.name}" needs a synchronous topic store (memory or SQLite); use router.publish`,
    );
  }
  return published;
}
