import { useSend } from "@typed-ws/react";
import { RestartServer } from "../../shared/messages.ts";

/** Asks the server to restart (it closes every socket with 1012), to watch the client reconnect. */
export function RestartButton() {
  const send = useSend();
  return (
    <button type="button" className="ghost" data-testid="restart-server" onClick={() => send(RestartServer)}>
      ⟳ Restart server
    </button>
  );
}
