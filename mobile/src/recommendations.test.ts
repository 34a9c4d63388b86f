import { describe, expect, it } from "vitest";
import { findEndpoint, toSuggestion } from "./recommendations";

describe("recommendations hook", () => {
  it("stays off while the API document has no recommendation path", () => {
    expect(findEndpoint({ paths: { "/workouts": { get: {} } } })).toBeNull();
    expect(findEndpoint(null)).toBeNull();
  });

  it("finds the next-workout endpoint and its method", () => {
    expect(findEndpoint({ paths: { "/recommendations/next-workout": { post: {} } } })).toEqual({ path: "/recommendations/next-workout", method: "POST" });
    expect(findEndpoint({ paths: { "/recommendations/next": { get: {} } } })).toEqual({ path: "/recommendations/next", method: "GET" });
  });

  it("reads a planned session and ignores entries without an exercise id", () => {
    const s = toSuggestion({
      name: "Pull day",
      exercises: [
        { exercise_id: 4, name: "Deadlift", sets: 3, reps: 5, suggested_weight: 140, rest_seconds: 180 },
        { name: "mystery" },
      ],
    });
    expect(s).toEqual({
      name: "Pull day",
      exercises: [{ exercise_id: 4, name: "Deadlift", target_sets: 3, target_reps: 5, target_weight: 140, rest_seconds: 180 }],
    });
    expect(toSuggestion({ detail: "no model" })).toBeNull();
  });
});
