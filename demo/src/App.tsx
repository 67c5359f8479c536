import { useState } from "react";
import { ROOMS } from "../shared/rooms.ts";
import { useChat } from "./chat/use-chat.ts";
import { rememberName } from "./client.ts";
import { Calculator } from "./components/Calculator.tsx";
import { ChatPanel } from "./components/ChatPanel.tsx";
import { Header } from "./components/Header.tsx";
import { Intro } from "./components/Intro.tsx";
import { NamePrompt } from "./components/NamePrompt.tsx";
import { Notices } from "./components/Notices.tsx";
import { RoomList } from "./components/RoomList.tsx";
import { TryPanel } from "./components/TryPanel.tsx";
import { NoticesProvider } from "./notices/notices.tsx";
import { useClientErrors } from "./notices/use-client-errors.ts";

/**
 * The demo: a first screen that explains it and asks for a name, then rooms, chat, the
 * calculator and things to try, under a header with the connection badge.
 */
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
      <Header name={name} />
      {name === undefined ? (
        <main className="welcome">
          <Intro />
          <NamePrompt
            onSubmit={(next) => {
              rememberName(next);
              setName(next);
            }}
          />
        </main>
      ) : (
        <Workspace name={name} />
      )}
      <Notices />
    </div>
  );
}

/** After signing in: joins the first room, so the composer has the focus and the user can write at once. */
function Workspace({ name }: { name: string }) {
  const chat = useChat(name, { initialRoom: ROOMS[0]!.id });
  return (
    <main className="layout">
      <RoomList current={chat.roomId} userCount={chat.userCount} onJoin={chat.join} onLeave={chat.leave} />
      <ChatPanel chat={chat} />
      <div className="side">
        <Calculator />
        <TryPanel />
      </div>
    </main>
  );
}
