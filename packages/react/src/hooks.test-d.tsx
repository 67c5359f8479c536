import { type QueryClient, QueryClient as QueryClientClass } from "@tanstack/query-core";
import type { RequestError, ServerError } from "@typed-ws/client";
import { message, z } from "@typed-ws/client/zod";
import { describe, expectTypeOf, it } from "vitest";
import {
  requestKey,
  requestQueryOptions,
  useConnectionState,
  useMessage,
  useMessageToCache,
  useRequest,
  useRequestMutation,
  useSend,
  useSuspenseRequest,
  useWsClient,
} from "./index.ts";

const GetUser = message("GET_USER", { id: z.string() });
const User = message("USER", { id: z.string(), name: z.string(), age: z.number().optional() });
const GetStats = message("GET_STATS");
const Stats = message("STATS", { users: z.number() });
const Tick = message("TICK", { n: z.number() });
const Empty = message("EMPTY");

type UserPayload = { id: string; name: string; age?: number };
type UserMessage = {
  type: "USER";
  meta: { timestamp?: number; correlationId?: string };
  payload: { id: string; name: string; age?: number };
};

describe("useRequest types", () => {
  it("data is the response payload; error is a typed-ws error", () => {
    const result = useRequest(GetUser, { id: "1" }, User);
    expectTypeOf(result.data).toEqualTypeOf<UserPayload | undefined>();
    expectTypeOf(result.error).toEqualTypeOf<RequestError | null>();
    expectTypeOf<ServerError>().toExtend<RequestError>();
    expectTypeOf(useRequest(GetStats, Stats).data?.users).toEqualTypeOf<number | undefined>();
    if (result.isSuccess) expectTypeOf(result.data).toEqualTypeOf<UserPayload>();
    expectTypeOf(useRequest(GetStats, Empty).data).toEqualTypeOf<undefined>();
  });

  it("select(message) decides data; initialData and placeholderData are messages", () => {
    const selected = useRequest(GetUser, { id: "1" }, User, {
      select: (msg) => {
        expectTypeOf(msg).toEqualTypeOf<UserMessage>();
        return msg.meta.correlationId;
      },
    });
    expectTypeOf(selected.data).toEqualTypeOf<string | undefined>();
    const message: UserMessage = { type: "USER", meta: {}, payload: { id: "1", name: "n" } };
    useRequest(GetUser, { id: "1" }, User, { initialData: message, placeholderData: message, throwOnError: true });
    // @ts-expect-error initialData is the cached message, not the payload
    useRequest(GetUser, { id: "1" }, User, { initialData: { id: "1", name: "n" } });
  });

  it("useSuspenseRequest: data is always defined; no enabled/placeholderData/throwOnError", () => {
    expectTypeOf(useSuspenseRequest(GetUser, { id: "1" }, User).data).toEqualTypeOf<UserPayload>();
    expectTypeOf(useSuspenseRequest(GetStats, Stats, { select: (m) => m.payload.users }).data).toEqualTypeOf<number>();
    // @ts-expect-error suspense queries are always enabled
    useSuspenseRequest(GetUser, { id: "1" }, User, { enabled: false });
  });

  it("requestQueryOptions: a key tagged with the cached message", () => {
    const options = requestQueryOptions(useWsClient(), GetUser, { id: "1" }, User);
    const queryClient = new QueryClientClass();
    expectTypeOf(queryClient.getQueryData(options.queryKey)).toEqualTypeOf<UserMessage | undefined>();
    expectTypeOf(queryClient.ensureQueryData(options)).toEqualTypeOf<Promise<UserMessage>>();
    requestQueryOptions(useWsClient(), GetStats, Stats, { staleTime: 1 });
    // @ts-expect-error id must be a string
    requestQueryOptions(useWsClient(), GetUser, { id: 1 }, User);
  });

  it("a wrong payload is a compile error", () => {
    // @ts-expect-error id must be a string
    useRequest(GetUser, { id: 1 }, User);
    // @ts-expect-error unknown key
    useRequest(GetUser, { id: "1", extra: true }, User);
    // @ts-expect-error the payload is required
    useRequest(GetUser, User);
    // @ts-expect-error GET_STATS has no payload
    useRequest(GetStats, { id: "1" }, Stats);
    // @ts-expect-error an unknown option
    useRequest(GetUser, { id: "1" }, User, { refetchOnWindowFocus: true });
  });
});

describe("useRequestMutation types", () => {
  it("mutate takes the payload; data is the response payload, or select(message)", () => {
    const rename = useRequestMutation(GetUser, User);
    rename.mutate({ id: "1" });
    expectTypeOf(rename.mutateAsync).returns.toEqualTypeOf<Promise<UserPayload>>();
    expectTypeOf(rename.data).toEqualTypeOf<UserPayload | undefined>();
    expectTypeOf(rename.error).toEqualTypeOf<RequestError | null>();
    if (rename.isSuccess) expectTypeOf(rename.data).toEqualTypeOf<UserPayload>();
    const whole = useRequestMutation(GetUser, User, { select: (msg) => msg, mutationKey: ["users"] });
    expectTypeOf(whole.data).toEqualTypeOf<UserMessage | undefined>();
    // @ts-expect-error id must be a string
    rename.mutate({ id: 2 });
    // @ts-expect-error the payload is required
    rename.mutate();
    useRequestMutation(GetStats, Stats).mutate();
  });
});

describe("useMessage types", () => {
  it("value form returns the message or the selection; handler form returns void", () => {
    expectTypeOf(useMessage(Tick)?.payload.n).toEqualTypeOf<number | undefined>();
    expectTypeOf(useMessage(Tick, { select: (m) => m.payload.n > 1 })).toEqualTypeOf<boolean | undefined>();
    expectTypeOf(
      useMessage(Tick, (m) => {
        expectTypeOf(m.payload).toEqualTypeOf<{ n: number }>();
      }),
    ).toEqualTypeOf<void>();
    useMessage(Tick, {
      onMessage: (m) => {
        expectTypeOf(m.type).toEqualTypeOf<"TICK">();
      },
    });
    // @ts-expect-error no such field
    useMessage(Tick, (m) => m.payload.missing);
    // @ts-expect-error select and onMessage are different forms
    useMessage(Tick, { select: (m) => m.payload.n, onMessage: () => {} });
  });
});

describe("useSend, useConnectionState, cache helpers", () => {
  it("send is typed per schema", () => {
    const send = useSend();
    send(Tick, { n: 1 });
    send(GetStats);
    // @ts-expect-error n must be a number
    send(Tick, { n: "1" });
    // @ts-expect-error the payload is required
    send(Tick);
  });

  it("connection state and selections", () => {
    expectTypeOf(useConnectionState().status).toEqualTypeOf<
      "idle" | "connecting" | "open" | "reconnecting" | "closed"
    >();
    expectTypeOf(useConnectionState((s) => s.attempt)).toEqualTypeOf<number>();
  });

  it("requestKey and useMessageToCache", () => {
    expectTypeOf(requestKey(GetUser, { id: "1" })).toEqualTypeOf<readonly ["typed-ws", "GET_USER", { id: string }]>();
    expectTypeOf(requestKey(GetUser)).toEqualTypeOf<readonly ["typed-ws", "GET_USER"]>();
    // @ts-expect-error wrong payload
    requestKey(GetUser, { id: 1 });
    useMessageToCache(Tick, (msg, queryClient) => {
      expectTypeOf(msg.payload.n).toEqualTypeOf<number>();
      expectTypeOf(queryClient).toEqualTypeOf<QueryClient>();
    });
  });
});
