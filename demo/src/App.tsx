import { useState } from "react";
import { useChat } from "./chat/use-chat.ts";
import { Calculator } from "./components/Calculator.tsx";
import { ChatPanel } from "./components/ChatPanel.tsx";
import { ConnectionBadge } from "./components/ConnectionBadge.tsx";
import { NamePrompt } from "./components/NamePrompt.tsx";
import { Notices } from "./components/Notices.tsx";
import { RestartButton } from "./components/RestartButton.tsx";
import { RoomList } from "./components/RoomList.tsx";
import { NoticesProvider } from "./notices/notices.tsx";
import { useClientErrors } from "./notices/use-client-errors.ts";

/** The demo: a name prompt, then rooms, chat and the calculator, under a connection header. */
export function App() {
  return (
    <NoticesProvider>
      <Shell />
    </NoticesProvider>
  );
}

function Shell() {
  const [name, setName] = useState<string | undefined>(undefined);
  useClientErrors();
  return (
    <div className="app">
      <header className="topbar">
        <div className="brand">
          <span className="logo" aria-hidden>
            ⇄
          </span>{" "}
          typed-ws <span className="muted">demo</span>
        </div>
        <ConnectionBadge />
        <div className="spacer" />
        {name === undefined ? null : <span className="muted small me">signed in as {name}</span>}
        <RestartButton />
      </header>
      <Notices />
      {name === undefined ? <NamePrompt onSubmit={setName} /> : <Workspace name={name} />}
    </div>
  );
}

function Workspace({ name }: { name: string }) {
  const chat = useChat(name);
  return (
    <main className="layout">
      <RoomList current={chat.roomId} userCount={chat.userCount} onJoin={chat.join} onLeave={chat.leave} />
      <ChatPanel chat={chat} me={name} />
      <Calculator />
    </main>
  );
}
