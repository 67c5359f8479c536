import { ROOMS } from "../../shared/rooms.ts";

/**
 * The named rooms. Each has one button that joins it or, for the current room, leaves it, so
 * focus stays put when the label changes (joining moves focus to the composer).
 */
export function RoomList(props: {
  current: string | undefined;
  userCount: number | undefined;
  onJoin: (roomId: string) => void;
  onLeave: () => void;
}) {
  return (
    <nav className="card rooms" aria-labelledby="rooms-title">
      <h2 id="rooms-title">Rooms</h2>
      <ul>
        {ROOMS.map((room) => {
          const active = room.id === props.current;
          return (
            <li key={room.id} className={active ? "room active" : "room"} data-testid={`room-${room.name}`}>
              <div className="room-text">
                <div className="room-name">
                  # {room.name}
                  {active ? <span className="sr-only"> (current room)</span> : null}
                </div>
                <div className="room-topic">
                  {active && props.userCount !== undefined ? `${props.userCount} online` : room.topic}
                </div>
              </div>
              <button
                type="button"
                className="small-button"
                aria-label={`${active ? "Leave" : "Join"} # ${room.name}`}
                data-testid={active ? "leave-room" : `join-${room.name}`}
                onClick={active ? props.onLeave : () => props.onJoin(room.id)}
              >
                {active ? "Leave" : "Join"}
              </button>
            </li>
          );
        })}
      </ul>
    </nav>
  );
}
