// Importing a Strong or Hevy export through the typed client: preview (nothing stored), start,
// follow until it ends, change what a name maps to; and the words the import screen uses for
// what the API answered. Needs a connection throughout: the file goes to the API as it is.
import { api, errorText, type Schemas } from "./api/client";

export type ImportPreview = Schemas["ImportPreview"];
export type ImportReport = Schemas["ImportOut"];
export type NamePreview = Schemas["NamePreview"];
export type NameMapping = Schemas["NameMapping"];

export interface ImportOptions {
  format: "auto" | "strong" | "hevy";
  /** The unit of weights the file does not label; null: the person's unit setting. */
  units: "kg" | "lb" | null;
  /** The zone of times the file gives without one; null: the person's time zone. */
  time_zone: string | null;
}

/** Either what the API answered, or a sentence saying why there is nothing. */
export type Answer<T> = { ok: true; value: T } | { ok: false; message: string };

const OFFLINE = "Offline: importing needs a connection.";

/** The multipart form POST /imports and POST /imports/preview both read. */
export function importForm(file: Blob, fileName: string, options: ImportOptions): FormData {
  const form = new FormData();
  form.append("file", file, fileName);
  form.append("format", options.format);
  if (options.units) form.append("units", options.units);
  if (options.time_zone) form.append("time_zone", options.time_zone);
  return form;
}

// openapi-typescript types an uploaded file as a string; the form built above is what is sent,
// so the typed body only names the fields (the serializer ignores it).
type UploadBody = Schemas["Body_preview_import_imports_preview_post"];
const uploadBody = (fileName: string, options: ImportOptions): UploadBody => ({ ...options, file: fileName });

async function answer<T>(call: Promise<{ data?: T; error?: unknown; response: Response }>): Promise<Answer<T>> {
  try {
    const { data, error, response } = await call;
    return data !== undefined ? { ok: true, value: data } : { ok: false, message: `${response.status}: ${errorText(error)}` };
  } catch {
    return { ok: false, message: OFFLINE };
  }
}

/** What importing the file would do; the API stores nothing. */
export function previewImport(file: File, options: ImportOptions): Promise<Answer<ImportPreview>> {
  const form = importForm(file, file.name, options);
  return answer(api.POST("/imports/preview", { body: uploadBody(file.name, options), bodySerializer: () => form }));
}

/** Start the import (the API checks the whole file first: 422 names the line and column). */
export function startImport(file: File, options: ImportOptions): Promise<Answer<ImportReport>> {
  const form = importForm(file, file.name, options);
  return answer(api.POST("/imports", { body: uploadBody(file.name, options), bodySerializer: () => form }));
}

export const isFinished = (report: ImportReport) => report.status === "succeeded" || report.status === "failed";

/**
 * Ask GET /imports/{id} every `everyMs` until the import ends, telling `onUpdate` each answer.
 * A dropped answer is asked again (the import goes on on the server either way).
 */
export async function followImport(
  id: number,
  onUpdate: (report: ImportReport) => void,
  { everyMs = 500, sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms)) } = {},
): Promise<ImportReport> {
  for (;;) {
    const got = await answer(api.GET("/imports/{import_id}", { params: { path: { import_id: id } } }));
    if (got.ok) {
      onUpdate(got.value);
      if (isFinished(got.value)) return got.value;
    }
    await sleep(everyMs);
  }
}

/** Say which exercise a name from the person's imports means; its imported sets move there. */
export function changeMapping(sourceName: string, exerciseId: number): Promise<Answer<Schemas["RemapOut"]>> {
  return answer(api.PUT("/imports/mappings", { body: { source_name: sourceName, exercise_id: exerciseId } }));
}

export function currentMappings(): Promise<Answer<Schemas["RemapOut"][]>> {
  return answer(api.GET("/imports/mappings"));
}

/** The person's imports, newest first. */
export async function pastImports(): Promise<Answer<ImportReport[]>> {
  const got = await answer(api.GET("/imports", { params: { query: { limit: 20 } } }));
  return got.ok ? { ok: true, value: got.value.items } : got;
}

// ---- words for what the API answered ------------------------------------------------------

const plural = (n: number, word: string) => `${n.toLocaleString("en")} ${word}${n === 1 ? "" : "s"}`;

/** The calendar date of an ISO time as written (the file's own date, not the phone's zone). */
export const dateOf = (iso: string) => iso.slice(0, 10);

/** "2020-12-30 to 2021-09-06" (or one date, or nothing for a file without sessions). */
export function dateRange(first: string | null | undefined, last: string | null | undefined): string {
  if (!first || !last) return "no sessions";
  return dateOf(first) === dateOf(last) ? dateOf(first) : `${dateOf(first)} to ${dateOf(last)}`;
}

const UNIT_SOURCES: Record<string, string> = {
  file: "as the file says",
  request: "as you chose",
  values: "as its numbers show (whole amounts in the other unit, converted)",
  profile: "from your unit setting, since the file does not say",
};

/** "Weights in kg, from your unit setting, since the file does not say". */
export function describeUnit(unit: string, source: string): string {
  const what = unit === "per row" ? "Weights in the unit each row names" : `Weights in ${unit}`;
  return source === "file" && unit === "per row" ? what : `${what}, ${UNIT_SOURCES[source] ?? source}`;
}

/** One line of the preview's counts: "1,903 rows · 86 sessions · 1,903 sets". */
export function describeCounts(c: ImportPreview["counts"]): string {
  return [plural(c.rows_read, "row"), plural(c.sessions_read, "session"), plural(c.sets_read, "set")].join(" · ");
}

/** What confirming would create, and what it would skip. */
export function describePlan(c: ImportPreview["counts"]): string {
  const parts = [`${plural(c.workouts_to_create, "workout")} with ${plural(c.sets_to_create, "set")} will be created`];
  if (c.sessions_already_imported) parts.push(`${plural(c.sessions_already_imported, "session")} you already have will be skipped`);
  if (c.rows_rejected) parts.push(`${plural(c.rows_rejected, "row")} will be left out`);
  return parts.join("; ") + ".";
}

/** How sure a mapping is, for people: "exact", "alias", "fuzzy 91%", "yours", "new". */
export function describeMatch(m: { method: string; confidence: number; exercise_id: number | null; in_library: boolean }): string {
  if (m.exercise_id === null) return "new exercise of yours";
  if (m.method === "confirmed") return "chosen by you";
  if (!m.in_library) return "your own exercise";
  return m.method === "fuzzy" ? `similar name, ${Math.round(m.confidence * 100)}% sure` : m.method === "alias" ? "known name" : "same name";
}

/** The progress bar's value and maximum while an import runs (null: not known). */
export function progressOf(report: ImportReport): { value: number; max: number } | null {
  return report.progress ? { value: report.progress.rows_read, max: report.progress.rows_total } : null;
}
