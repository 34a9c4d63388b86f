// End-to-end: bringing a history from Strong or Hevy, taking it away again, and training from
// routines. A fresh lifter (registered through the API) logs in on a phone, opens "Import from
// Strong/Hevy" from Settings, picks a real export, reads the preview (counts, dates, unit, the
// mapping table), confirms, follows the import to its result and points one exercise name at
// another exercise. On Routines the lifter makes a routine from the newest imported workout
// (first under a name an imported routine already has, which the API refuses), edits it, makes
// one by hand and deletes it, and starts the first one, logs a set, looks at "For you" (ranked for
// the routine) and finishes: the workout reaches the API linked to the routine. Last, "Export my
// data" downloads the CSV and the JSON. What the app showed is written to
// ARTIFACTS/import-e2e.json; tests/e2e/test_mobile_app.py checks it against the API.
//
// Env: PULSE_BASE_URL, PULSE_E2E_USER / PULSE_E2E_PASSWORD (created here), PULSE_E2E_IMPORT_FILE
// (default: the real Strong export in tests/fixtures/real-logs), PULSE_E2E_TIME_ZONE (default
// Europe/Athens), CHROME_PATH, ARTIFACTS.
import assert from "node:assert/strict";
import { readFileSync, writeFileSync } from "node:fs";
import { basename } from "node:path";
import { ARTIFACTS, PASSWORD, USER, call, launchPhone, logIn, step } from "./phone.mjs";

const FILE = process.env.PULSE_E2E_IMPORT_FILE ?? new URL("../../tests/fixtures/real-logs/strong_export_kyriakakis.csv", import.meta.url).pathname;
const ZONE = process.env.PULSE_E2E_TIME_ZONE ?? "Europe/Athens";
const FROM_WORKOUT = "From my last workout";
const BY_HAND = "Hand-made squats";


/** The text of the <dd> after the <dt> named `term` in `region`. */
const fact = (region, term) => region.locator(`dt:text-is("${term}") + dd`).textContent();

/** The body rows of a mapping table: name in the file, sets, the exercise it maps to, how sure. */
async function tableRows(table) {
  return table.locator("tbody tr").evaluateAll((rows) =>
    rows.map((row) => ({
      name: row.querySelector("th").textContent,
      sets: Number(row.querySelector("td.num").textContent.replaceAll(",", "")),
      exercise: row.querySelector(".exercise").textContent,
      match: row.querySelector(".match").textContent,
      closest: row.querySelector(".suggestions")?.textContent ?? null,
    })),
  );
}

step("register the lifter through the API");
await call("POST", "/auth/register", {
  json: { email: `${USER}@example.com`, username: USER, password: PASSWORD, unit_system: "metric", time_zone: ZONE },
  expect: [201],
});

