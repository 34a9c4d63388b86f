import { describe, expect, it } from "vitest";
import type { Workout } from "./api/client";
import { exercisesDone, oneRepMaxSeries, previousSets, weeklyVolumeByMuscle, weekStart } from "./history";

let id = 0;
function workout(completedAt: string, exercises: [number, [number, number, string?, number?][]][], status: Workout["status"] = "completed"): Workout {
  return {
    exercise_count: exercises.length, set_count: exercises.reduce((n, [, sets]) => n + sets.length, 0),
    id: ++id, user_id: 1, client_id: null, routine_id: null, name: `W${id}`, description: null, notes: null, status, scheduled_for: null,
    started_at: completedAt, completed_at: status === "completed" ? completedAt : null, duration_s: null,
    total_volume: null, total_distance: null, calories_kcal: null, units: "metric", created_at: completedAt, updated_at: completedAt,
    exercises: exercises.map(([exerciseId, sets], i) => ({
      id: i, exercise_id: exerciseId, exercise_name: `Exercise ${exerciseId}`, position: i + 1, target_sets: null, target_reps: null,
      target_weight: null, target_duration_s: null, target_distance: null, rest_seconds: null, speed: null,
      incline_pct: null, notes: null,
      sets: sets.map(([reps, weight, type = "normal", e1rm], j) => ({
        id: j, set_index: j + 1, set_type: type as Workout["exercises"][0]["sets"][0]["set_type"], reps, weight, duration_s: null,
        distance: null, rpe: null, completed_at: completedAt, estimated_1rm: e1rm ?? weight * (1 + reps / 30),
      })),
    })),
  };
}

const history = [
  workout("2026-11-02T18:00:00Z", [[1, [[5, 100], [5, 100]]]]),
  workout("2026-11-09T18:00:00Z", [[1, [[10, 60, "warmup", 0], [5, 105]]], [2, [[8, 40]]]]),
  workout("2026-11-12T18:00:00Z", [[2, [[10, 40]]]]),
  workout("2026-11-13T18:00:00Z", [[1, [[1, 200]]]], "cancelled"),
];

describe("history", () => {
  it("shows the last completed session's sets of an exercise", () => {
    expect(previousSets(history, 1)).toEqual([
      { reps: 10, weight: 60, set_type: "warmup" },
      { reps: 5, weight: 105, set_type: "normal" },
    ]);
    expect(previousSets(history, 1, "2026-11-05T00:00:00Z").map((s) => s.weight)).toEqual([100, 100]);
    expect(previousSets(history, 99)).toEqual([]);
  });

  it("charts the best estimated 1RM per workout, oldest first, ignoring cancelled ones", () => {
    const series = oneRepMaxSeries([...history].reverse(), 1);
    expect(series.map((p) => new Date(p.t * 1000).toISOString().slice(0, 10))).toEqual(["2026-11-02", "2026-11-09"]);
    expect(series[1].value).toBeCloseTo(105 * (1 + 5 / 30));
  });

  it("adds up weekly volume per muscle group without warm-ups", () => {
    const muscles: Record<number, string> = { 1: "CHEST", 2: "BACK" };
    const volume = weeklyVolumeByMuscle(history, (exerciseId) => muscles[exerciseId]);
    expect(volume.weeks).toEqual([weekStart("2026-11-02T18:00:00Z"), weekStart("2026-11-09T18:00:00Z")]);
    expect(volume.byMuscle).toEqual({ BACK: [0, 320 + 400], CHEST: [1000, 525] });
  });

  it("starts weeks on Monday (UTC)", () => {
    expect(new Date(weekStart("2026-11-15T23:00:00Z") * 1000).toISOString()).toBe("2026-11-09T00:00:00.000Z");
  });

  it("lists exercises done, most recent first", () => {
    expect(exercisesDone(history).map((e) => e.id)).toEqual([2, 1]);
  });
});
