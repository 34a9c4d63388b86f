import "fake-indexeddb/auto";
import { beforeEach, describe, expect, it } from "vitest";
import { openPulseDB, type PulseDB } from "./db";
import {
  describeTarget,
  feedbackResult,
  flushFeedback,
  giveFeedback,
  modelLabel,
  planToDraft,
  queuedFeedback,
  rate,
  startFeedback,
  withRating,
  type Feedback,
  type FeedbackResult,
  type NextWorkout,
} from "./recommendations";

const popularity = { name: "popularity", version: null, source: "popularity_fallback" };

function plan(overrides: Partial<NextWorkout> = {}): NextWorkout {
  return {
    id: 41,
    name: "Strength session",
    fitness_goal: "strength",
    experience_level: "intermediate",
    model: popularity,
    unit_system: "metric",
    recovering_muscles: [],
    exercises: [
      // Out of order on purpose: the draft follows `position`.
      { position: 2, exercise_id: 9, name: "Plank", primary_muscle: "CORE", equipment: "NONE", sets: 3, reps: null, duration_s: 45, suggested_weight: null, weight_basis: null, rest_seconds: 60 },
      { position: 1, exercise_id: 4, name: "Barbell Squat", primary_muscle: "LEGS", equipment: "BARBELL", sets: 5, reps: 5, duration_s: null, suggested_weight: 100, weight_basis: "model", rest_seconds: 180 },
      { position: 3, exercise_id: 7, name: "Barbell Bench Press", primary_muscle: "CHEST", equipment: "BARBELL", sets: 3, reps: 8, duration_s: null, suggested_weight: 60, weight_basis: "repeat_last", rest_seconds: 120 },
    ],
    ...overrides,
  } as NextWorkout;
}

const start = { client_id: "00000000-0000-4000-8000-000000000001", user_id: 3, units: "metric" as const, started_at: "2026-11-20T17:00:00.000Z" };

describe("starting the recommended workout", () => {
  it("fills the workout with the plan's exercises, targets and rest, and remembers the recommendation", () => {
    const draft = planToDraft(plan(), start);
    expect(draft).toMatchObject({ ...start, name: "Strength session", recommendation_id: 41 });
    expect(draft.exercises.map((e) => [e.exercise_id, e.rest_seconds, e.sets.length])).toEqual([
      [4, 180, 0],
      [9, 60, 0],
      [7, 120, 0],
    ]);
    expect(draft.exercises[0].target).toEqual({ sets: 5, reps: 5, duration_s: null, weight: 100 });
    expect(draft.exercises[1].target).toEqual({ sets: 3, reps: null, duration_s: 45, weight: null });
  });

  it("keeps only the exercises the lifter kept", () => {
    const draft = planToDraft(plan(), start, new Set([7]));
    expect(draft.exercises.map((e) => e.name)).toEqual(["Barbell Bench Press"]);
  });

  it("converts suggested weights when the plan came in the other unit system", () => {
    const imperialPlan = plan({ unit_system: "imperial" });
    expect(planToDraft(imperialPlan, start).exercises[0].target!.weight).toBe(45.359); // 100 lb
    const inPounds = planToDraft(plan(), { ...start, units: "imperial" });
    expect(inPounds.exercises[0].target!.weight).toBe(220.462); // 100 kg
    expect(inPounds.units).toBe("imperial");
  });

  it("accepts the kept exercises and skips the ones left out", () => {
    expect(startFeedback(plan(), new Set([4, 7]))).toEqual([
      { recommendation_id: 41, exercise_id: 9, action: "skipped" },
      { recommendation_id: 41, exercise_id: 4, action: "accepted" },
      { recommendation_id: 41, exercise_id: 7, action: "accepted" },
    ]);
    expect(startFeedback(plan()).every((f) => f.action === "accepted")).toBe(true);
  });

  it("describes targets and who answered", () => {
    expect(describeTarget({ sets: 5, reps: 5, duration_s: null, weight: 102.5 }, "metric")).toBe("5 × 5 at 102.5 kg");
    expect(describeTarget({ sets: 3, reps: null, duration_s: 45, weight: null }, "imperial")).toBe("3 × 45 s");
    expect(modelLabel(popularity)).toBe("Popular with lifters like you");
    expect(modelLabel({ name: "pulse-recommender", version: "3", source: "model" })).toBe("Picked for you by pulse-recommender (version 3)");
  });
});

