import { TryList } from "./TryList.tsx";

/** The first screen's explanation: what typed-ws is and what to try here. */
export function Intro() {
  return (
    <section className="intro" aria-labelledby="intro-title">
      <h2 id="intro-title">Chat and calculate over a typed WebSocket</h2>
      <p>
        <strong>typed-ws</strong> is a type-safe WebSocket SDK. One message contract types this React app and its Bun
        server: messages are checked before they leave, requests get typed answers or typed errors, and the client
        reconnects and queues what you send while offline.
      </p>
      <h3>Things to try</h3>
      <TryList />
    </section>
  );
}
