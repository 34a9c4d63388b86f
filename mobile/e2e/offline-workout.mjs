// End-to-end: a lifter on a phone registers, logs a whole workout with the network off, comes
// back online, and the workout reaches the real API exactly once, even though the first upload
// is cut off after the server stored it. Then the progress chart shows it. Then the lifter starts
// the recommended next workout (leaving one exercise out) and, on "For you", skips one exercise,
// adds another, rates two ("Good suggestion" / "Not for me", changing one rating); the feedback it
// sent is written to ARTIFACTS/feedback-expected.json for the pytest driver to compare with the
// database. Friends are in e2e/friends.mjs.
//
// Env: PULSE_BASE_URL (the API serving the built app), PULSE_E2E_USER / PULSE_E2E_PASSWORD
// (the account to register), CHROME_PATH (default /usr/bin/chromium), ARTIFACTS (screenshots).
import assert from "node:assert/strict";
import { writeFileSync } from "node:fs";
import { ARTIFACTS, BASE, PASSWORD, USER, launchPhone, step } from "./phone.mjs";

const WORKOUT = "Offline push day";

/** A direct call to the API from Node (not through the browser, whose network is switched off). */
async function apiGet(path, token) {
  const response = await fetch(new URL(path, BASE), { headers: { Authorization: `Bearer ${token}` } });
  assert.equal(response.status, 200, `GET ${path}: ${response.status}`);
  return response.json();
}

