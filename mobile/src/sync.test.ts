import "fake-indexeddb/auto";
import { beforeEach, describe, expect, it } from "vitest";
import { draftKey, finishDraft, getValue, openPulseDB, setValue, type Draft, type OutboxItem, type PulseDB } from "./db";
import { SyncQueue, type UploadResult, type Uploader } from "./sync";

let db: PulseDB;
let counter = 0;

beforeEach(async () => {
  db = await openPulseDB(`pulse-test-${++counter}`);
});

function draft(userId = 1, clientId = `00000000-0000-4000-8000-00000000000${counter}`): Draft {
  return {
    client_id: clientId,
    user_id: userId,
    name: "Push day",
    units: "imperial",
    started_at: "2026-11-20T17:00:00.000Z",
    exercises: [
      {
        exercise_id: 7,
        name: "Bench Press",
        primary_muscle: "CHEST",
        rest_seconds: 90,
        sets: [
          { set_type: "warmup", reps: 10, weight: 95, rpe: null, completed_at: "2026-11-20T17:05:00.000Z" },
          { set_type: "normal", reps: 5, weight: 185, rpe: 8, completed_at: "2026-11-20T17:10:00.000Z" },
        ],
      },
      { exercise_id: 9, name: "Dips", primary_muscle: "TRICEPS", rest_seconds: 60, sets: [] },
    ],
  };
}

/** A stand-in for the API's POST /workouts: one workout per client_id, as the API promises. */
class FakeServer {
  stored = new Map<string, OutboxItem["payload"]>();
  calls = 0;
  /** What the next calls do before (or instead of) answering. */
  script: ("offline" | "commit-then-drop" | "ok" | "422" | "401" | "500")[] = [];

  uploader: Uploader = async (item) => {
    this.calls++;
    const step = this.script.shift() ?? "ok";
    if (step === "offline") throw new TypeError("Failed to fetch");
    if (step === "401") return { kind: "unauthorized" };
    if (step === "500") return { kind: "retry", reason: "500" };
    if (step === "422") return { kind: "rejected", reason: "422: name: too long" };
    if (!this.stored.has(item.client_id)) this.stored.set(item.client_id, item.payload);
    if (step === "commit-then-drop") throw new TypeError("network connection was lost"); // stored, answer lost
    const result: UploadResult = { kind: "stored", workoutId: [...this.stored.keys()].indexOf(item.client_id) + 1 };
    return result;
  };
}

describe("finishing a workout", () => {
  it("moves the draft into the outbox in one step, as a completed workout with numbered sets", async () => {
    const d = draft();
    await setValue(db, draftKey(1), d);
    const item = await finishDraft(db, d, new Date("2026-11-20T18:00:00.000Z"));
    expect(await getValue(db, draftKey(1))).toBeUndefined();
    const queue = new SyncQueue(db);
    const [queued] = await queue.items(1);
    expect(queued).toEqual(item);
    expect(queued.units).toBe("imperial");
    expect(queued.payload.client_id).toBe(d.client_id);
    expect(queued.payload.status).toBe("completed");
    expect(queued.payload.completed_at).toBe("2026-11-20T18:00:00.000Z");
    // The exercise with no sets is left out; the sets keep their order and types.
    expect(queued.payload.exercises).toHaveLength(1);
    expect(queued.payload.exercises![0].sets!.map((s) => [s.set_index, s.set_type, s.weight])).toEqual([
      [1, "warmup", 95],
      [2, "normal", 185],
    ]);
  });
});

describe("sync queue", () => {
  it("keeps a workout while offline and uploads it once the connection returns", async () => {
    const queue = new SyncQueue(db);
    const server = new FakeServer();
    await finishDraft(db, draft());
    server.script = ["offline"];
    const offline = await queue.flush(1, server.uploader);
    expect(offline.stoppedBecause).toBe("retry");
    expect(offline.remaining).toBe(1);
    expect((await queue.items(1))[0].attempts).toBe(1);
    expect(server.stored.size).toBe(0);

    const online = await queue.flush(1, server.uploader);
    expect(online.stored).toHaveLength(1);
    expect(online.remaining).toBe(0);
    expect(server.stored.size).toBe(1);
    expect(await queue.items(1)).toEqual([]);
  });

  it("stores a workout once when the answer to the upload was lost and it is sent again", async () => {
    const queue = new SyncQueue(db);
    const server = new FakeServer();
    const item = await finishDraft(db, draft());
    server.script = ["commit-then-drop", "ok"];
    expect((await queue.flush(1, server.uploader)).remaining).toBe(1); // interrupted
    expect((await queue.flush(1, server.uploader)).remaining).toBe(0); // retried
    expect(server.calls).toBe(2);
    expect([...server.stored.keys()]).toEqual([item.client_id]);
  });

  it("runs one flush at a time: two calls at once upload each workout once", async () => {
    const queue = new SyncQueue(db);
    const server = new FakeServer();
    await finishDraft(db, draft(1, "00000000-0000-4000-8000-0000000000a1"));
    const [a, b] = await Promise.all([queue.flush(1, server.uploader), queue.flush(1, server.uploader)]);
    expect(a).toBe(b);
    expect(server.calls).toBe(1);
  });

  it("uploads oldest first and stops at the first connection failure", async () => {
    const queue = new SyncQueue(db);
    const server = new FakeServer();
    const first = await finishDraft(db, draft(1, "00000000-0000-4000-8000-0000000000b1"), new Date("2026-11-20T18:00:00Z"));
    await finishDraft(db, draft(1, "00000000-0000-4000-8000-0000000000b2"), new Date("2026-11-21T18:00:00Z"));
    server.script = ["ok", "500"];
    const report = await queue.flush(1, server.uploader);
    expect(report.stored).toEqual([first.client_id]);
    expect(report.stoppedBecause).toBe("retry");
    expect(report.remaining).toBe(1);
  });

  it("keeps a refused workout for the lifter instead of retrying it forever", async () => {
    const queue = new SyncQueue(db);
    const server = new FakeServer();
    const item = await finishDraft(db, draft());
    server.script = ["422"];
    const report = await queue.flush(1, server.uploader);
    expect(report.rejected).toEqual([item.client_id]);
    expect(report.remaining).toBe(0);
    const [kept] = await queue.items(1);
    expect(kept.state).toBe("rejected");
    expect(kept.last_error).toContain("422");
    await queue.flush(1, server.uploader);
    expect(server.calls).toBe(1); // not sent again until the lifter asks
    await queue.retryRejected(item.client_id);
    expect((await queue.flush(1, server.uploader)).stored).toEqual([item.client_id]);
  });

  it("stops on an expired login and keeps everything", async () => {
    const queue = new SyncQueue(db);
    const server = new FakeServer();
    await finishDraft(db, draft());
    server.script = ["401"];
    const report = await queue.flush(1, server.uploader);
    expect(report.stoppedBecause).toBe("unauthorized");
    expect(await queue.pendingCount(1)).toBe(1);
  });

  it("uploads only the signed-in person's workouts", async () => {
    const queue = new SyncQueue(db);
    const server = new FakeServer();
    await finishDraft(db, draft(1, "00000000-0000-4000-8000-0000000000c1"));
    await finishDraft(db, draft(2, "00000000-0000-4000-8000-0000000000c2"));
    await queue.flush(2, server.uploader);
    expect([...server.stored.keys()]).toEqual(["00000000-0000-4000-8000-0000000000c2"]);
    expect(await queue.pendingCount(1)).toBe(1);
  });
});
