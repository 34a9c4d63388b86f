// Routines (workout templates): turning one into the workout being logged, and the editor's rows
// into the API's planned exercises. Pure functions; the screens call the API.
import type { Schemas } from "./api/client";
import type { Draft, DraftExercise } from "./db";
import type { UnitSystem } from "./units";

export type Routine = Schemas["RoutineOut"];
export type PlannedExercise = Schemas["PlannedExerciseOut"];
export type ExerciseTargets = Schemas["ExerciseTargets"];

/** A rest the workout screen starts after a set when the routine names none. */
export const DEFAULT_REST_SECONDS = 90;

/**
 * The workout to log from a routine: its exercises in order, each with the routine's targets.
 * Routines are read in the person's units (`from`); a draft started in the other system gets
 * converted weights. An exercise without a number of sets has no target, only its rest. The draft
 * remembers the routine, so the upload links the workout to it (`routine_id`).
 */
export function routineToDraft(
  routine: Routine,
  start: Pick<Draft, "client_id" | "user_id" | "units" | "started_at">,
  convert: (weight: number, from: UnitSystem, to: UnitSystem) => number,
  from: UnitSystem,
): Draft {
  const exercises: DraftExercise[] = [...routine.exercises]
    .sort((a, b) => a.position - b.position)
    .map((e) => ({
      exercise_id: e.exercise_id,
      name: e.exercise_name,
      primary_muscle: "",
      rest_seconds: e.rest_seconds ?? DEFAULT_REST_SECONDS,
      sets: [],
      target: e.target_sets
        ? {
            sets: e.target_sets,
            reps: e.target_reps,
            duration_s: e.target_duration_s,
            weight: e.target_weight === null ? null : convert(e.target_weight, from, start.units),
          }
        : undefined,
    }));
  return { ...start, name: routine.name, routine: { id: routine.id, name: routine.name }, exercises };
}

/** One row of the routine editor: an exercise and the targets the lifter can change. */
export interface EditorRow {
  exercise_id: number;
  name: string;
  sets: number | null;
  reps: number | null;
  weight: number | null;
  /** What the editor does not show, kept as it was (a PATCH replaces the whole list). */
  kept: Pick<ExerciseTargets, "target_duration_s" | "target_distance" | "rest_seconds" | "notes">;
}

export function rowsOf(routine: Routine | null): EditorRow[] {
  return (routine?.exercises ?? [])
    .slice()
    .sort((a, b) => a.position - b.position)
    .map((e) => ({
      exercise_id: e.exercise_id,
      name: e.exercise_name,
      sets: e.target_sets,
      reps: e.target_reps,
      weight: e.target_weight,
      kept: { target_duration_s: e.target_duration_s, target_distance: e.target_distance, rest_seconds: e.rest_seconds, notes: e.notes },
    }));
}

export function newRow(exercise: { id: number; name: string }): EditorRow {
  return { exercise_id: exercise.id, name: exercise.name, sets: 3, reps: 8, weight: null, kept: { rest_seconds: DEFAULT_REST_SECONDS } };
}

/** The editor's rows as the API's planned exercises, in the order shown. */
export function targetsOf(rows: EditorRow[]): ExerciseTargets[] {
  return rows.map((r) => ({
    ...r.kept,
    exercise_id: r.exercise_id,
    target_sets: r.sets,
    target_reps: r.reps,
    target_weight: r.weight,
  }));
}

/** A number typed into the editor: empty is "no target", anything else must be a number ≥ 0. */
export function parseTarget(text: string): number | null | "invalid" {
  const trimmed = text.trim();
  if (!trimmed) return null;
  const value = Number(trimmed.replace(",", "."));
  return Number.isFinite(value) && value >= 0 ? value : "invalid";
}

/** "3 exercises · done 12 times, last on 6 Sep 2021" style summary parts. */
export function describeRoutine(r: Routine, date: (iso: string) => string): string {
  const exercises = `${r.exercises.length} exercise${r.exercises.length === 1 ? "" : "s"}`;
  if (!r.times_done) return `${exercises} · not done yet`;
  const times = r.times_done === 1 ? "once" : `${r.times_done} times`;
  return `${exercises} · done ${times}${r.last_done_at ? `, last on ${date(r.last_done_at)}` : ""}`;
}
