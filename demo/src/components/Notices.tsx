import { useNotices } from "../notices/notices.tsx";

/**
 * The error notice as a toast in the corner: it overlays the page instead of pushing it down,
 * shows one error at a time (a newer one replaces it) and goes away with ✕ or on reconnect.
 */
export function Notices() {
  const { notice, dismiss } = useNotices();
  return (
    <div className="toasts" role="status">
      {notice === undefined ? null : (
        <div className="toast" data-testid="notice" data-code={notice.code}>
          <div>
            <div data-testid="notice-text">{notice.text}</div>
            <div className="detail">{notice.detail}</div>
          </div>
          <button type="button" className="icon" aria-label="Dismiss" onClick={() => dismiss(notice.id)}>
            ✕
          </button>
        </div>
      )}
    </div>
  );
}
