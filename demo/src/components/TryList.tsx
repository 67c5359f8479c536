/** What to try in the demo: the same three steps on the first screen and beside the chat. */
export function TryList() {
  return (
    <ol className="try-list">
      <li>
        <strong>Open a second tab</strong> and chat with yourself: messages and the user count are live.
      </li>
      <li>
        <strong>Restart the server</strong> (the button beside the chat) and watch the app reconnect and re-join the
        room by itself.
      </li>
      <li>
        <strong>Send while offline</strong>: stop the server, write a message, start it again — it arrives once.
      </li>
    </ol>
  );
}
