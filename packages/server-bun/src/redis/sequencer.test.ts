import { describe, expect, test } from "bun:test";
import type { NumberedAnnouncement } from "./announcement.ts";
import { AnnouncementSequencer, type HistoryReader, type SequencedPublication } from "./sequencer.ts";

const ann = (offset: number, topic = "t", epoch = "e"): NumberedAnnouncement => ({
  kind: "numbered",
  topic,
  epoch,
  offset,
  frame: `f${offset}`,
  origin: "",
});

/** A sequencer over a history of offsets 1..latest whose reads resolve when the test says. */
function setup(latest = 100, epoch = "e") {
  const emitted: string[] = [];
  const reads: { after: number; resolve: () => void }[] = [];
  let fail = false;
  const read: HistoryReader = (_topic, asked, after) =>
    new Promise((resolve, reject) => {
      reads.push({
        after,
        resolve: () => {
          if (fail) return reject(new Error("down"));
          if (asked !== epoch) return resolve(undefined);
          const entries = [];
          for (let offset = after + 1; offset <= latest; offset++)
            entries.push({ offset, frame: `f${offset}`, origin: "" });
          resolve(entries);
        },
      });
    });
  const sequencer = new AnnouncementSequencer(read, (p: SequencedPublication) =>
    emitted.push(`${p.topic}:${p.epoch}:${p.offset}`),
  );
  return { sequencer, emitted, reads, failReads: () => (fail = true) };
}

const settle = () => new Promise((resolve) => setTimeout(resolve, 0));

describe("AnnouncementSequencer", () => {
  test("passes announcements in order at once and drops duplicates", () => {
    const { sequencer, emitted, reads } = setup();
    for (const offset of [1, 2, 2, 3, 1]) sequencer.push(ann(offset));
    expect(emitted).toEqual(["t:e:1", "t:e:2", "t:e:3"]);
    expect(reads).toHaveLength(0);
  });

  test("an announcement that skips ahead reads the gap first and holds that topic's later ones meanwhile", async () => {
    const { sequencer, emitted, reads } = setup(5);
    sequencer.push(ann(1));
    sequencer.push(ann(4)); // 2 and 3 were missed
    sequencer.push(ann(5));
    sequencer.push(ann(1, "u")); // another topic is not held
    expect(emitted).toEqual(["t:e:1", "u:e:1"]);
    expect(reads.map((r) => r.after)).toEqual([1]);
    reads[0]?.resolve();
    await settle();
    expect(emitted).toEqual(["t:e:1", "u:e:1", "t:e:2", "t:e:3", "t:e:4", "t:e:5"]);
    sequencer.push(ann(6));
    expect(emitted.at(-1)).toBe("t:e:6");
  });

  test("resync after a reconnect reads what every tracked topic missed", async () => {
    const { sequencer, emitted, reads } = setup(3);
    sequencer.push(ann(1));
    sequencer.push(ann(1, "u"));
    sequencer.resync();
    expect(reads.map((r) => r.after)).toEqual([1, 1]);
    for (const r of reads) r.resolve();
    await settle();
    expect(emitted.filter((line) => line.startsWith("t:"))).toEqual(["t:e:1", "t:e:2", "t:e:3"]);
    expect(emitted.filter((line) => line.startsWith("u:"))).toEqual(["u:e:1", "u:e:2", "u:e:3"]);
  });

  test("a new epoch passes at once (no read); a failed read passes the held announcements with the gap", async () => {
    const { sequencer, emitted, reads, failReads } = setup();
    sequencer.push(ann(7));
    sequencer.push(ann(1, "t", "e2"));
    expect(emitted).toEqual(["t:e:7", "t:e2:1"]);
    sequencer.push(ann(4, "t", "e2"));
    failReads();
    reads[0]?.resolve();
    await settle();
    expect(emitted).toEqual(["t:e:7", "t:e2:1", "t:e2:4"]);
  });

  test("tracks at most maxTopics topics, forgetting the oldest", () => {
    const emitted: number[] = [];
    const sequencer = new AnnouncementSequencer(
      async () => [],
      (p) => emitted.push(p.offset),
      2,
    );
    sequencer.push(ann(1, "a"));
    sequencer.push(ann(1, "b"));
    sequencer.push(ann(1, "c"));
    expect(sequencer.size).toBe(2);
    sequencer.push(ann(5, "a")); // "a" was forgotten: passed as a first announcement, no read
    expect(emitted).toEqual([1, 1, 1, 5]);
  });
});
