import { render, screen, waitFor } from "@testing-library/react";
import { message, z } from "@typed-ws/client/zod";
import { afterEach, describe, expect, it } from "vitest";
import { requestKey } from "../observers/request-key.ts";
import { WsProvider } from "../provider.ts";
import { type MockServerHarness, mockServer, replyTo } from "../test/mock-server.ts";
import { useMessageToCache } from "./use-message-to-cache.ts";
import { useRequest } from "./use-request.ts";

const GetUser = message("GET_USER", { id: z.string() });
const User = message("USER", { id: z.string(), name: z.string() });
const UserUpdated = message("USER_UPDATED", { id: z.string(), name: z.string() });

let harness: MockServerHarness;
afterEach(() => harness?.stop());

function userServer() {
  harness = mockServer();
  let version = 0;
  harness.onFrame((frame, reply) => {
    const { id } = frame.payload as { id: string };
    if (frame.type === "GET_USER") reply(replyTo(frame, "USER", { id, name: `fetched v${++version}` }));
  });
  return harness;
}

function UserName({ id }: { id: string }) {
  const { data } = useRequest(GetUser, { id }, User);
  return <p>{data?.payload.name ?? "loading"}</p>;
}

function PushToCache({ mode }: { mode: "set" | "invalidate" }) {
  useMessageToCache(UserUpdated, (msg, queryClient) => {
    if (mode === "invalidate") {
      void queryClient.invalidateQueries({ queryKey: requestKey(GetUser) });
      return;
    }
    queryClient.setQueryData<typeof User._zod.output>(requestKey(GetUser, { id: msg.payload.id }), (old) =>
      old === undefined ? old : { ...old, payload: msg.payload },
    );
  });
  return null;
}

const push = (id: string, name: string) => harness.push({ type: "USER_UPDATED", meta: {}, payload: { id, name } });

describe("useMessageToCache + requestKey", () => {
  it("a push updates useRequest data in place (setQueryData), with no new request", async () => {
    const { client } = userServer();
    render(
      <WsProvider client={client}>
        <UserName id="1" />
        <PushToCache mode="set" />
      </WsProvider>,
    );
    await screen.findByText("fetched v1");
    push("1", "pushed");
    await screen.findByText("pushed");
    expect(harness.received.filter((frame) => frame.type === "GET_USER")).toHaveLength(1);
  });

  it("a push can invalidate every query of a type (prefix key), which refetches", async () => {
    const { client } = userServer();
    render(
      <WsProvider client={client}>
        <UserName id="1" />
        <UserName id="2" />
        <PushToCache mode="invalidate" />
      </WsProvider>,
    );
    await waitFor(() => expect(screen.queryAllByText(/fetched v/)).toHaveLength(2));
    push("1", "ignored");
    await waitFor(() => expect(harness.received.filter((frame) => frame.type === "GET_USER")).toHaveLength(4));
    await screen.findByText("fetched v4");
  });
});
