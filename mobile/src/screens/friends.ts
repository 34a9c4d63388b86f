// Friends: requests in and out, the friends' feed. Needs a connection (saved copies offline).
import type { App } from "../app";
import { api, errorText, type Schemas } from "../api/client";
import { field, formatDate, h } from "../dom";
import { formatWeight } from "../units";

/** What the last answer did, said once on the screen drawn after it (the screen is redrawn). */
let notice = "";

const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? "" : "s"}`;

export async function friendsScreen(app: App): Promise<HTMLElement> {
  const [{ value: friendships = [], fresh }, { value: feed = [] }] = await Promise.all([
    app.cached("friendships", async () => (await api.GET("/friendships")).data),
    app.cached("feed", async () => (await api.GET("/feed", { params: { query: { limit: 30 } } })).data?.items),
  ]);
  const message = h("p", { role: "status" });
  const said = notice;
  notice = "";
  if (said) setTimeout(() => (message.textContent = said), 50); // once in the page, so it is announced
  const reload = (text: string) => {
    notice = text;
    app.navigate("/friends");
  };

  const respond = (f: Schemas["FriendshipOut"], accept: boolean) => async (event: Event) => {
    // Both answers of this request wait for the first one (a second tap would be refused anyway).
    const buttons = (event.currentTarget as HTMLElement).parentElement!.querySelectorAll("button");
    buttons.forEach((b) => (b.disabled = true));
    const path = accept ? "/friendships/{friendship_id}/accept" : "/friendships/{friendship_id}/decline";
    const result = await api.POST(path, { params: { path: { friendship_id: f.id } } }).catch(() => null);
    if (result?.data) return reload(accept ? `You and ${f.friend.username} are now friends.` : `Declined ${f.friend.username}'s request.`);
    buttons.forEach((b) => (b.disabled = false));
    message.textContent = result ? errorText(result.error) : "Offline: this needs a connection.";
  };

  const username = h("input", { name: "username", autocomplete: "off", required: true, maxLength: 40 });
  const send = h("button", { type: "submit" }, "Send friend request");
  async function request(event: Event) {
    event.preventDefault();
    const name = username.value.trim();
    send.disabled = true;
    const result = await api.POST("/friendships", { body: { username: name } }).catch(() => null);
    if (result?.data) return reload(`Friend request sent to ${result.data.friend.username}.`);
    send.disabled = false;
    message.textContent = result ? errorText(result.error) : "Offline: this needs a connection.";
  }

  const incoming = friendships.filter((f) => f.status === "pending" && f.direction === "incoming");
  const outgoing = friendships.filter((f) => f.status === "pending" && f.direction === "outgoing");
  const friends = friendships.filter((f) => f.status === "accepted");

  return h(
    "div",
    { class: "stack" },
    fresh ? null : h("p", { class: "muted", role: "note" }, "Offline: showing what was saved on this phone."),
    h("form", { class: "card", onsubmit: request }, field("Friend's username", username), send, message),
    h(
      "section",
      { class: "card", "aria-labelledby": "req-h" },
      h("h2", { id: "req-h" }, "Requests"),
      incoming.length || outgoing.length
        ? h(
            "ul",
            { class: "list" },
            incoming.map((f) =>
              h(
                "li",
                {},
                h("span", {}, `${f.friend.username} wants to be friends`),
                h("button", { class: "primary", "aria-label": `Accept ${f.friend.username}`, onclick: respond(f, true) }, "Accept"),
                h("button", { "aria-label": `Decline ${f.friend.username}`, onclick: respond(f, false) }, "Decline"),
              ),
            ),
            outgoing.map((f) => h("li", {}, `Waiting for ${f.friend.username}`)),
          )
        : h("p", {}, "No open requests."),
    ),
    h(
      "section",
      { class: "card", "aria-labelledby": "fr-h" },
      h("h2", { id: "fr-h" }, "Friends"),
      friends.length ? h("ul", { class: "list" }, friends.map((f) => h("li", {}, f.friend.username))) : h("p", {}, "No friends yet."),
    ),
    h(
      "section",
      { class: "card", "aria-labelledby": "feed-h" },
      h("h2", { id: "feed-h" }, "Feed"),
      feed.length
        ? h(
            "ul",
            { class: "list", "aria-label": "Friends' workouts" },
            feed.map((item) =>
              h(
                "li",
                {},
                h("strong", {}, item.friend.username),
                ` ${item.workout.name} · ${formatDate(item.workout.completed_at ?? item.workout.started_at)} · ${plural(item.workout.exercises.length, "exercise")} · ${formatWeight(item.workout.total_volume, item.workout.units)}`,
              ),
            ),
          )
        : h("p", {}, "Your friends' workouts show up here."),
    ),
  );
}
