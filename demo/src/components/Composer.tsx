import { TypedWsError, ValidationError } from "@typed-ws/client";
import { type FormEvent, type Ref, useId, useState } from "react";
import type { RateLimit } from "../chat/use-chat.ts";
import { describeError, type ErrorText } from "../errors/describe.ts";
import { clockTime } from "../format/time.ts";
import { secondsUntil, useNow } from "../hooks/use-now.ts";

/** The longest message `POST_MESSAGE` (and `SEND_MESSAGE`) accepts. */
export const MESSAGE_MAX = 500;

/**
 * The message input, with a character counter. Sending validates against the `POST_MESSAGE`
 * schema first: a message over 500 characters is refused before anything is sent and stays in
 * the input, with the reason in plain words. While the server's rate limit pauses sending, the
 * Send button is disabled and a countdown says when it resumes (typing stays possible).
 */
export function Composer(props: {
  onSend: (text: string) => boolean;
  disabled: boolean;
  rateLimit: RateLimit | undefined;
  placeholder: string;
  inputRef?: Ref<HTMLInputElement>;
}) {
  const [text, setText] = useState("");
  const [error, setError] = useState<ErrorText | undefined>(undefined);
  const id = useId();
  const now = useNow(props.rateLimit !== undefined, 500);
  const limited = props.rateLimit !== undefined && props.rateLimit.until > now;
  const over = text.length > MESSAGE_MAX;

  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (text.trim().length === 0 || props.disabled || limited) return;
    try {
      if (props.onSend(text)) {
        setText("");
        setError(undefined);
      }
    } catch (caught) {
      // ValidationError (schema), or LimitExceededError if the offline queue refuses it.
      if (!(caught instanceof TypedWsError)) throw caught;
      const described = describeError(caught);
      const tooLong = caught instanceof ValidationError && over;
      const why = `Messages can be at most ${MESSAGE_MAX} characters; this one has ${text.length}.`;
      setError(tooLong ? { ...described, text: why } : described);
    }
  };

  return (
    <form className="composer" onSubmit={submit} aria-label="Send a message">
      <div className="composer-row">
        <label htmlFor={`${id}-text`} className="sr-only">
          Message
        </label>
        <input
          id={`${id}-text`}
          ref={props.inputRef}
          data-testid="message-input"
          placeholder={props.placeholder}
          disabled={props.disabled}
          aria-invalid={over}
          aria-describedby={`${id}-foot`}
          value={text}
          onChange={(event) => {
            setText(event.target.value);
            if (error !== undefined && event.target.value.length <= MESSAGE_MAX) setError(undefined);
          }}
        />
        <button type="submit" className="primary" data-testid="send" disabled={props.disabled || limited}>
          Send
        </button>
      </div>
      <div className="composer-foot" id={`${id}-foot`}>
        <div className="composer-status" data-testid="composer-status">
          {limited && props.rateLimit !== undefined ? (
            <span className="rate-limit" data-testid="rate-limit">
              <span role="status">
                Sending paused:{" "}
                {props.rateLimit.max === undefined
                  ? "too many messages."
                  : `you can send ${props.rateLimit.max} messages a minute.`}
                <span className="sr-only"> It resumes at {clockTime.format(props.rateLimit.until)}.</span>
              </span>{" "}
              <strong aria-hidden data-testid="retry-after">
                Resumes in {secondsUntil(props.rateLimit.until, now)} s
              </strong>
            </span>
          ) : error !== undefined ? (
            <span className="field-error" role="alert" data-testid="validation-error" data-code={error.code}>
              {error.text} <span className="detail">{error.detail}</span>
            </span>
          ) : null}
        </div>
        <span className={over ? "counter over" : "counter"} data-testid="char-count">
          <span className="sr-only">Characters: </span>
          {text.length}/{MESSAGE_MAX}
        </span>
      </div>
    </form>
  );
}
