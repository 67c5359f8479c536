import { TypedWsError } from "@typed-ws/client";
import { type FormEvent, useState } from "react";

const MAX = 500;

/**
 * The message input. Sending validates against the `SEND_MESSAGE` schema first: a message over
 * 500 characters is rejected with a `ValidationError` before anything is sent, shown here.
 */
export function Composer({ onSend, disabled }: { onSend: (text: string) => void; disabled: boolean }) {
  const [text, setText] = useState("");
  const [error, setError] = useState<TypedWsError | undefined>(undefined);

  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (text.trim().length === 0) return;
    try {
      onSend(text);
      setText("");
      setError(undefined);
    } catch (caught) {
      // ValidationError (schema), or LimitExceededError if the offline queue refuses it.
      if (!(caught instanceof TypedWsError)) throw caught;
      setError(caught);
    }
  };

  return (
    <form className="composer" onSubmit={submit}>
      <div className="composer-row">
        <input
          aria-label="Message"
          data-testid="message-input"
          placeholder={disabled ? "Join a room to chat" : "Write a message…"}
          disabled={disabled}
          value={text}
          onChange={(event) => setText(event.target.value)}
        />
        <button type="submit" className="primary" data-testid="send" disabled={disabled}>
          Send
        </button>
      </div>
      <div className="composer-foot">
        {error === undefined ? (
          <span />
        ) : (
          <span className="inline-error" role="alert" data-testid="validation-error">
            <strong>{error.name}</strong> <code>{error.code}</code> {error.message}
          </span>
        )}
        <span className={text.length > MAX ? "counter over" : "counter"} data-testid="char-count">
          {text.length}/{MAX}
        </span>
      </div>
    </form>
  );
}
