import type { QueryClient } from "@tanstack/query-core";
import type { RequestError, ServerError } from "@typed-ws/client";
import { message, z } from "@typed-ws/client/zod";
import { describe, expectTypeOf, it } from "vitest";
import {
  requestKey,
  useConnectionState,
  useMessage,
  useMessageToCache,
  useRequest,
  useRequestMutation,
  useSend,
} from "./index.ts";

const GetUser = message("GET_USER", { id: z.string() });
const User = message("USER", { id: z.string(), name: z.string(), age: z.number().optional() });
const GetStats = message("GET_STATS");
const Stats = message("STATS", { users: z.number() });
const Tick = message("TICK", { n: z.number() });

type UserMessage = {
  type: "USER";
  meta: { timestamp?: number; correlationId?: string };
  payload: { id: string; name: string; age?: number };
};

describe("useRequest types", () => {
  it("data is the response message; error is a typed-ws error", () => {
    const result = useRequest(GetUser, { id: "1" }, User);
    expectTypeOf(result.data).toEqualTypeOf<UserMessage | undefined>();
    expectTypeOf(result.error).toEqualTypeOf<RequestError | null>();
    expectTypeOf<ServerError>().toExtend<RequestError>();
    expectTypeOf(useRequest(GetStats, Stats).data?.payload.users).toEqualTypeOf<number | undefined>();
    if (result.isSuccess) expectTypeOf(result.data).toEqualTypeOf<UserMessage>();
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
  it("mutate takes the payload; data is the response", () => {
    const rename = useRequestMutation(GetUser, User);
    rename.mutate({ id: "1" });
    expectTypeOf(rename.mutateAsync).returns.toEqualTypeOf<Promise<UserMessage>>();
    expectTypeOf(rename.data).toEqualTypeOf<UserMessage | undefined>();
    expectTypeOf(rename.error).toEqualTypeOf<RequestError | null>();
    if (rename.isSuccess) expectTypeOf(rename.data).toEqualTypeOf<UserMessage>();
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
