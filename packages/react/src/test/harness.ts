import { type ConnectionStatus, type WsClient, type WsClientOptions, wsClient } from "@typed-ws/client";
import { createTestServer, type TestServer } from "@typed-ws/client/testing";

/** The kit's in-memory server and a real `wsClient` bound to it, for hook tests. */
export interface Harness {
  readonly server: TestServer;
  readonly client: WsClient;
  /** Resolves when the client's state reaches `status`. */
  waitForStatus(status: ConnectionStatus): Promise<void>;
  /** Closes the client. */
  stop(): void;
}

/** Builds a harness (heartbeat and lifecycle off, fast reconnects); `options` override the client's. */
export function testHarness(options: Partial<WsClientOptions> = {}): Harness {
  const server = createTestServer();
  const client = wsClient({
    url: "ws://test",
    WebSocket: server.WebSocket,
    heartbeat: false,
    lifecycle: false,
    reconnect: { initialDelayMs: 1, maxDelayMs: 5 },
    ...options,
  });
  return {
    server,
    client,
    waitForStatus(status) {
      if (client.state.status === status) return Promise.resolve();
      return new Promise((resolve) => {
        const off = client.onState((state) => {
          if (state.status !== status) return;
          off();
          resolve();
        });
      });
    },
    stop: () => client.close(),
  };
}
