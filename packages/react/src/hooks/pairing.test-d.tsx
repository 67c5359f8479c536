/**
 * Type tests: `useRequest`, `useSuspenseRequest`, `useRequestMutation` and `requestQueryOptions`
 * infer the response of a paired request, and keep `data` (the payload) and `select(message)`.
 */
import { QueryClient } from "@tanstack/query-core";
import type { WsClient } from "@typed-ws/client";
import { message, rpc, withResponse, z } from "@typed-ws/client/zod";
import { describe, expectTypeOf, it } from "vitest";
import { requestQueryOptions } from "../request-query-options.ts";
import { useRequest } from "./use-request.ts";
import { useRequestMutation } from "./use-request-mutation.ts";
import { useSuspenseRequest } from "./use-suspense-request.ts";

const GetUser = rpc("GET_USER", { id: z.string() }, "USER", { name: z.string() });
const GetStats = withResponse(message("GET_STATS"), message("STATS", { users: z.number() }));
const Rename = message("RENAME", { name: z.string() });
const Renamed = message("RENAMED", { name: z.string() });
const Ping = message("PING");
const Pong = message("PONG", { at: z.number() });
const Other = message("OTHER");

declare const client: WsClient;

describe("useRequest with a paired schema", () => {
  it("infers the response: data is its payload", () => {
    expectTypeOf(useRequest(GetUser, { id: "1" }).data).toEqualTypeOf<{ name: string } | undefined>();
    expectTypeOf(useRequest(GetUser, { id: "1" }, { staleTime: 1 }).data?.name).toEqualTypeOf<string | undefined>();
    expectTypeOf(useRequest(GetStats).data?.users).toEqualTypeOf<number | undefined>();
    expectTypeOf(useRequest(GetStats, undefined, { staleTime: 1 }).data?.users).toEqualTypeOf<number | undefined>();
    expectTypeOf(useRequest(GetUser, { id: "1" }, GetUser.response).data?.name).toEqualTypeOf<string | undefined>();
    expectTypeOf(useRequest(Rename, { name: "n" }, Renamed).data?.name).toEqualTypeOf<string | undefined>();
    expectTypeOf(useRequest(Ping, Pong).data?.at).toEqualTypeOf<number | undefined>();
    expectTypeOf(useRequest(Ping, undefined, Pong).data?.at).toEqualTypeOf<number | undefined>();
  });

  it("select(message) picks data in every form", () => {
    const paired = useRequest(GetUser, { id: "1" }, { select: (m) => m.type });
    expectTypeOf(paired.data).toEqualTypeOf<"USER" | undefined>();
    const pairedWithResponse = useRequest(GetUser, { id: "1" }, GetUser.response, { select: (m) => m.payload.name });
    expectTypeOf(pairedWithResponse.data).toEqualTypeOf<string | undefined>();
    const payloadless = useRequest(GetStats, undefined, { select: (m) => m.payload.users > 1 });
    expectTypeOf(payloadless.data).toEqualTypeOf<boolean | undefined>();
    expectTypeOf(useRequest(Rename, { name: "n" }, Renamed, { select: (m) => m.type }).data).toEqualTypeOf<
      "RENAMED" | undefined
    >();
    expectTypeOf(useRequest(Ping, Pong, { select: (m) => m.meta }).data?.timestamp).toEqualTypeOf<number | undefined>();
  });

  it("names the bad payload field and rejects a wrong response", () => {
    // @ts-expect-error `id` must be a string
    useRequest(GetUser, { id: 1 });
    // @ts-expect-error a paired request's response is its paired one
    useRequest(GetUser, { id: "1" }, Other);
    // @ts-expect-error an unpaired request needs a response schema
    useRequest(Rename, { name: "n" });
    // @ts-expect-error `select` receives the message: `name` is under `payload`
    useRequest(GetUser, { id: "1" }, { select: (m) => m.name });
  });
});

