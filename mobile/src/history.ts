// What the screens derive from the lifter's completed workouts (pure functions, unit-tested).
import type { Workout } from "./api/client";

export interface PreviousSet {
  reps: number | null;
  weight: number | null;
  set_type: string;
}

/** The sets of the most recent completed workout that had this exercise, in order. */
export function previousSets(workouts: Workout[], exerciseId: number, before?: string): PreviousSet[] {
  const done = workouts
    .filter((w) => w.status === "completed" && w.completed_at && (!before || w.completed_at < before))
    .sort((a, b) => (b.completed_at ?? "").localeCompare(a.completed_at ?? ""));
  for (const w of done) {
    const entry = w.exercises.find((e) => e.exercise_id === exerciseId && e.sets.length > 0);
    if (entry) {
      return [...entry.sets]
        .sort((a, b) => a.set_index - b.set_index)
        .map((s) => ({ reps: s.reps, weight: s.weight, set_type: s.set_type }));
    }
  }
  return [];
}

export interface Point {
  /** Seconds since the epoch (what uPlot plots on a time axis). */
  t: number;
  value: number;
}

/** Best estimated 1RM per completed workout for one exercise, oldest first. */
export function oneRepMaxSeries(workouts: Workout[], exerciseId: number): Point[] {
  const points: Point[] = [];
  for (const w of workouts) {
    if (w.status !== "completed" || !w.completed_at) continue;
    const estimates = w.exercises
      .filter((e) => e.exercise_id === exerciseId)
      .flatMap((e) => e.sets.map((s) => s.estimated_1rm))
      .filter((x): x is number => typeof x === "number" && x > 0);
    if (estimates.length) points.push({ t: Date.parse(w.completed_at) / 1000, value: Math.max(...estimates) });
  }
  return points.sort((a, b) => a.t - b.t);
}

/** Monday 00:00 UTC of the week containing `iso`, as epoch seconds. */
export function weekStart(iso: string): number {
  const d = new Date(iso);
  const day = (d.getUTCDay() + 6) % 7; // Monday = 0
  return Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate() - day) / 1000;
}

export interface WeeklyVolume {
  weeks: number[];
  /** muscle group → volume (weight × reps of working sets) per week, aligned with `weeks`. */
  byMuscle: Record<string, number[]>;
}

/** Weekly training volume per primary muscle group; warm-up sets do not count (as in the API). */
export function weeklyVolumeByMuscle(workouts: Workout[], muscleOf: (exerciseId: number) => string | undefined): WeeklyVolume {
  const totals = new Map<number, Map<string, number>>();
  for (const w of workouts) {
    if (w.status !== "completed" || !w.started_at) continue;
    const week = weekStart(w.started_at);
    for (const e of w.exercises) {
      const muscle = muscleOf(e.exercise_id) ?? "OTHER";
      for (const s of e.sets) {
        if (s.set_type === "warmup" || s.weight === null || s.reps === null) continue;
        const perWeek = totals.get(week) ?? new Map<string, number>();
        perWeek.set(muscle, (perWeek.get(muscle) ?? 0) + s.weight * s.reps);
        totals.set(week, perWeek);
      }
    }
  }
  const weeks = [...totals.keys()].sort((a, b) => a - b);
  const muscles = [...new Set([...totals.values()].flatMap((m) => [...m.keys()]))].sort();
  const byMuscle = Object.fromEntries(muscles.map((m) => [m, weeks.map((wk) => totals.get(wk)?.get(m) ?? 0)]));
  return { weeks, byMuscle };
}

/** Exercises the lifter has done, most recent first (for the progress chart's picker). */
export function exercisesDone(workouts: Workout[]): { id: number; name: string }[] {
  const seen = new Map<number, { id: number; name: string; last: string }>();
  for (const w of workouts) {
    if (w.status !== "completed") continue;
    for (const e of w.exercises) {
      if (!e.sets.length) continue;
      const last = w.completed_at ?? "";
      const known = seen.get(e.exercise_id);
      if (!known || known.last < last) seen.set(e.exercise_id, { id: e.exercise_id, name: e.exercise_name, last });
    }
  }
  return [...seen.values()].sort((a, b) => b.last.localeCompare(a.last)).map(({ id, name }) => ({ id, name }));
}
