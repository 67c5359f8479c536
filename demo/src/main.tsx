import { WsProvider } from "@typed-ws/react";
import { StrictMode } from "react";
import { createRoot } from "react-dom/client";
import { App } from "./App.tsx";
import { createDemoClient } from "./client.ts";
import "./styles.css";

const client = createDemoClient(window.location);
client.connect().catch((error: unknown) => console.error("typed-ws demo: connect failed", error));

createRoot(document.getElementById("root")!).render(
  <StrictMode>
    <WsProvider client={client}>
      <App />
    </WsProvider>
  </StrictMode>,
);
