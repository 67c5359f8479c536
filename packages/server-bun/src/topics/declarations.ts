/** The topics a router declares (`router.topic`), and finding the one a concrete name belongs to. */
import { type AnyTopic, type InferTopicParams, isTopic, messageInfo } from "@typed-ws/client/protocol";
import type { ConnectionContext } from "../types.ts";
import { DEFAULT_HISTORY, type HistoryLimits, type MaybePromise } from "./store.ts";

/** Options of `router.topic(topic, options)`. */
export interface TopicOptions<AppData, T extends AnyTopic = AnyTopic> {
  /**
   * Decides whether a connection may subscribe (`$ws:subscribe`): `false` (or a rejection with
   * `false`) answers `AUTHORIZATION_FAILED`; a throw answers `INTERNAL_SERVER_ERROR` and reaches
   * `onError`. Runs on every subscribe, re-subscribes after a reconnect included.
   * @default every connection may subscribe
   */
  authorize?: (ctx: ConnectionContext<AppData>, params: InferTopicParams<T>) => MaybePromise<boolean>;
  /**
   * Whether a name the pattern matches names something that exists (e.g. a known room id):
   * `false` answers `RESOURCE_NOT_FOUND`, like a name no topic declares. Runs before `authorize`.
   * @default every matching name exists
   */
  exists?: (params: InferTopicParams<T>) => MaybePromise<boolean>;
  /** History bounds per concrete topic. @default { maxCount: 100, maxAgeMs: 300_000 } */
  history?: Partial<HistoryLimits>;
}

/** A declared topic as the router keeps it. */
export interface TopicDeclaration<AppData> {
  readonly topic: AnyTopic;
  /** The message types it carries. */
  readonly types: ReadonlySet<string>;
  readonly history: HistoryLimits;
  readonly authorize: TopicOptions<AppData>["authorize"];
  readonly exists: TopicOptions<AppData>["exists"];
}

/** A concrete topic name with its declaration and parameters. */
export interface ResolvedTopic<AppData> {
  readonly declaration: TopicDeclaration<AppData>;
  readonly params: Record<string, string>;
}

function checkLimit(name: string, value: number, pattern: string): number {
  if (!Number.isSafeInteger(value) || value < 0) {
    throw new RangeError(`typed-ws: router.topic("${pattern}"): history.${name} must be an integer ≥ 0, got ${value}`);
  }
  return value;
}

/** The declared topics of one router. */
export class TopicDeclarations<AppData> {
  readonly #list: TopicDeclaration<AppData>[] = [];

  /**
   * Declares a topic.
   * @throws TypeError when `topic` was not made by `topic()`, or a topic with the same pattern is declared.
   * @throws RangeError for a negative or fractional history bound.
   */
  add(topic: AnyTopic, options: TopicOptions<AppData>): TopicDeclaration<AppData> {
    if (!isTopic(topic)) throw new TypeError("typed-ws: router.topic() expects a topic made by topic()");
    if (this.#list.some((d) => d.topic.pattern === topic.pattern)) {
      throw new TypeError(`typed-ws: topic "${topic.pattern}" is already declared on this router`);
    }
    const history = {
      maxCount: checkLimit("maxCount", options.history?.maxCount ?? DEFAULT_HISTORY.maxCount, topic.pattern),
      maxAgeMs: checkLimit("maxAgeMs", options.history?.maxAgeMs ?? DEFAULT_HISTORY.maxAgeMs, topic.pattern),
    };
    const declaration: TopicDeclaration<AppData> = {
      topic,
      types: new Set(topic.messages.map((schema) => messageInfo(schema).type)),
      history,
      authorize: options.authorize,
      exists: options.exists,
    };
    this.#list.push(declaration);
    return declaration;
  }

  /** True when no topic is declared. */
  get empty(): boolean {
    return this.#list.length === 0;
  }

  /** The declaration of a topic (by identity), or undefined when it was not declared here. */
  find(topic: AnyTopic): TopicDeclaration<AppData> | undefined {
    return this.#list.find((declaration) => declaration.topic === topic);
  }

  /** The declaration a concrete name belongs to (first declared match), or undefined. */
  resolve(name: string): ResolvedTopic<AppData> | undefined {
    for (const declaration of this.#list) {
      const params = declaration.topic.match(name);
      if (params !== undefined) return { declaration, params };
    }
    return undefined;
  }
}
