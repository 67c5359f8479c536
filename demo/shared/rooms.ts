/** A chat room the demo lists. Room ids are UUIDs, as the seeds' `JOIN_ROOM` requires. */
export interface Room {
  readonly id: string;
  readonly name: string;
  readonly topic: string;
}

/** The named rooms, with fixed UUIDs so every client and server agree on them. */
export const ROOMS: readonly Room[] = [
  { id: "5b0c2d6e-8a1f-4c3b-9d2e-1f0a7b6c5d41", name: "general", topic: "Say hello" },
  { id: "9e4f1a2b-3c5d-4e6f-8a7b-0c1d2e3f4a52", name: "typescript", topic: "Types all the way down" },
  { id: "c7d8e9f0-1a2b-4c3d-8e4f-5a6b7c8d9e63", name: "random", topic: "Anything goes" },
];

/** The room with this id, if it is one of the named rooms. */
export function findRoom(id: string): Room | undefined {
  return ROOMS.find((room) => room.id === id);
}
