import type { ChatEntry } from "../chat/use-chat.ts";
import { shortTime } from "../format/time.ts";

/** What an own message's status line says; `undefined` when there is nothing to say (sent). */
function statusText(entry: ChatEntry, online: boolean): string | undefined {
  if (entry.status === "sending") return online ? "Sending…" : "Waiting for the connection";
  if (entry.status === "failed") return entry.failure?.reason ?? "Not sent";
  return undefined;
}

/**
 * One chat message (name and time, or only the text when it continues a group). Own messages show where they are: "Sending…", "Waiting for the connection",
 * or failed with the reason and a Retry button (disabled while `retryBlocked`, e.g. during the
 * rate limit's pause).
 */
export function MessageItem(props: {
  entry: ChatEntry;
  /** Follows a message of the same author: name and time are left out (kept for screen readers). */
  continued: boolean;
  online: boolean;
  retryBlocked: boolean;
  onRetry: (entryId: number) => void;
}) {
  const { entry } = props;
  const status = entry.mine ? statusText(entry, props.online) : undefined;
  const classes = [
    "message",
    entry.mine ? "mine" : "",
    entry.status === "failed" ? "failed" : "",
    props.continued ? "continued" : "",
  ];
  return (
    <li className={classes.join(" ").trim()} data-testid="message" data-status={entry.status}>
      <div className={props.continued ? "meta sr-only" : "meta"}>
        <span className="author">{entry.mine ? "You" : entry.username}</span>
        <time dateTime={new Date(entry.at).toISOString()}>{shortTime.format(entry.at)}</time>
      </div>
      <div className="text" data-testid="message-text">
        {entry.text}
      </div>
      {status === undefined ? null : (
        <div className="delivery" data-testid="delivery">
          <span>{status}</span>
          {entry.status === "failed" ? " " : null}
          {entry.status === "failed" ? (
            <button
              type="button"
              className="link-button"
              data-testid="retry"
              disabled={props.retryBlocked}
              onClick={() => props.onRetry(entry.id)}
            >
              Retry
            </button>
          ) : null}
        </div>
      )}
    </li>
  );
}
