// One workout in the friends' feed: kudos, comments (moderated: a held comment shows only to its
// author, marked as waiting), and reporting.
import { api, errorText, type Schemas } from "../api/client";
import { formatDate, h } from "../dom";
import { formatWeight } from "../units";

type FeedItem = Schemas["FeedItem"];

export function feedItem(item: FeedItem, me: number): HTMLElement {
  const w = item.workout;
  const status = h("small", { role: "status" });
  const kudos = h("button", { "aria-pressed": String(item.gave_kudos), "aria-label": `Kudos for ${item.friend.username}'s ${w.name}` }, `Kudos · ${item.kudos}`);
  let count = item.kudos;
  let given = item.gave_kudos;
  kudos.addEventListener("click", async () => {
    const result = await (given ? api.DELETE : api.POST)("/workouts/{workout_id}/kudos", { params: { path: { workout_id: w.id } } }).catch(() => null);
    if (!result || result.error) return void (status.textContent = result ? errorText(result.error) : "Offline: this needs a connection.");
    given = !given;
    count += given ? 1 : -1;
    kudos.textContent = `Kudos · ${count}`;
    kudos.setAttribute("aria-pressed", String(given));
  });

  const thread = h("ul", { class: "list", "aria-label": `Comments on ${w.name}` });
  const body = h("input", { name: "comment", maxLength: 1000, required: true, "aria-label": `Comment on ${item.friend.username}'s ${w.name}` });
  const showComments = async () => {
    const { data } = await api.GET("/workouts/{workout_id}/comments", { params: { path: { workout_id: w.id } } }).catch(() => ({ data: undefined }));
    thread.replaceChildren(
      ...(data ?? []).map((c) =>
        h(
          "li",
          { class: c.moderation === "allowed" ? "" : "held" },
          h("strong", {}, c.author.username),
          ` ${c.body}`,
          c.moderation === "held" ? h("small", {}, " · waiting for a moderator, only you see it") : null,
          c.moderation === "rejected" ? h("small", {}, " · removed by a moderator") : null,
          c.author.id === me ? h("button", { onclick: async () => (await api.DELETE("/comments/{comment_id}", { params: { path: { comment_id: c.id } } }), showComments()) }, "Delete") : null,
        ),
      ),
    );
  };
  const comments = h("details", {}, h("summary", {}, `${item.comments} comment${item.comments === 1 ? "" : "s"}`), thread,
    h("form", {
      class: "row",
      onsubmit: async (event: Event) => {
        event.preventDefault();
        const result = await api.POST("/workouts/{workout_id}/comments", { params: { path: { workout_id: w.id } }, body: { body: body.value } }).catch(() => null);
        if (result?.data) {
          body.value = "";
          status.textContent = result.data.moderation === "held" ? "Your comment waits for a moderator before others see it." : "Comment posted.";
          return showComments();
        }
        status.textContent = result ? errorText(result.error) : "Offline: this needs a connection.";
      },
    }, body, h("button", { type: "submit" }, "Post")));
  comments.addEventListener("toggle", () => comments.open && showComments());

  const report = h("button", { class: "link" }, "Report");
  report.addEventListener("click", async () => {
    const reason = prompt("What is wrong with it? (spam, harassment, hate, sexual, dangerous, other)", "spam")?.trim();
    if (!reason) return;
    const result = await api.POST("/reports", { body: { subject: "workout", workout_id: w.id, reason: reason as Schemas["ReportCreate"]["reason"] } }).catch(() => null);
    status.textContent = result?.data ? "Thank you: a moderator will look at it." : result ? errorText(result.error) : "Offline: this needs a connection.";
  });

  return h(
    "li",
    { class: "feed-item" },
    h("div", {}, h("strong", {}, item.friend.username), ` ${w.name} · ${formatDate(w.completed_at ?? w.started_at)} · ${w.exercises.length} exercise${w.exercises.length === 1 ? "" : "s"} · ${formatWeight(w.total_volume, w.units)}`),
    w.description ? h("p", {}, w.description) : null,
    h("div", { class: "row" }, kudos, report),
    comments,
    status,
  );
}
