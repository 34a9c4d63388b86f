// Import from Strong or Hevy: pick the export, see what it holds and what every exercise name
// maps to (POST /imports/preview stores nothing), confirm, follow the import, read the result and
// change any mapping. Earlier imports can be reviewed and their mappings changed later.
import type { App } from "../app";
import type { Exercise } from "../api/client";
import { field, formatDate, h, select } from "../dom";
import {
  changeMapping,
  currentMappings,
  dateRange,
  describeCounts,
  describePlan,
  describeUnit,
  followImport,
  pastImports,
  previewImport,
  progressOf,
  startImport,
  type ImportOptions,
  type ImportPreview,
  type ImportReport,
} from "../imports";
import { forgetNextWorkout } from "../recommendations";
import { mappingTable, type Changing, type MappingRow } from "./mappingTable";

const plural = (n: number, word: string) => `${n.toLocaleString("en")} ${word}${n === 1 ? "" : "s"}`;

function facts(items: [string, string][]): HTMLElement {
  return h("dl", { class: "facts" }, items.map(([term, value]) => [h("dt", {}, term), h("dd", {}, value)]));
}

function rejectedList(rows: { line: number; column: string | null; reason: string }[], total: number): HTMLElement | null {
  if (!total) return null;
  return h(
    "section",
    { "aria-labelledby": "rejected-h" },
    h("h3", { id: "rejected-h" }, `Rows left out (${total.toLocaleString("en")})`),
    h(
      "ul",
      { class: "list", "aria-label": "Rows left out" },
      rows.map((r) => h("li", {}, h("span", {}, `Line ${r.line}${r.column ? `, ${r.column}` : ""}: ${r.reason}`))),
    ),
    rows.length < total ? h("p", { class: "muted" }, `The first ${rows.length} are listed.`) : null,
  );
}

