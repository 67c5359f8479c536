import { RestartButton } from "./RestartButton.tsx";
import { TryList } from "./TryList.tsx";

/** Beside the chat: the things to try, with the button that restarts the server. */
export function TryPanel() {
  return (
    <section className="card try" aria-labelledby="try-title">
      <h2 id="try-title">Try it</h2>
      <TryList />
      <RestartButton />
    </section>
  );
}
