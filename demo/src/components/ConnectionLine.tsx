import { useConnectionNotice } from "../connection/use-connection-notice.ts";

/**
 * The one quiet line about the connection, above the composer: "Connection lost — reconnecting
 * in 3 s", what happens to messages meanwhile, then "Reconnected" for a few seconds. The
 * sentence is a live region; the countdown beside it is not (it would be read every second).
 */
export function ConnectionLine(props: { waiting?: number; recovered?: number }) {
  const notice = useConnectionNotice(props);
  return (
    <div
      className={`connection-line ${notice === undefined ? "" : `tone-${notice.tone}`}`}
      data-testid="connection-line"
    >
      <span role="status">
        {notice === undefined ? null : (
          <span data-testid="connection-notice" data-tone={notice.tone}>
            <span className="dot" aria-hidden />
            {notice.text}
          </span>
        )}
      </span>
      {notice?.countdown === undefined ? null : <span aria-hidden> {notice.countdown}</span>}
      {notice?.hint === undefined ? null : (
        <span className="hint" data-testid="connection-hint">
          {" "}
          · {notice.hint}
        </span>
      )}
    </div>
  );
}
