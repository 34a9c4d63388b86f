// End-to-end: the safety, accountability and community journeys on a phone, one per run
// (PULSE_E2E_JOURNEY). Through the API (Node) a lifter gets four steady weeks of training and then
// a week that spikes their leg volume; a friend, an accountability partner and a troll are set up.
// In the app the lifter verifies their email from the link in the mail (read from the API's log,
// where mail goes without SMTP), then:
//   safety          sees the load warning on Today, blocks the troll (gone from friends, feed and search)
//   accountability  accepts the partner, whose nudge then arrives in the inbox; tries Web Push;
//                   the weekly target in Settings
//   community       gives kudos, writes a comment the moderation holds (a link: only they see it,
//                   marked as waiting), starts a challenge whose leaderboard updates as the friend trains
// Screenshots 40-46 go to ARTIFACTS (docs/journeys.md shows them).
//
// Env: PULSE_E2E_JOURNEY (safety, accountability or community), PULSE_BASE_URL, PULSE_E2E_USER /
// PULSE_E2E_PASSWORD (created here), PULSE_API_LOG (the API's log file), CHROME_PATH, ARTIFACTS.
import assert from "node:assert/strict";
import { readFileSync, writeFileSync } from "node:fs";
import { ARTIFACTS, BASE, PASSWORD, USER, call, launchPhone, logIn, step } from "./phone.mjs";

const API_LOG = process.env.PULSE_API_LOG ?? `${ARTIFACTS}/api.log`;
const [FRIEND, PARTNER, TROLL] = ["friend", "partner", "troll"].map((who) => `${USER}_${who}`);
const HELD_COMMENT = "great deals on protein at cheap-gains.shop";
const JOURNEY = process.env.PULSE_E2E_JOURNEY ?? "safety";
assert.ok(["safety", "accountability", "community"].includes(JOURNEY), `unknown journey ${JOURNEY}`);

async function person(username, profile = {}) {
  const user = await call("POST", "/auth/register", { json: { email: `${username}@example.com`, username, password: PASSWORD, ...profile }, expect: [201] });
  const { access_token: token } = await call("POST", "/auth/login", { form: { username, password: PASSWORD } });
  return { ...user, token };
}

/** The verification link mailed to `email`, from the API's log (mail goes there without SMTP). */
async function mailedLink(email) {
  for (const deadline = Date.now() + 10_000; Date.now() < deadline; await new Promise((r) => setTimeout(r, 200))) {
    const line = readFileSync(API_LOG, "utf8").split("\n").find((l) => l.includes(`mail to ${email}`));
    const token = line?.match(/verify-email\?token=([\w.-]+)/)?.[1];
    if (token) return `/verify-email?token=${token}`;
  }
  throw new Error(`no verification mail to ${email} in ${API_LOG}`);
}

async function verify(who) {
  const token = new URLSearchParams((await mailedLink(who.email)).split("?")[1]).get("token");
  await call("POST", "/auth/verify-email", { json: { token } });
}

async function befriend(a, b) {
  const request = await call("POST", "/friendships", { token: a.token, json: { user_id: b.id }, expect: [201] });
  await call("POST", `/friendships/${request.id}/accept`, { token: b.token });
}

/** A finished session `daysAgo` days back: `sets` sets of an exercise, `minutes` long at `rpe`. */
async function train(who, exerciseId, { daysAgo = 0, sets = 3, minutes = 60, rpe = 7, name = "Session" } = {}) {
  const end = new Date(Date.now() - daysAgo * 86_400_000 - 5 * 60_000);
  const start = new Date(end.getTime() - minutes * 60_000);
  await call("POST", "/workouts", {
    token: who.token,
    json: {
      name, status: "completed", started_at: start.toISOString(), completed_at: end.toISOString(),
      exercises: [{ exercise_id: exerciseId, sets: Array.from({ length: sets }, () => ({ reps: 8, weight: 60, rpe })) }],
    },
    expect: [201],
  });
}

