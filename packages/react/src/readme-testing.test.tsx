// user-card.test.tsx
import { render, screen } from "@testing-library/react";
import { createTestServer } from "@typed-ws/client/testing";
import { message, wsClient, z } from "@typed-ws/client/zod";
import { useMessage, useRequest, WsProvider } from "@typed-ws/react";
import { expect, test } from "vitest";

const GetUser = message("GET_USER", { id: z.string() });
const User = message("USER", { id: z.string(), name: z.string() });
const Online = message("ONLINE", { count: z.number() });

function UserCard({ id }: { id: string }) {
  const user = useRequest(GetUser, { id }, User);
  const online = useMessage(Online, { select: (msg) => msg.payload.count });
  return (
    <p>
      {user.data?.name ?? "…"} · {online ?? 0} online
    </p>
  );
}

test("UserCard shows the user and live presence", async () => {
  const server = createTestServer();
  const client = wsClient({ url: "ws://test", WebSocket: server.WebSocket });
  server.onRequest(GetUser, User, ({ id }) => ({ id, name: "Ada" }));

  render(
    <WsProvider client={client}>
      <UserCard id="1" />
    </WsProvider>,
  );
  await screen.findByText("Ada · 0 online");
  expect(server.sent(GetUser).map((msg) => msg.payload)).toEqual([{ id: "1" }]);

  server.push(Online, { count: 3 });
  await screen.findByText("Ada · 3 online");
  client.close();
});