const { browser, page, shot, errors } = await launchPhone();
const shown = { user: USER, file: basename(FILE), time_zone: ZONE };
try {
  const token = await logIn(page);

  step("open the import screen from Settings and pick the export");
  await page.getByRole("link", { name: "Settings" }).click();
  await page.getByRole("link", { name: "Import from Strong/Hevy" }).click();
  await page.getByRole("heading", { name: "Import from Strong/Hevy", level: 1 }).waitFor();
  await page.getByLabel("Export file (CSV)").setInputFiles(FILE);
  await page.getByRole("button", { name: "Preview" }).click();

  step("the preview shows counts, dates, the unit and the mapping table; nothing is imported yet");
  const preview = page.getByRole("region", { name: "Preview" });
  await preview.waitFor();
  shown.preview = {
    contents: await fact(preview, "Contents"),
    dates: await fact(preview, "Dates"),
    units: await fact(preview, "Units"),
    plan: await preview.locator("p.plan").textContent(),
    names: await tableRows(preview.getByRole("table", { name: "Exercise names in the file" })),
  };
  const [, rows, sessions, sets] = shown.preview.contents.replaceAll(",", "").match(/^(\d+) rows · (\d+) sessions · (\d+) sets$/) ?? [];
  assert.ok(rows && Number(sessions) > 0 && Number(sets) > 0, `the counts: ${shown.preview.contents}`);
  Object.assign(shown.preview, { sessions: Number(sessions), sets: Number(sets) });
  assert.match(shown.preview.dates, /^\d{4}-\d\d-\d\d to \d{4}-\d\d-\d\d$/);
  assert.match(shown.preview.units, /^Weights in (kg|lb), /);
  assert.equal(shown.preview.names.reduce((n, r) => n + r.sets, 0), Number(sets), "every set row is under one name of the table");
  assert.ok(shown.preview.names.length > 1);
  const unmatched = shown.preview.names.filter((r) => r.match === "new exercise of yours");
  assert.ok(unmatched.every((r) => r.exercise === "none in the library" && r.closest?.startsWith("Closest: ")), "names the library lacks come with suggestions");
  assert.equal((await call("GET", "/workouts", { token })).total, 0, "a preview imports nothing");
  await shot("30-import-preview");

  step("confirm and follow the import to its result");
  await preview.getByRole("button", { name: `Import ${sessions} workouts` }).click();
  await page.getByRole("heading", { name: "Importing" }).waitFor();
  const result = page.getByRole("region", { name: `Imported ${basename(FILE)}` });
  await result.waitFor({ timeout: 180_000 });
  shown.result = {
    workouts: Number((await fact(result, "Workouts created")).replaceAll(",", "")),
    sets: Number((await fact(result, "Sets created")).replaceAll(",", "")),
    skipped: Number(await fact(result, "Already imported, skipped")),
    rejected: Number(await fact(result, "Rows left out")),
  };
  assert.deepEqual([shown.result.workouts, shown.result.sets], [shown.preview.sessions, shown.preview.sets], "the import did what the preview said");
  await page.getByRole("status").filter({ hasText: `Imported ${sessions} workouts` }).waitFor();
  await shot("31-import-result");

  step("change one mapping in the result's table");
  const mappings = result.getByRole("table", { name: "What each exercise name maps to" });
  const before = await tableRows(mappings);
  // A name the library lacked, else the first: pointed at its best suggestion (else another exercise).
  const chosen = before.find((r) => r.match === "your own exercise") ?? before[0];
  await mappings.getByRole("button", { name: `Change ${chosen.name}`, exact: true }).click();
  const picker = mappings.getByLabel(`Exercise for ${chosen.name}`, { exact: true });
  const options = await picker.locator("option").evaluateAll((os) => os.map((o) => ({ value: o.value, label: o.textContent })));
  const target = options.find((o) => o.label.replace(/ \(\d+%\)$/, "") !== chosen.exercise);
  await picker.selectOption(target.value);
  await mappings.getByRole("button", { name: `Save mapping for ${chosen.name}` }).click();
  const targetName = target.label.replace(/ \(\d+%\)$/, "");
  const moved = page.getByRole("status").filter({ hasText: `${chosen.name} now maps to ${targetName};` });
  await moved.waitFor();
  shown.remap = { source_name: chosen.name, from_exercise: chosen.exercise, exercise_id: Number(target.value), exercise_name: targetName, said: await moved.textContent() };
  const after = await tableRows(mappings);
  const row = after.find((r) => r.name === chosen.name);
  assert.deepEqual([row.exercise, row.match], [targetName, "chosen by you"], "the table shows the change");

  step("routines: the import made some from recurring titles");
  await page.getByRole("link", { name: "Today" }).click();
  await page.getByRole("link", { name: "Routines" }).click();
  await page.getByRole("heading", { name: "Routines", level: 1 }).waitFor();
  const list = page.getByRole("list", { name: "Routines" });
  await list.getByRole("listitem").first().waitFor();
  shown.imported_routines = await list.getByRole("listitem").locator("strong").allTextContents();

  step("make a routine from the newest workout: its own name is taken, so give another");
  const fromPast = page.getByRole("form", { name: "From a past workout" });
  const newest = await fromPast.getByLabel("Workout").locator("option").first().textContent();
  const takenName = await fromPast.getByLabel("Routine name").inputValue();
  assert.ok(newest.startsWith(takenName), `the name defaults to the workout's: ${takenName}`);
  if (shown.imported_routines.includes(takenName)) {
    await fromPast.getByRole("button", { name: "Make routine" }).click();
    await page.getByRole("status").filter({ hasText: "you already have a routine called" }).waitFor();
  }
  await fromPast.getByLabel("Routine name").fill(FROM_WORKOUT);
  await fromPast.getByRole("button", { name: "Make routine" }).click();
  await page.getByRole("status").filter({ hasText: `Created ${FROM_WORKOUT} from the workout.` }).waitFor();
  shown.routine = { name: FROM_WORKOUT, from_workout: newest };

  step("edit it: four sets of the first exercise");
  await list.getByRole("button", { name: `Edit ${FROM_WORKOUT}` }).click();
  const editor = page.getByRole("form", { name: `Edit ${FROM_WORKOUT}` });
  const firstExercise = await editor.locator("fieldset legend").first().textContent();
  await editor.getByLabel(`Sets of ${firstExercise}`).fill("4");
  await editor.getByRole("button", { name: "Save routine" }).click();
  await page.getByRole("status").filter({ hasText: `Saved ${FROM_WORKOUT}.` }).waitFor();
  Object.assign(shown.routine, { first_exercise: firstExercise, first_sets: 4 });

  step("make one by hand, then delete it");
  await page.getByRole("button", { name: "Create a routine" }).click();
  const blank = page.getByRole("form", { name: "New routine" });
  await blank.getByLabel("Routine name").fill(BY_HAND);
  await blank.getByLabel("Exercise to add").selectOption({ label: "Barbell Back Squat" });
  await blank.getByRole("button", { name: "Add exercise" }).click();
  await blank.getByLabel("Reps of Barbell Back Squat").fill("5");
  await blank.getByRole("button", { name: "Create routine" }).click();
  await page.getByRole("status").filter({ hasText: `Created ${BY_HAND}.` }).waitFor();
  const handMade = (await call("GET", "/routines", { token })).find((r) => r.name === BY_HAND);
  assert.deepEqual(handMade.exercises.map((e) => [e.exercise_name, e.target_sets, e.target_reps]), [["Barbell Back Squat", 3, 5]]);
  page.once("dialog", (dialog) => dialog.accept());
  await list.getByRole("button", { name: `Delete ${BY_HAND}` }).click();
  await page.getByRole("status").filter({ hasText: `Deleted ${BY_HAND}.` }).waitFor();
  assert.equal(await list.getByRole("button", { name: `Start ${BY_HAND}` }).count(), 0);
  await shot("32-routines");

  step("start the routine: its exercises and targets are the workout's; log a set");
  const unstarted = (await call("GET", "/routines", { token })).find((r) => r.name === FROM_WORKOUT);
  Object.assign(shown.routine, { id: unstarted.id, times_done_before: unstarted.times_done });
  await list.getByRole("button", { name: `Start ${FROM_WORKOUT}` }).click();
  assert.equal(await page.getByLabel("Workout name").inputValue(), FROM_WORKOUT);
  const card = page.getByRole("region", { name: firstExercise, exact: true });
  await card.getByText(/^Target: 4 × /).waitFor();
  shown.routine.logged_weight = await card.getByLabel(/^Weight \((kg|lb)\)$/).inputValue();
  shown.routine.logged_reps = await card.getByLabel("Reps", { exact: true }).inputValue();
  await card.getByRole("button", { name: `Log set 1 of ${firstExercise}` }).click();
  await page.getByRole("list", { name: `Sets of ${firstExercise}` }).getByRole("listitem").first().waitFor();
  await shot("33-routine-workout");

  step("For you, while the routine's workout is in progress, asks for exercises ranked for the routine");
  const asked = page.waitForRequest((r) => r.method() === "POST" && new URL(r.url()).pathname === "/recommendations/exercises");
  await page.getByRole("link", { name: "Today" }).click();
  await page.getByRole("link", { name: "For you" }).click();
  shown.routine.for_you_request = (await asked).postDataJSON();
  assert.deepEqual(shown.routine.for_you_request, { k: 10, title: FROM_WORKOUT });
  await page.getByText(`For your ${FROM_WORKOUT} workout in progress.`).waitFor();
  await page.getByRole("list", { name: "Exercises for you" }).getByRole("listitem").first().waitFor();

  step("finish: the workout reaches the API linked to the routine, which counts it");
  await page.getByRole("link", { name: "Today" }).click();
  await page.getByRole("button", { name: "Continue workout" }).click();
  await page.getByRole("button", { name: "Finish workout" }).click();
  // The header said "all synced" before this workout was queued too: ask the API until it has it.
  const deadline = Date.now() + 30_000;
  let trained;
  while (!(trained = (await call("GET", "/workouts?status=completed&limit=5", { token })).items.find((w) => w.name === FROM_WORKOUT))) {
    assert.ok(Date.now() < deadline, "the workout started from the routine reached the API");
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  assert.equal(trained.routine_id, shown.routine.id, "the upload carried the routine's id");
  const counted = await call("GET", `/routines/${shown.routine.id}`, { token });
  assert.equal(counted.times_done, shown.routine.times_done_before + 1, "the routine counts the workout done from it");
  await page.getByRole("status").filter({ hasText: "all synced" }).waitFor();
  await page.getByRole("link", { name: "Routines" }).click();
  shown.routine.listed = await page.getByRole("list", { name: "Routines" }).getByRole("listitem").filter({ hasText: FROM_WORKOUT }).locator("small.muted").textContent();
  assert.match(shown.routine.listed, new RegExp(` · done (once|${counted.times_done} times), last on `));

  step("export my data, everything above included: a CSV and a JSON download");
  await page.getByRole("link", { name: "Settings" }).click();
  for (const [button, saveAs] of [["Export workouts (CSV)", "export-from-app.csv"], ["Export everything (JSON)", "export-from-app.json"]]) {
    const download = page.waitForEvent("download");
    await page.getByRole("button", { name: button }).click();
    const file = await download;
    assert.match(file.suggestedFilename(), new RegExp(`^pulse-${USER}-\\d{4}-\\d\\d-\\d\\d\\.${saveAs.split(".").pop()}$`));
    await file.saveAs(`${ARTIFACTS}/${saveAs}`);
    await page.getByRole("status").filter({ hasText: `Downloaded ${file.suggestedFilename()}.` }).waitFor();
  }
  assert.match(readFileSync(`${ARTIFACTS}/export-from-app.csv`, "utf8"), /^Date,Workout Name,Duration,Exercise Name,Set Order,Weight,Reps/);

  assert.deepEqual(errors, [], "no page errors");
  writeFileSync(`${ARTIFACTS}/import-e2e.json`, JSON.stringify(shown, null, 2));
  console.log(`e2e passed: ${sessions} workouts imported as previewed, ${chosen.name} remapped, exported, routine started; screenshots in ${ARTIFACTS}`);
} finally {
  await browser.close();
}