describe("useSuspenseRequest with a paired schema", () => {
  it("infers the response; data is always defined", () => {
    expectTypeOf(useSuspenseRequest(GetUser, { id: "1" }).data).toEqualTypeOf<{ name: string }>();
    expectTypeOf(useSuspenseRequest(GetStats).data.users).toEqualTypeOf<number>();
    expectTypeOf(useSuspenseRequest(GetUser, { id: "1" }, { select: (m) => m.type }).data).toEqualTypeOf<"USER">();
    expectTypeOf(useSuspenseRequest(Rename, { name: "n" }, Renamed).data).toEqualTypeOf<{ name: string }>();
    expectTypeOf(useSuspenseRequest(Ping, Pong).data.at).toEqualTypeOf<number>();
  });

  it("rejects a bad payload, a wrong response and the options suspense cannot take", () => {
    // @ts-expect-error `id` must be a string
    useSuspenseRequest(GetUser, { id: 1 });
    // @ts-expect-error a paired request's response is its paired one
    useSuspenseRequest(GetUser, { id: "1" }, Other);
    // @ts-expect-error an unpaired request needs a response schema
    useSuspenseRequest(Rename, { name: "n" });
    // @ts-expect-error suspense queries are always enabled
    useSuspenseRequest(GetUser, { id: "1" }, { enabled: false });
  });
});

describe("requestQueryOptions with a paired schema", () => {
  it("infers the response: the key is tagged with the cached message", () => {
    const options = requestQueryOptions(client, GetUser, { id: "1" });
    const queryClient = new QueryClient();
    expectTypeOf(queryClient.getQueryData(options.queryKey)?.payload).toEqualTypeOf<{ name: string } | undefined>();
    const stats = requestQueryOptions(client, GetStats, undefined, { select: (m) => m.payload.users });
    expectTypeOf(stats.select).parameter(0).toHaveProperty("type").toEqualTypeOf<"STATS">();
    expectTypeOf(requestQueryOptions(client, Ping, Pong).queryFn).returns.resolves.toHaveProperty("type");
  });

  it("rejects a bad payload and a wrong or missing response", () => {
    // @ts-expect-error `id` must be a string
    requestQueryOptions(client, GetUser, { id: 1 });
    // @ts-expect-error a paired request's response is its paired one
    requestQueryOptions(client, GetUser, { id: "1" }, Other);
    // @ts-expect-error an unpaired request needs a response schema
    requestQueryOptions(client, Rename, { name: "n" });
  });
});

describe("useRequestMutation with a paired schema", () => {
  it("infers the response and takes the payload in mutate", () => {
    const get = useRequestMutation(GetUser);
    expectTypeOf(get.mutateAsync({ id: "1" })).resolves.toEqualTypeOf<{ name: string }>();
    get.mutate({ id: "1" });
    // @ts-expect-error `id` must be a string
    get.mutate({ id: 1 });
    const stats = useRequestMutation(GetStats, { retry: 1 });
    expectTypeOf(stats.data?.users).toEqualTypeOf<number | undefined>();
    stats.mutate();
    expectTypeOf(useRequestMutation(Rename, Renamed).data?.name).toEqualTypeOf<string | undefined>();
  });

  it("select(message), mutationKey and throwOnError in both forms", () => {
    const paired = useRequestMutation(GetUser, { select: (m) => m.type, mutationKey: ["users"], throwOnError: true });
    expectTypeOf(paired.data).toEqualTypeOf<"USER" | undefined>();
    expectTypeOf(useRequestMutation(Rename, Renamed, { select: (m) => m }).data?.type).toEqualTypeOf<
      "RENAMED" | undefined
    >();
  });

  it("rejects a wrong or missing response", () => {
    // @ts-expect-error a paired request's response is its paired one
    useRequestMutation(GetUser, Other);
    // @ts-expect-error an unpaired request needs a response schema
    useRequestMutation(Rename);
  });
});
