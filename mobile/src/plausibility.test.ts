import { describe, expect, it } from "vitest";
import type { Workout } from "./api/client";
import { bestWeight, unusualWeightQuestion } from "./plausibility";

const workout = (units: "metric" | "imperial", sets: [string, number][]): Workout =>
  ({
    units,
    exercises: [{ exercise_id: 7, sets: sets.map(([set_type, weight]) => ({ set_type, weight, reps: 5 })) }],
  }) as unknown as Workout;

describe("unusual weights", () => {
  it("takes the best working weight over history in the draft's units, warm-ups left out", () => {
    const history = [workout("imperial", [["warmup", 300], ["normal", 225]]), workout("metric", [["normal", 90]])];
    expect(bestWeight(history, 7, "metric")).toBeCloseTo(102.058, 2);
    expect(bestWeight(history, 8, "metric")).toBeNull();
    expect(bestWeight([], 7, "metric", [null, 60])).toBe(60);
  });

  it("asks only above twice the best, and never without a best", () => {
    expect(unusualWeightQuestion(225, 102.5, "kg")).toContain("more than twice your best");
    expect(unusualWeightQuestion(205, 102.5, "kg")).toBeNull();
    expect(unusualWeightQuestion(500, null, "kg")).toBeNull();
    expect(unusualWeightQuestion(null, 100, "kg")).toBeNull();
  });
});