export async function importScreen(app: App): Promise<HTMLElement> {
  const user = app.user!;
  const status = h("p", { role: "status", "aria-live": "polite" });
  const say = (text: string) => (status.textContent = text);
  const stage = h("div", { class: "stack" });

  // ---- 1. choose the file ------------------------------------------------------------------
  const file = h("input", { type: "file", name: "file", accept: ".csv,text/csv", required: true });
  const format = select("format", [["auto", "Detect from the file"], ["strong", "Strong"], ["hevy", "Hevy"]], "auto");
  const myUnit = user.unit_system === "imperial" ? "lb" : "kg";
  const units = select("units", [["", `My unit setting (${myUnit})`], ["kg", "kg"], ["lb", "lb"]], "");
  const zone = h("input", { name: "time_zone", autocomplete: "off", placeholder: user.time_zone, maxLength: 64 });
  const previewButton = h("button", { type: "submit", class: "primary" }, "Preview");
  const options = (): ImportOptions => ({
    format: format.value as ImportOptions["format"],
    units: (units.value || null) as ImportOptions["units"],
    time_zone: zone.value.trim() || null,
  });

  async function preview(event: Event) {
    event.preventDefault();
    const chosen = file.files?.[0];
    if (!chosen) return say("Choose the CSV file your app exported.");
    previewButton.disabled = true;
    say(`Reading ${chosen.name}…`);
    const asked = options();
    const got = await previewImport(chosen, asked);
    previewButton.disabled = false;
    if (!got.ok) return say(`${chosen.name} cannot be imported: ${got.message}`);
    say(`${chosen.name}: ${describeCounts(got.value.counts)}.`);
    showPreview(chosen, asked, got.value);
  }

  const form = h(
    "form",
    { class: "card", onsubmit: preview, "aria-labelledby": "import-h" },
    h("h2", { id: "import-h" }, "Import from Strong or Hevy"),
    h("p", {}, "Export your history from the app (Strong: Settings → Export data; Hevy: Settings → Export & import data), then choose the CSV file here. You see what it holds before anything is imported."),
    field("Export file (CSV)", file),
    field("Format", format),
    field("Unit of weights the file does not name", units, "Hevy files and some Strong files name it themselves."),
    field("Time zone of the times in the file", zone, `Empty: your setting, ${user.time_zone}.`),
    previewButton,
  );

  // ---- 2. the preview ----------------------------------------------------------------------
  function showPreview(chosen: File, asked: ImportOptions, seen: ImportPreview) {
    const c = seen.counts;
    const confirm = h("button", { class: "primary", disabled: c.workouts_to_create === 0 }, `Import ${plural(c.workouts_to_create, "workout")}`);
    confirm.addEventListener("click", () => run(chosen, asked));
    stage.replaceChildren(
      h(
        "section",
        { class: "card", "aria-labelledby": "preview-h" },
        h("h2", { id: "preview-h" }, "Preview"),
        facts([
          ["File", `${seen.file_name} (${seen.format === "hevy" ? "Hevy" : "Strong"} export)`],
          ["Contents", describeCounts(c)],
          ["Dates", dateRange(seen.first_session_at, seen.last_session_at)],
          ["Units", describeUnit(seen.weight_unit, seen.weight_unit_source)],
          ["Times", `in ${seen.time_zone} where the file gives no zone`],
          ["Exercises", `${plural(c.exercise_names, "name")}; ${plural(c.exercise_names - c.exercise_names_unmatched, "name")} in the library (${Math.round((c.share_of_sets_mapped ?? 0) * 100)}% of sets)`],
        ]),
        h("p", { class: "plan" }, describePlan(c)),
        mappingTable("Exercise names in the file", seen.exercises),
        h("p", { class: "muted" }, "Names the library lacks become exercises of your own; you can point any name at another exercise after the import."),
        rejectedList(seen.rejected, c.rows_rejected),
        h("div", { class: "row" }, confirm, h("button", { type: "button", onclick: anotherFile }, "Choose another file")),
      ),
    );
    stage.querySelector("h2")?.scrollIntoView();
  }

  // ---- 3. the import, followed ---------------------------------------------------------------
  async function run(chosen: File, asked: ImportOptions) {
    form.hidden = true;
    const bar = h("progress", { "aria-labelledby": "progress-h" });
    const line = h("p", {}, "Sending the file…");
    stage.replaceChildren(h("section", { class: "card", "aria-labelledby": "progress-h" }, h("h2", { id: "progress-h" }, "Importing"), bar, line));
    const started = await startImport(chosen, asked);
    if (!started.ok) {
      form.hidden = false;
      stage.replaceChildren();
      return say(`${chosen.name} was not imported: ${started.message}`);
    }
    say("Importing…");
    const done = await followImport(started.value.id, (report) => {
      const progress = progressOf(report);
      if (progress) Object.assign(bar, progress);
      line.textContent =
        report.status === "queued" ? "Waiting for the import to start…"
        : progress ? `Read ${progress.value.toLocaleString("en")} of ${progress.max.toLocaleString("en")} rows…`
        : "Importing…";
    });
    forgetNextWorkout(); // the recommendations now see the imported history
    await Promise.all([app.history(), app.refreshLibrary()]);
    await showResult(done);
  }

  // ---- 4. the result, with mappings to change -------------------------------------------------
  async function showResult(report: ImportReport) {
    if (report.status === "failed") {
      say(`The import failed and nothing was kept: ${report.error}`);
      stage.replaceChildren(h("section", { class: "card" }, h("h2", {}, "Import failed"), h("p", { class: "error" }, report.error ?? "")));
      form.hidden = false;
      return;
    }
    const c = report.counts;
    say(`Imported ${plural(c.workouts_created, "workout")} with ${plural(c.sets_created, "set")}.`);
    const [exercises, mappings] = await Promise.all([app.library(), currentMappings()]);
    const now = new Map(mappings.ok ? mappings.value.map((m) => [m.source_name, m.exercise_id]) : []);
    const named = new Map(exercises.map((e) => [e.id, e]));
    // The report says what each name became then; a mapping changed since is what counts now.
    const rows: MappingRow[] = report.exercises.map((e) => {
      const id = now.get(e.name) ?? e.exercise_id;
      const exercise = named.get(id);
      return id === e.exercise_id || !exercise
        ? { ...e }
        : { ...e, exercise_id: id, exercise_name: exercise.name, in_library: !exercise.is_custom, method: "confirmed", confidence: 1 };
    });
    const changing: Changing = {
      exercises,
      announce: say,
      change: async (row: MappingRow, exercise: Exercise) => {
        const got = await changeMapping(row.name, exercise.id);
        if (!got.ok) throw new Error(`The mapping of ${row.name} was not changed: ${got.message}`);
        forgetNextWorkout();
        void app.history(); // the saved history shows the moved sets under their new exercise
        const moved = got.value.moved;
        return `${row.name} now maps to ${exercise.name}; ${moved.toLocaleString("en")} imported ${moved === 1 ? "entry" : "entries"} moved.`;
      },
    };
    stage.replaceChildren(
      h(
        "section",
        { class: "card", "aria-labelledby": "result-h" },
        h("h2", { id: "result-h" }, `Imported ${report.file_name}`),
        facts([
          ["Workouts created", c.workouts_created.toLocaleString("en")],
          ["Sets created", c.sets_created.toLocaleString("en")],
          ["Already imported, skipped", c.duplicates_skipped.toLocaleString("en")],
          ["Routines made", c.routines_created.toLocaleString("en")],
          ["Rows left out", c.rows_rejected.toLocaleString("en")],
          ["Finished", formatDate(report.finished_at)],
        ]),
        rejectedList(report.rejected, c.rows_rejected),
        mappingTable("What each exercise name maps to", rows, changing),
        h(
          "div",
          { class: "row" },
          h("a", { href: "/progress", class: "button" }, "See progress"),
          h("a", { href: "/routines", class: "button" }, "Routines"),
          h("button", { type: "button", onclick: anotherFile }, "Import another file"),
        ),
      ),
    );
    form.hidden = true;
    stage.querySelector("h2")?.scrollIntoView();
  }

  function anotherFile() {
    stage.replaceChildren();
    form.reset();
    form.hidden = false;
    file.focus();
  }

  // ---- earlier imports ---------------------------------------------------------------------
  const earlier = h("section", { class: "card", "aria-labelledby": "earlier-h" }, h("h2", { id: "earlier-h" }, "Earlier imports"));
  const past = await pastImports();
  if (!past.ok) earlier.append(h("p", { class: "muted" }, past.message));
  else if (!past.value.length) earlier.append(h("p", {}, "None yet."));
  else
    earlier.append(
      h(
        "ul",
        { class: "list" },
        past.value.map((r) =>
          h(
            "li",
            {},
            h("span", {}, `${r.file_name} · ${formatDate(r.created_at)} · ${r.status === "succeeded" ? `${plural(r.counts.workouts_created, "workout")}` : r.status}`),
            r.status === "succeeded" ? h("button", { "aria-label": `Review ${r.file_name}`, onclick: () => showResult(r) }, "Review") : null,
          ),
        ),
      ),
    );

  return h("div", { class: "stack" }, form, status, stage, earlier);
}
