import { ROOMS } from "../../shared/rooms.ts";

/** The named rooms; the current one can be left, any other joined. */
export function RoomList(props: {
  current: string | undefined;
  userCount: number | undefined;
  onJoin: (roomId: string) => void;
  onLeave: () => void;
}) {
  return (
    <nav className="card rooms" aria-label="Rooms">
      <h2>Rooms</h2>
      <ul>
        {ROOMS.map((room) => {
          const active = room.id === props.current;
          return (
            <li key={room.id} className={active ? "room active" : "room"} data-testid={`room-${room.name}`}>
              <div>
                <div className="room-name"># {room.name}</div>
                <div className="muted small">
                  {active && props.userCount !== undefined ? `${props.userCount} online` : room.topic}
                </div>
              </div>
              {active ? (
                <button type="button" onClick={props.onLeave} data-testid="leave-room">
                  Leave
                </button>
              ) : (
                <button type="button" onClick={() => props.onJoin(room.id)} data-testid={`join-${room.name}`}>
                  Join
                </button>
              )}
            </li>
          );
        })}
      </ul>
    </nav>
  );
}
