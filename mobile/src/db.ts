// What the app keeps on the phone (IndexedDB, through `idb`):
//   outbox — finished workouts waiting to be uploaded, keyed by their client_id;
//   kv     — everything else: the workout being logged (draft), cached history, the library.
import { openDB, type DBSchema, type IDBPDatabase } from "idb";
import type { components } from "./api/schema";
import type { UnitSystem } from "./units";

export type WorkoutCreate = components["schemas"]["WorkoutCreate"];
export type SetType = components["schemas"]["SetType"];

export interface OutboxItem {
  client_id: string;
  user_id: number;
  /** The units the weights in `payload` were typed in; sent as ?units= on upload. */
  units: UnitSystem;
  payload: WorkoutCreate;
  queued_at: string;
  attempts: number;
  /** pending: will be retried; rejected: the API refused it (4xx), kept for the lifter to see. */
  state: "pending" | "rejected";
  last_error: string | null;
}

export interface DraftSet {
  set_type: SetType;
  reps: number;
  weight: number | null;
  rpe: number | null;
  completed_at: string;
  /** The lifter confirmed a weight far above their best (the API asks otherwise). */
  confirmed_unusual?: boolean;
}

export interface DraftExercise {
  exercise_id: number;
  name: string;
  primary_muscle: string;
  rest_seconds: number;
  sets: DraftSet[];
  /** What the recommended session planned: weight in the draft's units, reps null for timed work. */
  target?: ExerciseTarget;
  /** A cardio machine's settings, for cardio exercises: speed in km/h or mph (the draft's units), grade in %. */
  cardio?: boolean;
  speed?: number | null;
  incline_pct?: number | null;
}

export interface ExerciseTarget {
  sets: number;
  reps: number | null;
  duration_s: number | null;
  weight: number | null;
}

/** The workout being logged right now; it lives only on the phone until it is finished. */
export interface Draft {
  client_id: string;
  user_id: number;
  name: string;
  /** What the session was; friends see it with the workout. */
  description?: string;
  units: UnitSystem;
  started_at: string;
  exercises: DraftExercise[];
  /** Set when the workout was started from a next-workout recommendation. */
  recommendation_id?: number;
  /** Set when the workout was started from a routine: uploaded as `routine_id` (so the routine
   * counts it), and its name is the title "For you" asks recommendations for. */
  routine?: { id: number; name: string };
}

interface PulseSchema extends DBSchema {
  outbox: { key: string; value: OutboxItem; indexes: { by_user: number } };
  kv: { key: string; value: unknown };
}

export type PulseDB = IDBPDatabase<PulseSchema>;

export function openPulseDB(name = "pulse"): Promise<PulseDB> {
  return openDB<PulseSchema>(name, 1, {
    upgrade(db) {
      const outbox = db.createObjectStore("outbox", { keyPath: "client_id" });
      outbox.createIndex("by_user", "user_id");
      db.createObjectStore("kv");
    },
  });
}

export async function getValue<T>(db: PulseDB, key: string): Promise<T | undefined> {
  return (await db.get("kv", key)) as T | undefined;
}

export async function setValue(db: PulseDB, key: string, value: unknown): Promise<void> {
  await db.put("kv", value, key);
}

export async function deleteValue(db: PulseDB, key: string): Promise<void> {
  await db.delete("kv", key);
}

export const draftKey = (userId: number) => `draft:${userId}`;

/** The upload body of a finished draft: one completed workout with all its sets. */
export function draftToPayload(draft: Draft, completedAt: Date): WorkoutCreate {
  const started = new Date(draft.started_at);
  return {
    client_id: draft.client_id,
    ...(draft.routine ? { routine_id: draft.routine.id } : {}),
    name: draft.name.trim() || "Workout",
    ...(draft.description?.trim() ? { description: draft.description.trim() } : {}),
    status: "completed",
    started_at: started.toISOString(),
    completed_at: new Date(Math.max(completedAt.getTime(), started.getTime())).toISOString(),
    exercises: draft.exercises
      .filter((e) => e.sets.length > 0)
      .map((e) => ({
        exercise_id: e.exercise_id,
        rest_seconds: e.rest_seconds,
        ...(e.speed != null ? { speed: e.speed } : {}),
        ...(e.incline_pct != null ? { incline_pct: e.incline_pct } : {}),
        sets: e.sets.map((s, i) => ({
          set_index: i + 1,
          set_type: s.set_type,
          reps: s.reps,
          weight: s.weight,
          rpe: s.rpe,
          completed_at: s.completed_at,
          confirm_unusual: s.confirmed_unusual ?? false,
        })),
      })),
  };
}

/**
 * Finish the draft: in ONE transaction, remove it and put its upload into the outbox, so a
 * crash in between can neither lose the workout nor queue it twice.
 */
export async function finishDraft(db: PulseDB, draft: Draft, completedAt = new Date()): Promise<OutboxItem> {
  const item: OutboxItem = {
    client_id: draft.client_id,
    user_id: draft.user_id,
    units: draft.units,
    payload: draftToPayload(draft, completedAt),
    queued_at: completedAt.toISOString(),
    attempts: 0,
    state: "pending",
    last_error: null,
  };
  const tx = db.transaction(["kv", "outbox"], "readwrite");
  await Promise.all([tx.objectStore("kv").delete(draftKey(draft.user_id)), tx.objectStore("outbox").put(item), tx.done]);
  return item;
}