step("set up the lifter's history, a friend, a partner and a troll through the API");
const lifter = await person(USER, { unit_system: "metric", weekly_target_sessions: 3 });
const friend = await person(FRIEND, { workout_visibility: "friends" });
const partner = await person(PARTNER);
const troll = await person(TROLL, { workout_visibility: "friends", is_discoverable: true });
for (const who of [friend, troll]) await verify(who);
const exercise = async (q) => (await call("GET", `/exercises?q=${encodeURIComponent(q)}&limit=1`)).items[0].id;
const squat = await exercise("Barbell Back Squat");
for (const week of [5, 4, 3, 2]) for (const day of [0, 3]) await train(lifter, squat, { daysAgo: 7 * week - day });
for (const daysAgo of [5, 4, 3, 2, 1]) await train(lifter, squat, { daysAgo, sets: 6, minutes: 90, rpe: 9, name: "Leg volume" });
for (const other of [friend, partner, troll]) await befriend(other, lifter);
await train(friend, squat, { daysAgo: 0, name: "Friend's squats" });
await train(troll, squat, { daysAgo: 0, name: "Troll's workout" });
await call("POST", "/partners", { token: partner.token, json: { user_id: lifter.id }, expect: [201] });

const { browser, page, shot, errors } = await launchPhone();
page.on("dialog", (dialog) => dialog.accept()); // the app's confirmations (block, then report)
try {
  await logIn(page);

  step("open the link from the verification mail");
  await page.goto(BASE + (await mailedLink(lifter.email)));
  await page.getByRole("heading", { name: "Email verified" }).waitFor();
  await shot("40-email-verified");

  if (JOURNEY === "safety") {
  step("safety: Today warns of the load spike");
  await page.getByRole("link", { name: "Back to today" }).click();
  const warning = page.getByRole("region", { name: "Load warning" });
  await warning.getByText(/Legs: 30 working sets this week/).waitFor();
  await warning.getByText(/training load this week is/).waitFor();
  await page.getByRole("region", { name: "Weekly streak" }).waitFor();
  await shot("41-load-warning");
  }

  if (JOURNEY === "accountability") {
  step("accountability: accept the partner; their nudge arrives in the inbox");
  await page.getByRole("link", { name: "Friends" }).click();
  const partners = page.getByRole("region", { name: "Accountability partners" });
  await partners.getByText(`${PARTNER} asks you to be partners`).waitFor();
  await partners.getByRole("button", { name: "Accept" }).click();
  await page.getByRole("status").filter({ hasText: `You and ${PARTNER} are partners.` }).waitFor();
  await partners.getByRole("button", { name: `Nudge ${PARTNER}` }).waitFor();
  const [partnership] = await call("GET", "/partners", { token: partner.token });
  await call("POST", `/partners/${partnership.id}/nudge`, { token: partner.token, expect: [202] });
  await page.goto(`${BASE}/inbox`);
  const inbox = page.getByRole("list", { name: "Notifications" });
  await inbox.getByText(`${PARTNER} nudged you`).waitFor();
  await shot("42-inbox-nudge");

  step("web push: the service worker carries the push handler; subscribing goes as far as this browser allows");
  const sw = await (await fetch(new URL("/sw.js", BASE))).text();
  assert.ok(sw.includes("push-handler.js"), "the service worker imports the push handler");
  assert.equal((await fetch(new URL("/push-handler.js", BASE))).status, 200);
  assert.equal((await call("GET", "/push/key")).enabled, true);
  await page.context().grantPermissions(["notifications"], { origin: BASE });
  const pushRegion = page.getByRole("region", { name: "Notifications on this phone" });
  await pushRegion.getByText("Push notifications are off on this phone.").waitFor();
  await pushRegion.getByRole("button", { name: "Notify me on this phone" }).click();
  // Headless Chromium has no push service to register with (it would be Google's, unreachable
  // here): the app must say so plainly; a browser with one subscribes and the server stores it.
  await pushRegion.getByText(/^(This phone gets push notifications\.|The browser could not subscribe: .+)$/).waitFor();
  const pushed = await pushRegion.locator("p").first().textContent();
  if (pushed.startsWith("This phone")) assert.equal((await call("GET", "/push/key")).enabled, true);
  writeFileSync(`${ARTIFACTS}/push-e2e.txt`, pushed);

  step("settings show the weekly target");
  await page.goto(`${BASE}/settings`);
  assert.equal(await page.getByLabel(/Workouts a week/).inputValue(), "3");
  await shot("46-settings-week");
  }

  if (JOURNEY === "community") {
  step("community: kudos, and a comment the moderation holds for review");
  await page.getByRole("link", { name: "Friends" }).click();
  const feed = page.getByRole("list", { name: "Friends' workouts" });
  const friendsWorkout = feed.getByRole("listitem").filter({ hasText: "Friend's squats" }).first();
  await friendsWorkout.getByRole("button", { name: `Kudos for ${FRIEND}'s Friend's squats` }).click();
  await friendsWorkout.getByText("Kudos · 1").waitFor();
  await friendsWorkout.getByText(/comments?$/).first().click();
  await friendsWorkout.getByRole("textbox", { name: `Comment on ${FRIEND}'s Friend's squats` }).fill(HELD_COMMENT);
  await friendsWorkout.getByRole("button", { name: "Post" }).click();
  await friendsWorkout.getByText("Your comment waits for a moderator before others see it.").waitFor();
  await friendsWorkout.getByText("waiting for a moderator, only you see it").waitFor();
  await shot("43-comment-held");
  }

  if (JOURNEY === "safety") {
  step("safety: block the troll: gone from friends, feed and search");
  await page.getByRole("link", { name: "Friends" }).click();
  await page.getByRole("list", { name: "Friends' workouts" }).getByText("Troll's workout").waitFor();
  await page.getByRole("button", { name: `Block ${TROLL}` }).click();
  await page.getByRole("status").filter({ hasText: `You blocked ${TROLL}.` }).waitFor();
  assert.equal(await page.getByRole("region", { name: "Friends" }).getByText(TROLL).count(), 0);
  assert.equal(await page.getByRole("list", { name: "Friends' workouts" }).getByText("Troll's workout").count(), 0);
  await page.getByLabel("Find people by username").fill(TROLL);
  await page.getByRole("button", { name: "Search" }).click();
  await page.getByRole("list", { name: "People found" }).getByText("Nobody found").waitFor();
  await page.getByRole("region", { name: "Blocked" }).getByText(TROLL).waitFor();
  await shot("44-blocked");
  }

  if (JOURNEY === "community") {
  step("community: a challenge whose leaderboard updates as the friend trains");
  await page.goto(`${BASE}/compete`); // (the client route: /challenges is the API's)
  await page.getByLabel("Title").fill("Sessions this week");
  await page.getByLabel(FRIEND).check();
  await page.getByRole("button", { name: "Start challenge" }).click();
  await page.getByRole("status").filter({ hasText: "Sessions this week started." }).waitFor();
  const [challenge] = await call("GET", "/challenges", { token: friend.token });
  await call("POST", `/challenges/${challenge.id}/join`, { token: friend.token });
  await train(friend, squat, { daysAgo: 0, name: "Friend's second session" });
  await page.reload();
  const board = page.getByRole("list", { name: "Leaderboard of Sessions this week" });
  await board.getByText(`1. ${FRIEND}`).waitFor();
  await board.getByText(`2. ${USER}`).waitFor();
  await shot("45-challenge-leaderboard");
  }
  assert.deepEqual(errors, [], "no page errors");
  console.log(`e2e passed: the ${JOURNEY} journey; screenshots in ${ARTIFACTS}`);
} finally {
  await browser.close();
}