describe("feedback queue", () => {
  let db: PulseDB;
  let counter = 0;
  beforeEach(async () => {
    db = await openPulseDB(`pulse-feedback-test-${++counter}`);
  });

  const skip: Feedback = { recommendation_id: 5, exercise_id: 1, action: "skipped" };
  const add: Feedback = { recommendation_id: 5, exercise_id: 2, action: "accepted" };

  /** A stand-in for the API: stores each feedback once; `script` says what the next calls answer. */
  function fakeApi(script: (FeedbackResult | "throw")[] = []) {
    const stored: Feedback[] = [];
    const send = async (f: Feedback): Promise<FeedbackResult> => {
      const step = script.shift() ?? "stored";
      if (step === "throw") throw new TypeError("Failed to fetch");
      if (step === "stored" && !stored.some((s) => JSON.stringify(s) === JSON.stringify(f))) stored.push(f);
      return step;
    };
    return { stored, send };
  }

  it("maps the API's answers: stored, retry later, or drop", () => {
    expect([200, 201].map(feedbackResult)).toEqual(["stored", "stored"]);
    expect([null, 401, 408, 429, 500, 503].map(feedbackResult)).toEqual(Array(6).fill("retry"));
    expect([404, 422].map(feedbackResult)).toEqual(["drop", "drop"]);
  });

  it("sends feedback right away when online and keeps nothing", async () => {
    const server = fakeApi();
    expect(await giveFeedback(db, 1, [skip, add], server.send)).toBe(true);
    expect(server.stored).toEqual([skip, add]);
    expect(await queuedFeedback(db, 1)).toEqual([]);
  });

  it("keeps feedback given offline and sends it, once, when the connection is back", async () => {
    const server = fakeApi(["throw"]);
    expect(await giveFeedback(db, 1, [skip, add], server.send)).toBe(false);
    expect(await queuedFeedback(db, 1)).toEqual([skip, add]); // stopped at the first failure
    await giveFeedback(db, 1, [skip], server.send); // the same feedback again is not queued twice
    expect(server.stored).toEqual([skip, add]);
    expect(await queuedFeedback(db, 1)).toEqual([]);
    expect(await flushFeedback(db, 1, server.send)).toEqual([]); // nothing left to send
  });

  it("retries server errors, drops what the API will never accept, and keeps people apart", async () => {
    const server = fakeApi(["retry"]);
    await giveFeedback(db, 1, [skip], server.send);
    await giveFeedback(db, 2, [add], fakeApi(["drop"]).send);
    expect(await queuedFeedback(db, 1)).toEqual([skip]);
    expect(await queuedFeedback(db, 2)).toEqual([]); // a 404/422 would fail forever
    expect(await flushFeedback(db, 1, server.send)).toEqual(["stored"]);
    expect(await queuedFeedback(db, 1)).toEqual([]);
  });

  it("never loses feedback queued while a flush is running", async () => {
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    const sent: Feedback[] = [];
    const slow = async (f: Feedback): Promise<FeedbackResult> => {
      await gate;
      sent.push(f);
      return "stored";
    };
    await giveFeedback(db, 1, [skip], async () => "retry");
    const first = flushFeedback(db, 1, slow);
    const second = giveFeedback(db, 1, [add], slow);
    release();
    await first;
    expect(await second).toBe(true);
    expect(sent).toEqual([skip, add]);
    expect(await queuedFeedback(db, 1)).toEqual([]);
  });
});

describe("rating a recommended exercise", () => {
  it("sends the rating pressed when there was none", () => {
    expect(rate(undefined, "thumbs_up")).toEqual({ rating: "thumbs_up", send: "thumbs_up" });
    expect(rate(null, "thumbs_down")).toEqual({ rating: "thumbs_down", send: "thumbs_down" });
  });

  it("sends nothing when the same rating is pressed again (the API has no undo)", () => {
    expect(rate("thumbs_up", "thumbs_up")).toEqual({ rating: "thumbs_up", send: null });
    expect(rate("thumbs_down", "thumbs_down")).toEqual({ rating: "thumbs_down", send: null });
  });

  it("changes its mind: the other rating is shown and sent", () => {
    expect(rate("thumbs_up", "thumbs_down")).toEqual({ rating: "thumbs_down", send: "thumbs_down" });
    expect(rate("thumbs_down", "thumbs_up")).toEqual({ rating: "thumbs_up", send: "thumbs_up" });
  });

  it("keeps one rating per item, the newest last, and only the newest few", () => {
    const saved = withRating(withRating({}, "5:1", "thumbs_up"), "5:2", "thumbs_down");
    expect(saved).toEqual({ "5:1": "thumbs_up", "5:2": "thumbs_down" });
    const changed = withRating(saved, "5:1", "thumbs_down");
    expect(Object.entries(changed)).toEqual([["5:2", "thumbs_down"], ["5:1", "thumbs_down"]]);
    expect(saved["5:1"]).toBe("thumbs_up"); // not changed in place
    const trimmed = withRating(changed, "6:1", "thumbs_up", 2);
    expect(Object.keys(trimmed)).toEqual(["5:1", "6:1"]);
  });

  it("queues thumbs like any other feedback", async () => {
    const db = await openPulseDB(`pulse-rating-${Math.random()}`);
    const sent: Feedback[] = [];
    const ok = await giveFeedback(db, 3, [{ recommendation_id: 8, exercise_id: 2, action: "thumbs_up" }], async (f) => {
      sent.push(f);
      return "stored";
    });
    expect(ok).toBe(true);
    expect(sent).toEqual([{ recommendation_id: 8, exercise_id: 2, action: "thumbs_up" }]);
    expect(await queuedFeedback(db, 3)).toEqual([]);
    db.close();
  });
});
