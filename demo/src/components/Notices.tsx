import { secondsUntil, useNow } from "../hooks/use-now.ts";
import { useNotices } from "../notices/notices.tsx";

const clock = new Intl.DateTimeFormat(undefined, { hour: "2-digit", minute: "2-digit", second: "2-digit" });

/** The typed errors reported so far, each with its class, code and, for rate limits, the retry time. */
export function Notices() {
  const { notices, dismiss } = useNotices();
  const now = useNow(
    notices.some((notice) => notice.retryAt !== undefined),
    500,
  );
  if (notices.length === 0) return null;
  return (
    <ul className="notices" aria-live="polite">
      {notices.map((notice) => (
        <li key={notice.id} className="notice" data-testid="notice" data-code={notice.code}>
          <div>
            <strong>{notice.name}</strong> <code>{notice.code}</code> {notice.message}
            {notice.retryAt === undefined ? null : (
              <div className="small" data-testid="retry-after">
                {notice.retryAt > now
                  ? `retry in ${secondsUntil(notice.retryAt, now)} s (at ${clock.format(notice.retryAt)})`
                  : "you can send again"}
              </div>
            )}
          </div>
          <button type="button" className="ghost small" aria-label="Dismiss" onClick={() => dismiss(notice.id)}>
            ✕
          </button>
        </li>
      ))}
    </ul>
  );
}
