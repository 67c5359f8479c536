import { type FormEvent, useId, useState } from "react";

/** The longest name `JOIN_ROOM` accepts. */
export const NAME_MAX = 20;

/** What is wrong with a name, in plain words, or `undefined` when it is fine. */
export function nameProblem(name: string): string | undefined {
  const length = name.trim().length;
  if (length === 0) return "Enter a name to start.";
  if (length > NAME_MAX) return `Names can be at most ${NAME_MAX} characters; this one has ${length}.`;
  return undefined;
}

/**
 * Asks for a display name (1–20 characters, as `JOIN_ROOM` requires). The field says what it
 * accepts and counts; a name too long is flagged as it is typed, an empty one when submitted.
 * Focused on load.
 */
export function NamePrompt({ onSubmit }: { onSubmit: (name: string) => void }) {
  const [name, setName] = useState("");
  const [submitted, setSubmitted] = useState(false);
  const id = useId();
  const length = name.trim().length;
  const problem = nameProblem(name);
  const shown = problem !== undefined && (submitted || length > NAME_MAX) ? problem : undefined;

  const submit = (event: FormEvent) => {
    event.preventDefault();
    setSubmitted(true);
    if (problem === undefined) onSubmit(name.trim());
  };

  return (
    <form className="card name-prompt" onSubmit={submit} noValidate aria-labelledby={`${id}-title`}>
      <h2 id={`${id}-title`}>Pick a name</h2>
      <label htmlFor={`${id}-name`}>Your name</label>
      <input
        id={`${id}-name`}
        data-testid="name-input"
        autoComplete="nickname"
        // biome-ignore lint/a11y/noAutofocus: the name is the only thing to do on this screen
        autoFocus
        aria-invalid={shown !== undefined}
        aria-describedby={`${id}-hint ${id}-error`}
        placeholder="e.g. Ada"
        value={name}
        onChange={(event) => setName(event.target.value)}
      />
      <div className="field-foot">
        <span id={`${id}-hint`} className="muted small">
          Shown next to your messages. Up to {NAME_MAX} characters.
        </span>
        <span className={length > NAME_MAX ? "counter over" : "counter"} data-testid="name-count" aria-hidden>
          {length}/{NAME_MAX}
        </span>
      </div>
      <p id={`${id}-error`} className="field-error" data-testid="name-error" role="alert">
        {shown}
      </p>
      <button type="submit" className="primary" data-testid="name-submit">
        Start chatting
      </button>
    </form>
  );
}
