/**
 * The messages {@link RedisTopicStore} sends on its pub/sub channel, one per publication:
 *
 * - numbered (declared topic), built by the append script:
 *   `n<offset> <epoch> <origin> <topic length> <topic><frame>`
 * - relayed (undeclared name), built here: `r<sender> <topic length> <topic><frame>`
 *
 * Epoch, origin and sender never hold a space; the topic is length-prefixed (JavaScript string
 * length), so topic and frame may hold anything.
 */

/** A numbered publication. */
export interface NumberedAnnouncement {
  readonly kind: "numbered";
  readonly topic: string;
  readonly frame: string;
  readonly epoch: string;
  readonly offset: number;
  readonly origin: string;
}

/** A relayed publication to an undeclared name. */
export interface RelayedAnnouncement {
  readonly kind: "relayed";
  readonly topic: string;
  readonly frame: string;
  /** The store instance that relayed it (it ignores its own). */
  readonly sender: string;
}

/** The part of a numbered announcement the append script gets ready-made: `<origin> <length> <topic>`. */
export function numberedHead(origin: string, topic: string): string {
  return `${origin} ${topic.length} ${topic}`;
}

/** A relayed announcement. */
export function relayedAnnouncement(sender: string, topic: string, frame: string): string {
  return `r${sender} ${topic.length} ${topic}${frame}`;
}

/** Reads `<length> <topic><frame>` from `start`. */
function topicAndFrame(message: string, start: number): { topic: string; frame: string } | undefined {
  const space = message.indexOf(" ", start);
  const length = Number(message.slice(start, space));
  if (space < 0 || !Number.isInteger(length) || length < 0 || space + 1 + length > message.length) return undefined;
  return { topic: message.slice(space + 1, space + 1 + length), frame: message.slice(space + 1 + length) };
}

/** Parses an announcement; undefined for anything else (another program on the channel). */
export function parseAnnouncement(message: string): NumberedAnnouncement | RelayedAnnouncement | undefined {
  if (message.startsWith("r")) {
    const space = message.indexOf(" ");
    if (space < 0) return undefined;
    const rest = topicAndFrame(message, space + 1);
    return rest && { kind: "relayed", sender: message.slice(1, space), ...rest };
  }
  if (!message.startsWith("n")) return undefined;
  const a = message.indexOf(" ");
  const b = message.indexOf(" ", a + 1);
  const c = message.indexOf(" ", b + 1);
  if (a < 0 || b < 0 || c < 0) return undefined;
  const offset = Number(message.slice(1, a));
  const rest = topicAndFrame(message, c + 1);
  if (!Number.isSafeInteger(offset) || offset < 1 || rest === undefined) return undefined;
  return { kind: "numbered", offset, epoch: message.slice(a + 1, b), origin: message.slice(b + 1, c), ...rest };
}
