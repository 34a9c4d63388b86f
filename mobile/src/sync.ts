// The sync queue: finished workouts wait in the outbox until the API has stored them.
//
// Idempotency comes from the workout's client_id, chosen on the phone when the workout starts:
// the API stores one workout per (person, client_id) and answers a repeated upload with the
// first one (200 instead of 201). So an upload whose response was lost (the connection dropped
// after the server committed) is simply sent again, and the server still has it once. An item
// leaves the outbox only after the API has confirmed it.
import type { OutboxItem, PulseDB } from "./db";

export type UploadResult =
  | { kind: "stored"; workoutId: number } // 201 created, or 200: stored before
  | { kind: "retry"; reason: string } // offline, timeout, 5xx, 409 race, 429: try again later
  | { kind: "rejected"; reason: string } // 4xx the same body will always get: keep, stop retrying
  | { kind: "unauthorized" }; // the token expired: log in again, then sync

export type Uploader = (item: OutboxItem) => Promise<UploadResult>;

export interface FlushReport {
  stored: string[];
  rejected: string[];
  remaining: number;
  stoppedBecause: "done" | "retry" | "unauthorized";
}

export class SyncQueue {
  private running: Promise<FlushReport> | null = null;

  constructor(private readonly db: PulseDB) {}

  async enqueue(item: OutboxItem): Promise<void> {
    await this.db.put("outbox", item);
  }

  /** This person's items, oldest first. */
  async items(userId: number): Promise<OutboxItem[]> {
    const all = await this.db.getAllFromIndex("outbox", "by_user", userId);
    return all.sort((a, b) => a.queued_at.localeCompare(b.queued_at));
  }

  async pendingCount(userId: number): Promise<number> {
    return (await this.items(userId)).filter((i) => i.state === "pending").length;
  }

  /** Put a rejected item back in line (after the lifter fixed what was wrong, or to try again). */
  async retryRejected(clientId: string): Promise<void> {
    const item = await this.db.get("outbox", clientId);
    if (item) await this.db.put("outbox", { ...item, state: "pending", last_error: null });
  }

  async discard(clientId: string): Promise<void> {
    await this.db.delete("outbox", clientId);
  }

  /**
   * Upload this person's pending items one by one, oldest first. Only one flush runs at a time
   * in this page (a second call shares the running one); across tabs the Web Locks API, where
   * present, serialises them — and if two uploads of one workout still race, the API's unique
   * (user, client_id) refuses the second (409), which is retried and then answered with 200.
   */
  flush(userId: number, upload: Uploader): Promise<FlushReport> {
    if (this.running) return this.running;
    const run = () => this.flushNow(userId, upload);
    const locks = typeof navigator !== "undefined" ? navigator.locks : undefined;
    const running: Promise<FlushReport> = (locks ? locks.request("pulse-sync", () => run()).then((r) => r) : run()).finally(() => {
      this.running = null;
    });
    this.running = running;
    return running;
  }

  private async flushNow(userId: number, upload: Uploader): Promise<FlushReport> {
    const report: FlushReport = { stored: [], rejected: [], remaining: 0, stoppedBecause: "done" };
    for (const item of await this.items(userId)) {
      if (item.state !== "pending") continue;
      let result: UploadResult;
      try {
        result = await upload(item);
      } catch (error) {
        result = { kind: "retry", reason: error instanceof Error ? error.message : String(error) };
      }
      if (result.kind === "stored") {
        await this.db.delete("outbox", item.client_id);
        report.stored.push(item.client_id);
        continue;
      }
      if (result.kind === "rejected") {
        await this.db.put("outbox", { ...item, attempts: item.attempts + 1, state: "rejected", last_error: result.reason });
        report.rejected.push(item.client_id);
        continue;
      }
      const reason = result.kind === "retry" ? result.reason : "not signed in";
      await this.db.put("outbox", { ...item, attempts: item.attempts + 1, last_error: reason });
      report.stoppedBecause = result.kind;
      break; // offline or signed out: the next items would fail the same way
    }
    report.remaining = await this.pendingCount(userId);
    return report;
  }
}
