// The app's shared state: the signed-in person, the local database, the sync queue, cached
// reads, and navigation. Screens get this object and nothing global.
import { allPages, api, getToken, setToken, uploadWorkout, type Exercise, type User, type Workout } from "./api/client";
import { draftKey, getValue, openPulseDB, setValue, type Draft, type PulseDB } from "./db";
import { SyncQueue, type FlushReport } from "./sync";
import type { UnitSystem } from "./units";

export type Navigate = (path: string) => void;

export class App {
  user: User | null = null;
  private listeners = new Set<() => void>();
  syncing = false;
  lastSync: FlushReport | null = null;

  private constructor(
    readonly db: PulseDB,
    readonly queue: SyncQueue,
  ) {}

  static async open(): Promise<App> {
    const db = await openPulseDB();
    const app = new App(db, new SyncQueue(db));
    app.user = (await getValue<User>(db, "me")) ?? null;
    if (!getToken()) app.user = null;
    return app;
  }

  navigate: Navigate = () => {};

  get units(): UnitSystem {
    return this.user?.unit_system ?? "metric";
  }

  /** Screens and the header re-render on changes of sync state. */
  onChange(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  changed(): void {
    this.listeners.forEach((l) => l());
  }

  // ---- the signed-in person ----------------------------------------------------------------

  async refreshMe(): Promise<User | null> {
    const { data, response } = await api.GET("/users/me").catch(() => ({ data: undefined, response: undefined }));
    if (data) {
      this.user = data;
      await setValue(this.db, "me", data);
    } else if (response?.status === 401) {
      await this.logout();
    }
    return this.user;
  }

  async logout(): Promise<void> {
    setToken(null);
    this.user = null;
    await setValue(this.db, "me", null);
    this.changed();
  }

  // ---- cached reads: the network when it answers, else what was saved last time ------------

  async cached<T>(key: string, load: () => Promise<T | undefined>): Promise<{ value: T | undefined; fresh: boolean }> {
    const scoped = `${key}:${this.user?.id}`;
    try {
      const value = await load();
      if (value !== undefined) {
        await setValue(this.db, scoped, value);
        return { value, fresh: true };
      }
    } catch {
      // offline: fall through to the saved copy
    }
    return { value: await getValue<T>(this.db, scoped), fresh: false };
  }

  /** Completed workouts with their sets, newest first (up to 300), in the person's units. */
  history(): Promise<{ value: Workout[] | undefined; fresh: boolean }> {
    return this.cached("history", () =>
      allPages(async (offset) => {
        const page = (await api.GET("/workouts", { params: { query: { status: "completed", include: "sets", limit: 100, offset } } })).data;
        // include=sets: every item carries its exercises, as a single workout does.
        return page && { ...page, items: page.items as Workout[] };
      }, 300),
    );
  }

  /** The history as saved on the phone, without asking the network. */
  async savedHistory(): Promise<Workout[]> {
    return (await getValue<Workout[]>(this.db, `history:${this.user?.id}`)) ?? [];
  }

  /** The whole exercise library (about 190 entries, and the person's own): searched on the phone, so it works offline. */
  async library(): Promise<Exercise[]> {
    const saved = await getValue<Exercise[]>(this.db, `library:${this.user?.id}`);
    if (saved?.length) return saved;
    return this.refreshLibrary();
  }

  /** The library read again (an import may have made exercises of the person's own). */
  async refreshLibrary(): Promise<Exercise[]> {
    return (await this.cached("library", () => allPages(async (offset) => (await api.GET("/exercises", { params: { query: { limit: 100, offset } } })).data))).value ?? [];
  }

  // ---- the workout being logged -------------------------------------------------------------

  async draft(): Promise<Draft | undefined> {
    return this.user ? getValue<Draft>(this.db, draftKey(this.user.id)) : undefined;
  }

  async saveDraft(draft: Draft): Promise<void> {
    await setValue(this.db, draftKey(draft.user_id), draft);
  }

  // ---- sync ---------------------------------------------------------------------------------

  async sync(): Promise<FlushReport | null> {
    if (!this.user || !getToken()) return null;
    const userId = this.user.id;
    this.syncing = true;
    this.changed();
    try {
      const report = await this.queue.flush(userId, uploadWorkout);
      this.lastSync = report;
      if (report.stoppedBecause === "unauthorized") await this.logout();
      if (report.stored.length) await this.history(); // the progress screens now include them
      if (report.stoppedBecause === "done") {
        // Recommendation feedback given offline (loaded on demand: the log-in screen does not need it).
        await (await import("./recommendations")).flushFeedback(this.db, userId);
      }
      return report;
    } finally {
      this.syncing = false;
      this.changed();
    }
  }
}
