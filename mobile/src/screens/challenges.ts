// Challenges among friends: the ones you are in with their leaderboards, invitations to answer,
// and a form to start one and invite friends.
import type { App } from "../app";
import { api, errorText, type Schemas } from "../api/client";
import { enumLabel, field, formatDate, h, select } from "../dom";

type Challenge = Schemas["ChallengeOut"];

let notice = "";

function leaderboard(c: Challenge): HTMLElement {
  const unit = c.units === "sessions" ? "" : ` ${c.units}`;
  return c.leaderboard.length
    ? h(
        "ol",
        { class: "list", "aria-label": `Leaderboard of ${c.title}` },
        c.leaderboard.map((s) => h("li", {}, h("strong", {}, `${s.rank}. ${s.person.username}`), ` ${Math.round(s.value * 10) / 10}${unit}`)),
      )
    : h("p", {}, "Nobody has joined yet.");
}

export async function challengesScreen(app: App): Promise<HTMLElement> {
  const [{ value: challenges = [], fresh }, { value: friendships = [] }] = await Promise.all([
    app.cached("challenges", async () => (await api.GET("/challenges")).data),
    app.cached("friendships", async () => (await api.GET("/friendships")).data),
  ]);
  const message = h("p", { role: "status" });
  const said = notice;
  notice = "";
  if (said) setTimeout(() => (message.textContent = said), 50);
  const reload = (text: string) => ((notice = text), app.navigate("/compete"));
  const failed = (result: { error?: unknown } | null) => (message.textContent = result ? errorText(result.error) : "Offline: this needs a connection.");

  const answer = (c: Challenge, join: boolean) => async () => {
    const path = join ? "/challenges/{challenge_id}/join" : "/challenges/{challenge_id}/leave";
    const result = await api.POST(path, { params: { path: { challenge_id: c.id } } }).catch(() => null);
    if (result?.data) return reload(join ? `You joined ${c.title}.` : `You left ${c.title}.`);
    failed(result);
  };

  const today = new Date().toISOString().slice(0, 10);
  const inAWeek = new Date(Date.now() + 6 * 86_400_000).toISOString().slice(0, 10);
  const title = h("input", { name: "title", required: true, maxLength: 120, value: "Most sessions this week" });
  const metric = select("metric", [["sessions", "Most sessions"], ["volume", "Most volume"], ["distance", "Longest distance"]]);
  const muscle = select("muscle_group", [["", "All muscles"], ...["LEGS", "CHEST", "BACK", "SHOULDERS", "BICEPS", "TRICEPS", "CORE", "GLUTES"].map((m) => [m, enumLabel(m)] as [string, string])]);
  const starts = h("input", { type: "date", name: "starts_on", required: true, value: today });
  const ends = h("input", { type: "date", name: "ends_on", required: true, value: inAWeek });
  const friends = friendships.filter((f) => f.status === "accepted");
  const invites = friends.map((f) => h("input", { type: "checkbox", name: "invite", value: String(f.friend.id), id: `invite-${f.friend.id}` }));
  const start = h("button", { type: "submit", class: "primary" }, "Start challenge");
  async function create(event: Event) {
    event.preventDefault();
    start.disabled = true;
    const body = {
      title: title.value.trim(), metric: metric.value as Challenge["metric"], starts_on: starts.value, ends_on: ends.value,
      muscle_group: metric.value === "volume" && muscle.value ? (muscle.value as Challenge["muscle_group"]) : null,
      invite: invites.filter((i) => i.checked).map((i) => Number(i.value)),
    };
    const result = await api.POST("/challenges", { body }).catch(() => null);
    if (result?.data) return reload(`${result.data.title} started.`);
    start.disabled = false;
    failed(result);
  }

  return h(
    "div",
    { class: "stack" },
    fresh ? null : h("p", { class: "muted", role: "note" }, "Offline: showing what was saved on this phone."),
    message,
    challenges.length
      ? challenges.map((c) =>
          h(
            "section",
            { class: "card", "aria-label": c.title },
            h("h2", {}, c.title),
            h("p", { class: "muted" }, `${enumLabel(c.metric)}${c.muscle_group ? ` (${enumLabel(c.muscle_group)})` : ""} · ${formatDate(c.starts_on)} – ${formatDate(c.ends_on)} · ${c.state} · by ${c.creator.username}`),
            c.your_status === "invited"
              ? h("div", { class: "row" }, h("button", { class: "primary", onclick: answer(c, true) }, `Join ${c.title}`), h("button", { onclick: answer(c, false) }, "Decline"))
              : null,
            leaderboard(c),
          ),
        )
      : h("p", { class: "card" }, "No challenges yet: start one with your friends."),
    h(
      "form",
      { class: "card", onsubmit: create, "aria-labelledby": "new-ch-h" },
      h("h2", { id: "new-ch-h" }, "Start a challenge"),
      field("Title", title),
      field("Who wins", metric),
      field("Muscle group (volume only)", muscle),
      field("Starts", starts),
      field("Ends", ends),
      friends.length
        ? h("fieldset", {}, h("legend", {}, "Invite friends"), friends.map((f, i) => h("label", { htmlFor: invites[i].id }, invites[i], ` ${f.friend.username}`)))
        : h("p", { class: "muted" }, "Add friends to invite them."),
      start,
    ),
  );
}
