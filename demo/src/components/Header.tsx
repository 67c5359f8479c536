import { ConnectionBadge } from "./ConnectionBadge.tsx";

/** The top bar: the title (the page's `<h1>`), the connection badge and who is signed in. */
export function Header({ name }: { name: string | undefined }) {
  return (
    <header className="topbar">
      <h1 className="brand">
        <span className="logo" aria-hidden>
          ⇄
        </span>
        typed-ws <span className="brand-sub">demo</span>
      </h1>
      <ConnectionBadge />
      {name === undefined ? null : (
        <p className="me" data-testid="signed-in">
          Signed in as <strong title={name}>{name}</strong>
        </p>
      )}
    </header>
  );
}