/** Poll a condition (something the page does in the background) for up to 10 s. */
async function waitFor(condition, what) {
  for (const deadline = Date.now() + 10_000; !condition(); ) {
    assert.ok(Date.now() < deadline, `timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

const { browser, context, page, shot } = await launchPhone();
try {
  page.on("pageerror", (error) => console.error("page error:", error));

  step("register");
  await page.goto(BASE);
  await page.getByRole("heading", { name: "Log in" }).waitFor();
  await shot("01-login");
  await page.getByRole("link", { name: "Create an account" }).click();
  await page.getByLabel("Email").fill(`${USER}@example.com`);
  await page.getByLabel("Username").fill(USER);
  await page.getByLabel("Password").fill(PASSWORD);
  await page.getByLabel("Units").selectOption("metric");
  await page.getByRole("button", { name: "Create account" }).click();
  await page.getByText(`Hi ${USER}`).waitFor();
  const token = await page.evaluate(() => localStorage.getItem("pulse.token"));
  assert.ok(token, "a bearer token is stored after registering");
  // The service worker has the app shell, so the app opens with no connection.
  await page.evaluate(() => navigator.serviceWorker.ready);
  await shot("02-today");

  step("go offline and reopen the app");
  await context.setOffline(true);
  await page.reload();
  await page.getByText(`Hi ${USER}`).waitFor();
  await page.getByRole("status").filter({ hasText: "Offline" }).waitFor();

  step("log a workout offline");
  await page.getByRole("button", { name: "Start empty workout" }).click();
  await page.getByLabel("Workout name").fill(WORKOUT);
  await page.getByLabel("Workout name").blur();
  await page.getByRole("link", { name: "Add exercise" }).click();
  await page.getByLabel("Search exercises").fill("bench press");
  await page.getByLabel("Muscle").selectOption("CHEST");
  await shot("03-library");
  await page.getByRole("button", { name: "Add Barbell Bench Press" }).click();
  const card = page.getByRole("region", { name: "Barbell Bench Press" });
  await card.getByLabel("Reps", { exact: true }).fill("5");
  await card.getByLabel("Weight (kg)", { exact: true }).fill("100");
  await card.getByLabel("Set type").selectOption("normal");
  await card.getByLabel("RPE").selectOption("8");
  await card.getByRole("button", { name: "Log set 1 of Barbell Bench Press" }).click();
  await page.getByRole("timer", { name: "Rest timer" }).waitFor(); // the rest starts with the set
  const card2 = page.getByRole("region", { name: "Barbell Bench Press" });
  await card2.getByRole("button", { name: "Weight (kg): plus 2.5" }).click();
  assert.equal(await card2.getByLabel("Weight (kg)", { exact: true }).inputValue(), "102.5");
  await card2.getByRole("button", { name: "Plates" }).click();
  const plates = page.getByRole("dialog", { name: "Plates for 102.5 kg" });
  await plates.getByText("25 + 15 + 1.25 kg").waitFor();
  await shot("04-plates");
  await plates.getByRole("button", { name: "Close" }).click();
  await card2.getByRole("button", { name: "Log set 2 of Barbell Bench Press" }).click();
  await page.getByRole("list", { name: "Sets of Barbell Bench Press" }).getByRole("listitem").nth(1).waitFor();
  await shot("05-workout");
  await page.getByRole("button", { name: "Finish workout" }).click();
  await page.getByRole("status").filter({ hasText: "1 workout waiting to sync" }).waitFor();
  await shot("06-waiting-to-sync");
  const before = await apiGet("/workouts", token);
  assert.equal(before.total, 0, "nothing reached the API while offline");

  step("back online; the first upload is cut off after the server stored it");
  let cut = 0;
  await page.route("**/workouts?*", async (route) => {
    if (route.request().method() !== "POST" || cut) return route.fallback();
    cut += 1;
    const response = await route.fetch(); // the real API stores the workout...
    assert.equal(response.status(), 201);
    await route.abort("connectionreset"); // ...and the phone never hears back
  });
  await context.setOffline(false);
  await page.evaluate(() => window.dispatchEvent(new Event("online")));
  await page.getByRole("heading", { name: "On this phone" }).waitFor();
  await page.waitForFunction(() => document.querySelector(".sync-status")?.textContent?.includes("waiting to sync") && !document.querySelector(".sync-status")?.textContent?.includes("syncing"));
  assert.equal(cut, 1, "the first upload was interrupted");
  await page.unroute("**/workouts?*");

  step("retry: the API answers with the stored workout, not a second one");
  await page.getByRole("button", { name: "Sync now" }).click();
  await page.getByRole("status").filter({ hasText: "all synced" }).waitFor();
  const after = await apiGet("/workouts?status=completed&include=sets", token);
  assert.equal(after.total, 1, `exactly one workout on the server, found ${after.total}`);
  const [stored] = after.items;
  assert.equal(stored.name, WORKOUT);
  assert.deepEqual(stored.exercises[0].sets.map((s) => [s.reps, s.weight, s.set_type]), [[5, 100, "normal"], [5, 102.5, "normal"]]);

  step("the progress chart shows it");
  await page.getByRole("link", { name: "Progress" }).click();
  const chart = page.getByRole("img", { name: /Estimated 1RM, Barbell Bench Press: 1 point, latest \d+/ });
  await chart.waitFor();
  assert.equal(await chart.locator("canvas").count(), 1, "uPlot drew the 1RM chart");
  await page.getByRole("img", { name: /Weekly volume by muscle group: 1 point/ }).waitFor();
  await page.getByRole("list", { name: "Personal records" }).getByText("Barbell Bench Press").waitFor();
  await shot("07-progress");

  step("friends and settings");
  await page.getByRole("link", { name: "Friends" }).click();
  await page.getByRole("heading", { name: "Feed" }).waitFor();
  await shot("08-friends");
  await page.getByRole("link", { name: "Settings" }).click();
  await page.getByLabel("Theme").selectOption("dark");
  await page.getByLabel("Who can see my workouts").selectOption("friends");
  await page.getByRole("status").filter({ hasText: "Saved." }).waitFor();
  const me = await apiGet("/users/me", token);
  assert.equal(me.workout_visibility, "friends");
  await shot("09-settings-dark");
  await page.getByRole("link", { name: "Progress" }).click();
  await page.getByRole("img", { name: /Estimated 1RM/ }).waitFor();
  await shot("10-progress-dark");

  // ---- recommendations: the API has no trained model here, so popularity answers ----------
  const feedback = []; // every feedback POST the app makes, with the API's answer
  page.on("response", (response) => {
    const request = response.request();
    if (request.method() === "POST" && /\/recommendations\/\d+\/feedback$/.test(response.url())) {
      feedback.push({ recommendation_id: Number(response.url().split("/").at(-2)), ...request.postDataJSON(), status: response.status() });
    }
  });
  const jsonOf = (path) => page.waitForResponse((r) => r.url().endsWith(path) && r.request().method() === "POST").then((r) => r.json());

  step("start today's workout from the recommendation, leaving one exercise out");
  const planned = jsonOf("/recommendations/next-workout");
  await page.getByRole("link", { name: "Today" }).click();
  const plan = await planned;
  assert.equal(plan.model.source, "popularity_fallback");
  assert.ok(plan.exercises.length >= 2, "the plan has exercises");
  const recommended = page.getByRole("region", { name: `Recommended: ${plan.name}` });
  await recommended.getByText("Popular with lifters like you").waitFor();
  const [first, ...rest] = [...plan.exercises].sort((a, b) => a.position - b.position);
  const left = rest.at(-1);
  await recommended.getByRole("checkbox", { name: `Include ${left.name}` }).uncheck();
  await shot("11-recommended");
  await recommended.getByRole("button", { name: `Start recommended: ${plan.name}` }).click();
  const firstCard = page.getByRole("region", { name: first.name });
  await firstCard.getByText(`Target: ${first.sets} × ${first.reps ?? `${first.duration_s} s`}`).waitFor();
  assert.equal(await page.getByRole("region", { name: left.name }).count(), 0, "the exercise left out is not in the workout");
  assert.equal(await page.getByLabel("Workout name").inputValue(), plan.name);
  const expected = plan.exercises.map((e) => ({ recommendation_id: plan.id, exercise_id: e.exercise_id, action: e === left ? "skipped" : "accepted" }));
  await waitFor(() => feedback.length >= expected.length, "feedback for the started plan");

  step("For you: skip one exercise, add another");
  const ranked = jsonOf("/recommendations/exercises");
  await page.getByRole("link", { name: "Today" }).click();
  await page.getByRole("link", { name: "For you" }).click();
  const rec = await ranked;
  assert.equal(rec.model.source, "popularity_fallback");
  const forYou = page.getByRole("list", { name: "Exercises for you" });
  await forYou.getByRole("listitem").first().waitFor();
  await page.getByText("Popular with lifters like you").waitFor();
  await page.getByRole("heading", { name: "Lifters like you" }).waitFor();
  await shot("12-for-you");
  const byName = (label, prefix, suffix = "") => rec.items.find((i) => `${prefix}${i.name}${suffix}` === label);
  const skipButton = forYou.getByRole("button", { name: /^Skip / }).first();
  const skipped = byName(await skipButton.getAttribute("aria-label"), "Skip ");
  await skipButton.click();
  await page.getByRole("status").filter({ hasText: `Skipped ${skipped.name}.` }).waitFor();
  assert.equal(await forYou.getByText(skipped.name, { exact: true }).count(), 0, "a skipped exercise disappears");
  const addButton = forYou.getByRole("button", { name: / to workout$/ }).first();
  const added = byName(await addButton.getAttribute("aria-label"), "Add ", " to workout");
  await addButton.click();
  await page.getByRole("status").filter({ hasText: `Added ${added.name} to your workout.` }).waitFor();
  expected.push({ recommendation_id: rec.id, exercise_id: skipped.exercise_id, action: "skipped" });
  expected.push({ recommendation_id: rec.id, exercise_id: added.exercise_id, action: "accepted" });
  await waitFor(() => feedback.length >= expected.length, "feedback from For you");

  step("For you: rate two exercises (a rating does not hide them), change one rating");
  const upButtons = forYou.getByRole("button", { name: /^Good suggestion: / });
  const [liked, disliked] = await Promise.all([0, 1].map(async (i) => byName(await upButtons.nth(i).getAttribute("aria-label"), "Good suggestion: ")));
  const up = (e) => forYou.getByRole("button", { name: `Good suggestion: ${e.name}`, exact: true });
  const down = (e) => forYou.getByRole("button", { name: `Not for me: ${e.name}`, exact: true });
  const pressed = async (button) => (await button.getAttribute("aria-pressed")) === "true";
  assert.ok(!(await pressed(up(liked))) && !(await pressed(down(liked))), "nothing is rated yet");
  await up(liked).click();
  await page.getByRole("status").filter({ hasText: `Marked ${liked.name} as a good suggestion.` }).waitFor();
  assert.ok((await pressed(up(liked))) && !(await pressed(down(liked))), "Good suggestion is pressed");
  await forYou.getByRole("button", { name: `Skip ${liked.name}`, exact: true }).waitFor(); // still listed
  expected.push({ recommendation_id: rec.id, exercise_id: liked.exercise_id, action: "thumbs_up" });
  await down(disliked).click();
  await page.getByRole("status").filter({ hasText: `Marked ${disliked.name} as not for you.` }).waitFor();
  assert.ok((await pressed(down(disliked))) && !(await pressed(up(disliked))), "Not for me is pressed");
  expected.push({ recommendation_id: rec.id, exercise_id: disliked.exercise_id, action: "thumbs_down" });
  await waitFor(() => feedback.length >= expected.length, "thumbs feedback");
  await up(disliked).click(); // changed its mind: sent too (the API keeps feedback as events)
  await page.getByRole("status").filter({ hasText: `Marked ${disliked.name} as a good suggestion.` }).waitFor();
  assert.ok((await pressed(up(disliked))) && !(await pressed(down(disliked))), "the rating changed");
  expected.push({ recommendation_id: rec.id, exercise_id: disliked.exercise_id, action: "thumbs_up" });
  await waitFor(() => feedback.length >= expected.length, "the changed rating");
  await up(liked).click(); // the same rating again sends nothing
  assert.ok(await pressed(up(liked)));
  await shot("13-for-you-feedback");

  await page.getByRole("link", { name: "Open workout" }).click();
  await page.getByRole("region", { name: added.name }).waitFor();
  const key = (f) => `${f.recommendation_id}:${f.exercise_id}:${f.action}`;
  assert.deepEqual(feedback.map(key).sort(), expected.map(key).sort(), "the app sent exactly this feedback");
  assert.ok(feedback.every((f) => f.status === 201), `every feedback was stored: ${JSON.stringify(feedback)}`);
  writeFileSync(`${ARTIFACTS}/feedback-expected.json`, JSON.stringify(expected, null, 2));

  step("For you again with the same answer (as the API's cache serves it): answered items stay hidden, ratings pressed");
  // Here the API has no shared cache, so the answer is replayed once as a cache would serve it.
  await page.route("**/recommendations/exercises", (route) => route.fulfill({ json: { ...rec, cached: true } }), { times: 1 });
  await page.getByRole("link", { name: "Today" }).click();
  await page.getByRole("link", { name: "For you" }).click();
  await up(liked).waitFor();
  assert.ok((await pressed(up(liked))) && (await pressed(up(disliked))) && !(await pressed(down(disliked))), "ratings are shown again");
  assert.equal(await forYou.getByText(skipped.name, { exact: true }).count(), 0, "the skipped exercise stays hidden");
  assert.equal(await forYou.getByText(added.name, { exact: true }).count(), 0, "the added exercise stays hidden");

  step("For you offline says so");
  await context.setOffline(true);
  await page.getByRole("link", { name: "Today" }).click();
  await page.getByRole("link", { name: "For you" }).click();
  await page.getByRole("note").filter({ hasText: "Offline: recommendations need a connection" }).waitFor();
  await context.setOffline(false);

  console.log(`e2e passed: ${after.total} workout synced exactly once, ${feedback.length} recommendation feedback stored; screenshots in ${ARTIFACTS}`);
} finally {
  await browser.close();
}
