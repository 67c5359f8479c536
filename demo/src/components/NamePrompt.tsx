import { type FormEvent, useState } from "react";

/** Asks for a display name (1–20 characters, as `JOIN_ROOM` requires). */
export function NamePrompt({ onSubmit }: { onSubmit: (name: string) => void }) {
  const [name, setName] = useState("");
  const submit = (event: FormEvent) => {
    event.preventDefault();
    const trimmed = name.trim();
    if (trimmed.length > 0) onSubmit(trimmed);
  };
  return (
    <form className="card name-prompt" onSubmit={submit}>
      <h2>Pick a name</h2>
      <p className="muted">Shown next to your messages. 1–20 characters.</p>
      <input
        aria-label="Your name"
        data-testid="name-input"
        maxLength={20}
        placeholder="e.g. Ada"
        value={name}
        onChange={(event) => setName(event.target.value)}
      />
      <button type="submit" className="primary" data-testid="name-submit" disabled={name.trim().length === 0}>
        Start chatting
      </button>
    </form>
  );
}
