import { describe, expect, it } from "vitest";
import { draftToPayload, type Draft } from "./db";

const draft = (extra: Partial<Draft> = {}): Draft => ({
  client_id: "c1", user_id: 1, name: "Hill walk", units: "imperial", started_at: "2026-12-01T07:00:00.000Z",
  exercises: [{ exercise_id: 9, name: "Treadmill", primary_muscle: "LEGS", rest_seconds: 60, cardio: true, speed: 3, incline_pct: 12,
    sets: [{ set_type: "normal", reps: 1, weight: null, rpe: null, completed_at: "2026-12-01T07:30:00.000Z", confirmed_unusual: true }] }],
  ...extra,
});

describe("the upload of a finished draft", () => {
  it("carries the description, the machine settings and a confirmed unusual weight", () => {
    const body = draftToPayload(draft({ description: "  12-3-30  " }), new Date("2026-12-01T07:31:00.000Z"));
    expect(body.description).toBe("12-3-30");
    expect(body.exercises![0]).toMatchObject({ speed: 3, incline_pct: 12 });
    expect(body.exercises![0].sets![0].confirm_unusual).toBe(true);
  });

  it("leaves out what was not given", () => {
    const plain = draft({ exercises: [{ ...draft().exercises[0], speed: null, incline_pct: undefined }] });
    const body = draftToPayload(plain, new Date("2026-12-01T07:31:00.000Z"));
    expect("description" in body).toBe(false);
    expect("speed" in body.exercises![0] || "incline_pct" in body.exercises![0]).toBe(false);
  });
});
