import { describe, expect, it } from "vitest";
import type { OutboxItem, WorkoutCreate } from "../db";
import { uploadWorkout, type WorkoutPoster } from "./client";

const item = (payload: Partial<WorkoutCreate> = {}): OutboxItem => ({
  client_id: "2b0a6f4e-8f55-4b43-9b7e-1a4c2e7d9f10",
  user_id: 1,
  units: "imperial",
  payload: {
    client_id: "2b0a6f4e-8f55-4b43-9b7e-1a4c2e7d9f10",
    routine_id: 12,
    name: "Leg day",
    status: "completed",
    started_at: "2026-11-20T17:00:00.000Z",
    completed_at: "2026-11-20T18:00:00.000Z",
    exercises: [{ exercise_id: 7, sets: [{ set_index: 1, set_type: "normal", reps: 5, weight: 225, confirm_unusual: false }] }],
    ...payload,
  },
  queued_at: "2026-11-20T18:00:00.000Z",
  attempts: 0,
  state: "pending",
  last_error: null,
});

/** A stand-in for POST /workouts answering from a script; it records every body sent. */
function server(...answers: (Awaited<ReturnType<WorkoutPoster>> | "offline")[]) {
  const sent: { body: WorkoutCreate; units: string }[] = [];
  const post: WorkoutPoster = async (body, units) => {
    sent.push({ body, units });
    const answer = answers.shift() ?? { id: 99 };
    if (answer === "offline") throw new TypeError("Failed to fetch");
    return answer;
  };
  return { sent, post };
}

const routineGone = { status: 404, error: { detail: "routine_id: routine 12 not found among your routines" } };

describe("uploading a workout started from a routine", () => {
  it("sends the routine id with the workout", async () => {
    const { sent, post } = server({ id: 5 });
    expect(await uploadWorkout(item(), post)).toEqual({ kind: "stored", workoutId: 5 });
    expect(sent).toHaveLength(1);
    expect(sent[0]).toMatchObject({ units: "imperial", body: { routine_id: 12, client_id: item().client_id } });
  });

  it("sends the workout again without the link when the routine was deleted meanwhile", async () => {
    const { sent, post } = server(routineGone, { id: 6 });
    expect(await uploadWorkout(item(), post)).toEqual({ kind: "stored", workoutId: 6 });
    expect(sent).toHaveLength(2);
    expect("routine_id" in sent[1].body).toBe(false);
    // Everything else is the same upload: the same client_id keeps it to one workout on the server.
    const { routine_id: _, ...rest } = sent[0].body;
    expect(sent[1].body).toEqual(rest);
    expect(item().payload.routine_id).toBe(12); // the queued item itself is untouched
  });

  it("keeps the usual answers for the second try", async () => {
    const offline = server(routineGone, "offline");
    expect(await uploadWorkout(item(), offline.post)).toMatchObject({ kind: "retry" });
    const refused = server(routineGone, { status: 422, error: { detail: [{ loc: ["body", "name"], msg: "too long" }] } });
    expect(await uploadWorkout(item(), refused.post)).toEqual({ kind: "rejected", reason: "422: name: too long" });
  });

  it("refuses without a second try what has nothing to do with the routine", async () => {
    const exercise = server({ status: 404, error: { detail: "exercise 7 not found" } });
    expect(await uploadWorkout(item(), exercise.post)).toEqual({ kind: "rejected", reason: "404: exercise 7 not found" });
    expect(exercise.sent).toHaveLength(1);
    // A workout without a routine is never sent twice either.
    const plain = server(routineGone);
    expect(await uploadWorkout(item({ routine_id: undefined }), plain.post)).toMatchObject({ kind: "rejected" });
    expect(plain.sent).toHaveLength(1);
    // Transient answers stay transient, with the routine still named (the next flush tries again).
    const busy = server({ status: 503, error: { detail: "the database is unavailable; try again shortly" } });
    expect(await uploadWorkout(item(), busy.post)).toMatchObject({ kind: "retry" });
    expect(busy.sent).toHaveLength(1);
    expect(await uploadWorkout(item(), server({ status: 401, error: { detail: "x" } }).post)).toEqual({ kind: "unauthorized" });
  });
});
