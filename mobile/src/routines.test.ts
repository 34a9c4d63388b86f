import { describe, expect, it } from "vitest";
import { draftToPayload } from "./db";
import { forYouRequest } from "./recommendations";
import { describeRoutine, newRow, parseTarget, routineToDraft, rowsOf, targetsOf, type PlannedExercise, type Routine } from "./routines";
import { convertWeight } from "./units";

const planned = (overrides: Partial<PlannedExercise>): PlannedExercise => ({
  id: 1,
  exercise_id: 10,
  exercise_name: "Barbell Back Squat",
  position: 1,
  target_sets: 3,
  target_reps: 5,
  target_weight: 100,
  target_duration_s: null,
  target_distance: null,
  rest_seconds: 180,
  speed: null,
  incline_pct: null,
  notes: null,
  ...overrides,
});

const routine = (exercises: PlannedExercise[], overrides: Partial<Routine> = {}): Routine => ({
  id: 7,
  name: "Snatch day",
  notes: null,
  exercises,
  times_done: 0,
  last_done_at: null,
  created_at: "2026-01-01T00:00:00Z",
  updated_at: "2026-01-01T00:00:00Z",
  ...overrides,
});

const start = { client_id: "c", user_id: 1, units: "metric" as const, started_at: "2026-01-01T10:00:00Z" };

describe("starting a routine", () => {
  it("logs its exercises in order with their targets", () => {
    const draft = routineToDraft(
      routine([planned({ position: 2, exercise_id: 11, exercise_name: "Plank", target_sets: 2, target_reps: null, target_weight: null, target_duration_s: 60, rest_seconds: null }), planned({})]),
      start,
      convertWeight,
      "metric",
    );
    expect(draft.name).toBe("Snatch day");
    expect(draft.client_id).toBe("c");
    expect(draft.exercises.map((e) => e.name)).toEqual(["Barbell Back Squat", "Plank"]);
    expect(draft.exercises[0]).toMatchObject({ rest_seconds: 180, sets: [], target: { sets: 3, reps: 5, weight: 100, duration_s: null } });
    expect(draft.exercises[1]).toMatchObject({ rest_seconds: 90, target: { sets: 2, reps: null, weight: null, duration_s: 60 } });
  });

  it("converts weights into the units the workout is logged in", () => {
    const draft = routineToDraft(routine([planned({ target_weight: 100 })]), { ...start, units: "imperial" }, convertWeight, "metric");
    expect(draft.exercises[0].target?.weight).toBeCloseTo(220.462, 3);
  });

  it("remembers the routine, so the upload links the workout to it", () => {
    const draft = routineToDraft(routine([planned({})]), start, convertWeight, "metric");
    expect(draft.routine).toEqual({ id: 7, name: "Snatch day" });
    draft.name = "Renamed while training";
    draft.exercises[0].sets.push({ set_type: "normal", reps: 5, weight: 100, rpe: null, completed_at: "2026-01-01T10:05:00Z" });
    const body = draftToPayload(draft, new Date("2026-01-01T11:00:00Z"));
    expect(body).toMatchObject({ client_id: "c", routine_id: 7, name: "Renamed while training", status: "completed" });
    // A workout not started from a routine sends no routine_id at all.
    const { routine: _, ...plain } = draft;
    expect("routine_id" in draftToPayload(plain, new Date("2026-01-01T11:00:00Z"))).toBe(false);
  });

  it("asks For you for exercises ranked for the routine being trained", () => {
    const draft = routineToDraft(routine([planned({})]), start, convertWeight, "metric");
    draft.name = "Renamed while training";
    expect(forYouRequest(10, draft)).toEqual({ k: 10, title: "Snatch day" });
    const { routine: _, ...plain } = draft;
    expect(forYouRequest(10, plain)).toEqual({ k: 10 });
    expect(forYouRequest(5, undefined)).toEqual({ k: 5 });
  });

  it("plans no target for an exercise without a number of sets", () => {
    const draft = routineToDraft(routine([planned({ target_sets: null })]), start, convertWeight, "metric");
    expect(draft.exercises[0].target).toBeUndefined();
  });
});

describe("the routine editor", () => {
  it("keeps what it does not show when it sends the list back", () => {
    const rows = rowsOf(routine([planned({ target_duration_s: 30, notes: "belt", rest_seconds: 200, position: 2 }), planned({ exercise_id: 12, position: 1 })]));
    expect(rows.map((r) => r.exercise_id)).toEqual([12, 10]);
    rows[1].reps = 3;
    expect(targetsOf(rows)[1]).toEqual({
      exercise_id: 10, target_sets: 3, target_reps: 3, target_weight: 100, target_duration_s: 30, target_distance: null, rest_seconds: 200, notes: "belt",
    });
    expect(targetsOf([newRow({ id: 4, name: "Dip" })])).toEqual([{ exercise_id: 4, target_sets: 3, target_reps: 8, target_weight: null, rest_seconds: 90 }]);
  });

  it("reads typed numbers, empty as no target", () => {
    expect(parseTarget(" 62,5 ")).toBe(62.5);
    expect(parseTarget("")).toBeNull();
    expect(parseTarget("-1")).toBe("invalid");
    expect(parseTarget("abc")).toBe("invalid");
  });

  it("summarises a routine", () => {
    const date = (iso: string) => iso.slice(0, 10);
    expect(describeRoutine(routine([planned({})]), date)).toBe("1 exercise · not done yet");
    expect(describeRoutine(routine([planned({}), planned({})], { times_done: 12, last_done_at: "2021-09-06T15:00:00Z" }), date)).toBe(
      "2 exercises · done 12 times, last on 2021-09-06",
    );
  });
});
