import { useSend, useWsClient } from "@typed-ws/react";
import { useEffect, useState } from "react";
import { DemoErrorCodes, RestartServer } from "../../shared/messages.ts";
import { watchTransitions } from "../connection/transitions.ts";
import { describeError, type ErrorText } from "../errors/describe.ts";
import { useServerError } from "../notices/use-server-error.ts";

/**
 * Asks the server to restart (it closes every socket with 1012), to watch the client reconnect.
 * A server without its supervisor refuses (`RESTART_UNAVAILABLE`): the reason shows under the
 * button, once, however often it is pressed.
 */
export function RestartButton() {
  const send = useSend();
  const client = useWsClient();
  const [refused, setRefused] = useState<ErrorText | undefined>(undefined);
  useServerError(DemoErrorCodes.RestartUnavailable, (error) => setRefused(describeError(error)));
  useEffect(() => watchTransitions(client, { reopened: () => setRefused(undefined) }), [client]);
  return (
    <div className="restart">
      <button type="button" data-testid="restart-server" onClick={() => send(RestartServer)}>
        <span aria-hidden>⟳ </span>Restart server
      </button>
      <p className="field-error" role="status" data-testid="restart-error" data-code={refused?.code}>
        {refused === undefined ? null : (
          <>
            {refused.text} <span className="detail">{refused.detail}</span>
          </>
        )}
      </p>
    </div>
  );
}
