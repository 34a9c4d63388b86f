// End-to-end: friends. Three other people are set up through the API itself (not the app): a
// friend who shares workouts with friends and has logged one, a stranger who shares workouts with
// everyone and has logged one, and a coach. The friend and the stranger ask the app's user to be
// friends. In the app (a phone), the lifter logs in, sees both requests, declines the stranger's
// (it disappears), accepts the friend's (the friend is listed and the friend's workout is in the
// feed, the stranger's is not), and asks the coach. Then the API, asked as the lifter, shows
// accepted / declined / pending. tests/e2e/test_mobile_app.py checks the same through the API.
//
// Env: PULSE_BASE_URL (the API serving the built app), PULSE_E2E_USER / PULSE_E2E_PASSWORD (the
// lifter, created here), PULSE_E2E_FRIEND / PULSE_E2E_STRANGER / PULSE_E2E_COACH (the others'
// usernames; default <user>_friend, …), CHROME_PATH (default /usr/bin/chromium), ARTIFACTS.
import assert from "node:assert/strict";
import { ARTIFACTS, PASSWORD, USER, call, launchPhone, logIn, step } from "./phone.mjs";

const FRIEND = process.env.PULSE_E2E_FRIEND ?? `${USER}_friend`;
const STRANGER = process.env.PULSE_E2E_STRANGER ?? `${USER}_stranger`;
const COACH = process.env.PULSE_E2E_COACH ?? `${USER}_coach`;
const FRIEND_WORKOUT = "Friend's leg day";
const STRANGER_WORKOUT = "Stranger's squats";

// ---- the API, called from Node -------------------------------------------------------------

/** Register someone and log them in: their profile and bearer token. */
async function person(username, profile = {}) {
  const user = await call("POST", "/auth/register", {
    json: { email: `${username}@example.com`, username, password: PASSWORD, unit_system: "metric", ...profile },
    expect: [201],
  });
  const { access_token: token } = await call("POST", "/auth/login", { form: { username, password: PASSWORD } });
  return { ...user, token };
}

/** A finished workout of two sets, logged through the API. */
async function logWorkout(who, name, exerciseId, hoursAgo) {
  const started = new Date(Date.now() - hoursAgo * 3_600_000);
  const completed = new Date(started.getTime() + 45 * 60_000);
  return call("POST", "/workouts", {
    token: who.token,
    json: {
      name,
      status: "completed",
      started_at: started.toISOString(),
      completed_at: completed.toISOString(),
      exercises: [{ exercise_id: exerciseId, sets: [{ reps: 5, weight: 100 }, { reps: 5, weight: 105 }] }],
    },
    expect: [201],
  });
}

step("set up the lifter, a friend, a stranger and a coach through the API");
const lifter = await call("POST", "/auth/register", {
  json: { email: `${USER}@example.com`, username: USER, password: PASSWORD, unit_system: "metric" },
  expect: [201],
});
const friend = await person(FRIEND, { workout_visibility: "friends" });
const stranger = await person(STRANGER, { workout_visibility: "public" });
await call("POST", "/auth/register", { json: { email: `${COACH}@example.com`, username: COACH, password: PASSWORD }, expect: [201] });
const {
  items: [squat],
} = await call("GET", "/exercises?q=squat&limit=1");
assert.ok(squat, "the library has a squat");
await logWorkout(friend, FRIEND_WORKOUT, squat.id, 3);
await logWorkout(stranger, STRANGER_WORKOUT, squat.id, 2);
await call("POST", "/friendships", { token: friend.token, json: { user_id: lifter.id }, expect: [201] });
await call("POST", "/friendships", { token: stranger.token, json: { user_id: lifter.id }, expect: [201] });

const { browser, page, shot, errors } = await launchPhone();
try {
  const token = await logIn(page);
  assert.ok(token, "a bearer token is stored after logging in");

  step("both requests are shown; nothing in the feed before accepting");
  await page.getByRole("link", { name: "Friends" }).click();
  const requests = page.getByRole("region", { name: "Requests" });
  const friends = page.getByRole("region", { name: "Friends" });
  const feed = page.getByRole("region", { name: "Feed" });
  await requests.getByText(`${FRIEND} wants to be friends`).waitFor();
  await requests.getByText(`${STRANGER} wants to be friends`).waitFor();
  await friends.getByText("No friends yet.").waitFor();
  await feed.getByText("Your friends' workouts show up here.").waitFor();
  await shot("20-friends-requests");

  step("decline the stranger: the request disappears");
  await requests.getByRole("button", { name: `Decline ${STRANGER}`, exact: true }).click();
  await page.getByRole("status").filter({ hasText: `Declined ${STRANGER}'s request.` }).waitFor();
  assert.equal(await requests.getByText(`${STRANGER} wants to be friends`).count(), 0, "the declined request is gone");
  assert.equal(await requests.getByRole("button", { name: `Accept ${STRANGER}`, exact: true }).count(), 0);
  await requests.getByText(`${FRIEND} wants to be friends`).waitFor();

  step("accept the friend: listed as a friend, their workout in the feed");
  await requests.getByRole("button", { name: `Accept ${FRIEND}`, exact: true }).click();
  await page.getByRole("status").filter({ hasText: `You and ${FRIEND} are now friends.` }).waitFor();
  await requests.getByText("No open requests.").waitFor();
  await friends.getByRole("listitem").filter({ hasText: FRIEND }).waitFor();
  const workouts = feed.getByRole("list", { name: "Friends' workouts" });
  const item = workouts.getByRole("listitem").filter({ hasText: FRIEND_WORKOUT });
  await item.waitFor();
  const line = await item.textContent();
  assert.ok(line.startsWith(FRIEND) && line.includes(" · 1 exercise · "), `the feed line: ${line}`);
  assert.ok(line.includes("1025 kg"), `the feed line shows the volume (5 × 100 + 5 × 105): ${line}`);
  assert.equal(await workouts.getByRole("listitem").count(), 1, "only the friend's workout");
  assert.equal(await feed.getByText(STRANGER_WORKOUT).count(), 0, "a public workout of someone who is not a friend is not in the feed");
  await shot("21-friends-feed");

  step("ask the coach from the app");
  await page.getByLabel("Friend's username").fill(COACH);
  await page.getByRole("button", { name: "Send friend request" }).click();
  await page.getByRole("status").filter({ hasText: `Friend request sent to ${COACH}.` }).waitFor();
  await requests.getByText(`Waiting for ${COACH}`).waitFor();

  step("going back leaves the friends screen (answering does not pile up history entries)");
  await page.goBack();
  await page.getByRole("heading", { name: "Today", level: 1 }).waitFor();

  step("the API agrees");
  const byName = Object.fromEntries((await call("GET", "/friendships", { token })).map((f) => [f.friend.username, [f.status, f.direction]]));
  assert.deepEqual(byName, { [FRIEND]: ["accepted", "incoming"], [STRANGER]: ["declined", "incoming"], [COACH]: ["pending", "outgoing"] });
  const apiFeed = await call("GET", "/feed", { token });
  assert.deepEqual(apiFeed.items.map((i) => [i.friend.username, i.workout.name]), [[FRIEND, FRIEND_WORKOUT]]);
  assert.deepEqual(errors, [], "no page errors");

  console.log(`e2e passed: friend request accepted, one declined, one sent; the feed shows ${FRIEND}'s workout; screenshots in ${ARTIFACTS}`);
} finally {
  await browser.close();
}
