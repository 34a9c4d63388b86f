// The typed API client: openapi-fetch over the types generated from the API's OpenAPI
// document (schema.d.ts — never edited by hand; `make mobile-client` regenerates it).
import createClient, { type Middleware } from "openapi-fetch";
import type { components, paths } from "./schema";
import type { OutboxItem, WorkoutCreate } from "../db";
import type { UploadResult } from "../sync";

export type Schemas = components["schemas"];
export type User = Schemas["UserOut"];
export type Exercise = Schemas["ExerciseOut"];
export type Workout = Schemas["WorkoutOut"];

const TOKEN_KEY = "pulse.token";

export function getToken(): string | null {
  return localStorage.getItem(TOKEN_KEY);
}

export function setToken(token: string | null): void {
  if (token) localStorage.setItem(TOKEN_KEY, token);
  else localStorage.removeItem(TOKEN_KEY);
}

const auth: Middleware = {
  onRequest({ request }) {
    const token = getToken();
    if (token) request.headers.set("Authorization", `Bearer ${token}`);
    return request;
  },
};

// Same origin: the API serves the app at its root (embedded setup, Vite's dev proxy), or a
// reverse proxy serves the API under the prefix index.html names (/api in docker-compose).
const apiPrefix = globalThis.document?.querySelector<HTMLMetaElement>('meta[name="pulse-api-prefix"]')?.content ?? "";
export const api = createClient<paths>({ baseUrl: (globalThis.location?.origin ?? "") + apiPrefix });
api.use(auth);

/** The `detail` of an API error as one readable line. */
export function errorText(error: unknown): string {
  const detail = (error as { detail?: unknown } | undefined)?.detail;
  if (typeof detail === "string") return detail;
  if (Array.isArray(detail)) {
    return detail
      .map((d: { loc?: unknown[]; msg?: string }) => `${(d.loc ?? []).slice(1).join(".") || "request"}: ${d.msg}`)
      .join("; ");
  }
  return "the request failed";
}

export async function login(username: string, password: string): Promise<string | null> {
  const { data, error } = await api.POST("/auth/login", {
    body: { username, password, grant_type: "password", scope: "" },
    bodySerializer: (body) => new URLSearchParams(body as Record<string, string>),
    headers: { "Content-Type": "application/x-www-form-urlencoded" },
  });
  if (error || !data) return errorText(error);
  setToken(data.access_token);
  return null;
}

/** One `POST /workouts`: the stored workout's id, or the refusal; throws when no answer came back. */
export type WorkoutPoster = (body: WorkoutCreate, units: OutboxItem["units"]) => Promise<{ id: number } | { status: number; error: unknown }>;

export const postWorkout: WorkoutPoster = async (body, units) => {
  const { data, error, response } = await api.POST("/workouts", { params: { query: { units } }, body });
  return data ? { id: data.id } : { status: response.status, error };
};

/** What one upload's answer means for the queue (see sync.ts), and the refusal's status. */
async function attempt(post: WorkoutPoster, body: WorkoutCreate, units: OutboxItem["units"]): Promise<[UploadResult, number | null]> {
  let answer;
  try {
    answer = await post(body, units);
  } catch (error) {
    // fetch rejects only when no answer came back: offline, DNS, connection reset.
    return [{ kind: "retry", reason: `offline (${error instanceof Error ? error.message : error})` }, null];
  }
  if ("id" in answer) return [{ kind: "stored", workoutId: answer.id }, null];
  const { status, error } = answer;
  if (status === 401) return [{ kind: "unauthorized" }, status];
  if (status === 409 || status === 408 || status === 429 || status >= 500) {
    return [{ kind: "retry", reason: `${status}: ${errorText(error)}` }, status];
  }
  return [{ kind: "rejected", reason: `${status}: ${errorText(error)}` }, status];
}

/**
 * Upload one queued workout (see sync.ts for what each answer means). A workout started from a
 * routine carries `routine_id`; when the API refuses that field (404/422: the routine was deleted
 * since, on this phone or another) the workout is sent again without it: the workout matters
 * more than the link, and the API unlinks workouts from a deleted routine anyway. The retry has
 * the same client_id, so it can never store the workout twice.
 */
export async function uploadWorkout(item: OutboxItem, post: WorkoutPoster = postWorkout): Promise<UploadResult> {
  const [result, status] = await attempt(post, item.payload, item.units);
  const routineRefused = result.kind === "rejected" && (status === 404 || status === 422) && result.reason.includes("routine_id");
  if (!routineRefused || item.payload.routine_id == null) return result;
  const unlinked: WorkoutCreate = { ...item.payload };
  delete unlinked.routine_id;
  return (await attempt(post, unlinked, item.units))[0];
}

/** Every page of a paginated list (the API caps pages at 100 rows). */
export async function allPages<T>(
  fetchPage: (offset: number) => Promise<{ items: T[]; total: number } | undefined>,
  maxRows = 1000,
): Promise<T[] | undefined> {
  const rows: T[] = [];
  for (;;) {
    const page = await fetchPage(rows.length);
    if (!page) return undefined;
    rows.push(...page.items);
    if (page.items.length === 0 || rows.length >= page.total || rows.length >= maxRows) return rows;
  }
}
