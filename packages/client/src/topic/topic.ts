/**
 * Topic declarations, shared by client and server: a name pattern with typed parameters and the
 * message schemas the topic carries. Validator-agnostic (any `message()` schema).
 *
 * ```ts
 * export const Room = topic("room:{roomId}", [NewMessage, UserJoined]);
 * Room({ roomId: "general" }); // → { name: "room:general", topic: Room, params: { roomId: "general" } }
 * Room.match("room:general");  // → { roomId: "general" }
 * ```
 */

import type { AnyMessageSchema, InferMessage } from "../schema/message-schema.ts";
import { messageInfo } from "../schema/message-schema.ts";

/** Longest topic name the protocol accepts (JavaScript string length). */
export const MAX_TOPIC_LENGTH = 256;

/** The parameter names of a pattern: `"room:{roomId}"` → `"roomId"`. */
export type TopicParamNames<P extends string> = P extends `${string}{${infer Name}}${infer Rest}`
  ? Name | TopicParamNames<Rest>
  : never;

/** The parameters of a pattern: `"room:{roomId}"` → `{ roomId: string }`; `{}` without any. */
export type TopicParams<P extends string> = { readonly [K in TopicParamNames<P>]: string };

/** A topic declared by {@link topic}; call it with the parameters to get a {@link TopicRef}. */
export interface Topic<P extends string = string, M extends readonly AnyMessageSchema[] = readonly AnyMessageSchema[]> {
  /**
   * The concrete topic for these parameters.
   * @throws TypeError when a parameter is empty, not a string, or makes the name ambiguous or
   * longer than 256 characters.
   */
  (
    ...params: [TopicParamNames<P>] extends [never] ? [params?: TopicParams<P>] : [params: TopicParams<P>]
  ): TopicRef<Topic<P, M>>;
  /** The pattern it was declared with, e.g. `"room:{roomId}"`. */
  readonly pattern: P;
  /** The message schemas it carries. */
  readonly messages: M;
  /** The parameters of a concrete topic name, or undefined when the name is not this topic. */
  match(name: string): TopicParams<P> | undefined;
}

/** Any topic declaration. */
// biome-ignore lint/suspicious/noExplicitAny: the widest topic type, for constraints only
export type AnyTopic = Topic<any, readonly AnyMessageSchema[]>;

/** One concrete topic: its wire name, its declaration and the parameters that made the name. */
export interface TopicRef<T extends AnyTopic = AnyTopic> {
  readonly name: string;
  readonly topic: T;
  readonly params: InferTopicParams<T>;
}

/** The parameters of a topic declaration. */
export type InferTopicParams<T extends AnyTopic> =
  T extends Topic<infer P, readonly AnyMessageSchema[]> ? TopicParams<P> : never;

/** The union of a topic's message schemas. */
export type TopicMessageSchema<T extends AnyTopic> = T["messages"][number];

/** The union of a topic's messages (`{ type, meta, payload }`), narrowable by `type`. */
export type InferTopicMessage<T extends AnyTopic> =
  TopicMessageSchema<T> extends infer S ? (S extends AnyMessageSchema ? InferMessage<S> : never) : never;

const PARAM = /\{([A-Za-z_$][\w$]*)\}/g;

/**
 * Declares a topic: a name pattern (`{name}` marks a parameter) and the messages it carries.
 * @throws TypeError for an empty pattern, adjacent or repeated parameters, a pattern without
 * parameters longer than 256 characters, no messages, a schema not made by `message()`, or two
 * messages of one type.
 */
export function topic<const P extends string, const M extends readonly AnyMessageSchema[]>(
  pattern: P,
  messages: M,
): Topic<P, M> {
  const fail = (why: string) => new TypeError(`typed-ws: topic("${pattern}"): ${why}`);
  if (typeof pattern !== "string" || !pattern) throw fail("the pattern must be a non-empty string");
  const names: string[] = [];
  let source = "^";
  let last = 0;
  for (const found of pattern.matchAll(PARAM)) {
    const name = found[1] as string;
    if (names.includes(name)) throw fail(`parameter {${name}} appears twice`);
    if (found.index === last && names.length) throw fail("two parameters must be separated by text");
    source += `${escapeRegExp(pattern.slice(last, found.index))}(.+?)`;
    names.push(name);
    last = found.index + found[0].length;
  }
  source += `${escapeRegExp(pattern.slice(last))}$`;
  if (!names.length && pattern.length > MAX_TOPIC_LENGTH) throw fail(`the name is over ${MAX_TOPIC_LENGTH} characters`);
  if (!Array.isArray(messages) || !messages.length) throw fail("declare at least one message schema");
  const types = messages.map((schema) => messageInfo(schema).type);
  const twice = types.find((type, i) => types.indexOf(type) !== i);
  if (twice) throw fail(`message type "${twice}" is declared twice`);
  const regex = new RegExp(source);

  const match = (name: string): TopicParams<P> | undefined => {
    const found = typeof name === "string" && name.length <= MAX_TOPIC_LENGTH ? regex.exec(name) : null;
    if (!found) return undefined;
    const params: Record<string, string> = {};
    names.forEach((key, i) => {
      params[key] = found[i + 1] as string;
    });
    return params as TopicParams<P>;
  };

  const declared = ((params: Record<string, unknown> = {}) => {
    const name = pattern.replace(PARAM, (_, key: string) => {
      const value = params[key];
      if (typeof value !== "string" || !value) throw fail(`parameter ${key} must be a non-empty string`);
      return value;
    });
    const back = match(name) as Record<string, string> | undefined;
    if (!back || names.some((key) => back[key] !== params[key])) {
      throw fail(
        `the parameters make an ambiguous name or one over ${MAX_TOPIC_LENGTH} characters: "${name.slice(0, 128)}"`,
      );
    }
    return { name, topic: declared, params: back };
  }) as unknown as Topic<P, M>;
  return Object.assign(declared, { pattern, messages, match });
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}

/** True when the value is a topic made by {@link topic}. */
export function isTopic(value: unknown): value is AnyTopic {
  return typeof value === "function" && typeof (value as Partial<AnyTopic>).match === "function";
}
