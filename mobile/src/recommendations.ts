// THE HOOK FOR THE RECOMMENDER. This module is the only place that knows about the ML
// endpoints, which are being built beside the app. It asks the API's own OpenAPI document
// whether a "next workout" path exists and, only then, calls it (GET, or POST with an empty
// body for the defaults). Where the API has none, `nextWorkout()` answers null and the home
// screen offers the other ways to start. The call is deliberately untyped and its answer read
// defensively while the endpoint's schema settles; once it is stable, switch to the typed
// `api.POST("/recommendations/next-workout", ...)` of the regenerated client.
import { getToken } from "./api/client";

export const CANDIDATE_PATHS = ["/recommendations/next-workout", "/recommendations/next", "/recommendations/workout"];

export interface SuggestedExercise {
  exercise_id: number;
  name: string;
  target_sets?: number;
  target_reps?: number;
  target_weight?: number;
  rest_seconds?: number;
}

export interface Suggestion {
  name: string;
  exercises: SuggestedExercise[];
}

interface Endpoint {
  path: string;
  method: "GET" | "POST";
}

/** Which candidate the API document offers, and with which method. */
export function findEndpoint(doc: unknown): Endpoint | null {
  const paths = (doc as { paths?: Record<string, Record<string, unknown>> } | null)?.paths ?? {};
  for (const path of CANDIDATE_PATHS) {
    if (paths[path]?.get) return { path, method: "GET" };
    if (paths[path]?.post) return { path, method: "POST" };
  }
  return null;
}

let available: Promise<Endpoint | null> | null = null;

/** The recommendation endpoint the API serves, or null (looked up once per app start). */
export function recommendationEndpoint(): Promise<Endpoint | null> {
  available ??= fetch("/openapi.json")
    .then((r) => (r.ok ? r.json() : null))
    .then(findEndpoint)
    .catch(() => null);
  return available;
}

/** Read whatever shape the future endpoint answers with, defensively. */
export function toSuggestion(body: unknown): Suggestion | null {
  const b = body as { name?: unknown; exercises?: unknown; items?: unknown } | null;
  const list = Array.isArray(b?.exercises) ? b.exercises : Array.isArray(b?.items) ? b.items : null;
  if (!list) return null;
  const num = (...xs: unknown[]) => xs.find((x): x is number => typeof x === "number");
  const exercises = list
    .map((e: Record<string, unknown>) => ({
      exercise_id: Number(e.exercise_id),
      name: String(e.exercise_name ?? e.name ?? `Exercise ${e.exercise_id}`),
      target_sets: num(e.target_sets, e.sets),
      target_reps: num(e.target_reps, e.reps),
      target_weight: num(e.target_weight, e.suggested_weight),
      rest_seconds: num(e.rest_seconds),
    }))
    .filter((e: SuggestedExercise) => Number.isInteger(e.exercise_id) && e.exercise_id > 0);
  return exercises.length ? { name: typeof b?.name === "string" ? b.name : "Recommended workout", exercises } : null;
}

export async function nextWorkout(): Promise<Suggestion | null> {
  const endpoint = await recommendationEndpoint();
  if (!endpoint) return null;
  try {
    const response = await fetch(endpoint.path, {
      method: endpoint.method,
      headers: { Authorization: `Bearer ${getToken()}`, "Content-Type": "application/json" },
      body: endpoint.method === "POST" ? "{}" : undefined,
    });
    return response.ok ? toSuggestion(await response.json()) : null;
  } catch {
    return null;
  }
}
