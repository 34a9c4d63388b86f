"""The recommenders and the progression model on real lifters, against simple per-lifter baselines.

    .venv/bin/python benchmarks/real_logs_bench.py                 # the real exports in tests/fixtures/real-logs
    .venv/bin/python benchmarks/real_logs_bench.py --data DIR      # any folder of Strong/Hevy CSV exports

Each CSV is one lifter, or several when it has a Participant column; a units.json in the folder gives
the weight unit of files that do not say it (api/imports/formats.py: folder_lifters). Every lifter is imported
through the app's import path into a scratch database beside generated people (300 x 180 days by
default); the pipeline builds the features and the candidates are trained and the champion chosen
as production does (tests/integration/test_ml_serving.py). How the split is made:

- each lifter's sessions in time order; the last 20 % are the test range (at least one session);
- no test session informs any model: training sees the generated people and every lifter's
  sessions before their test range, never a test range;
- the lifters left out: the champion's kind is also trained once per lifter without anything that
  lifter did (generated people and the other lifters only), and ranks that lifter's test sessions
  from their history alone (the row "champion, lifter left out"): what a lifter whose export was
  never seen gets;
- each test session is ranked on its own, in order, from everything the lifter did before it
  (earlier test sessions included, as context, not as training data); candidates are the
  exercises the lifter has done before; the top 10 are scored against the exercises done in it
  (Recall@10 normalised by min(10, |done|), NDCG@10 with binary relevance);
- micro = mean over test sessions, macro = mean over lifters; the 95 % interval of each method's
  difference from the best baseline comes from a bootstrap over lifters when there are at least
  10, else over test sessions.

Progression: for each test session, every exercise with loaded history: the heaviest working set,
predicted by the model and by repeat-last, last + one step and the Epley percentage formula (MAE in
kg, micro and macro).

The results table replaces the real-logs section of docs/performance.md (--no-write leaves it), and
the last line printed is
`real-logs champion ndcg@10=<x> best-baseline=<name> ndcg@10=<y> lifters=<n> sessions=<m>`.
"""

import argparse
import re
import statistics
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path

from rich.console import Console

console = Console()
REPO = Path(__file__).resolve().parent.parent
DEFAULT_DATA = REPO / "tests" / "fixtures" / "real-logs"
PERFORMANCE = REPO / "docs" / "performance.md"
START, END = "<!-- real-logs:start -->", "<!-- real-logs:end -->"
TEST_SHARE = 0.2
K = 10
LEFT_OUT = "champion, lifter left out"  # the champion's kind trained without the lifter it ranks


@dataclass
class Lifter:
    name: str
    user_id: int
    units: str  # the unit the import read the file's weights in: kg or lb
    sessions: list = field(default_factory=list)  # recsys.baselines.LoggedSession, in order
    completed: list = field(default_factory=list)  # per session: when it was completed
    top_sets: list = field(default_factory=list)  # per session: {exercise id: [(weight, reps, rpe, is_warmup)]}

    @property
    def test_start(self) -> int:
        return len(self.sessions) - max(1, round(TEST_SHARE * len(self.sessions)))


def import_lifters(url, data: Path) -> list[Lifter]:
    from sqlalchemy.orm import Session

    from api.core.db import make_engine
    from api.imports.formats import ExportReader, folder_lifters
    from api.imports.service import checked_import, read_options, run_import
    from api.users.schemas import UserCreate
    from api.users.service import create_user

    lifters = []
    engine = make_engine(url)
    with Session(engine) as session:
        for number, found in enumerate(folder_lifters(data)):
            slug = re.sub(r"[^a-z0-9]+", "_", found.name.lower())[:30]
            person = create_user(session, UserCreate(email=f"lifter{number}@real-logs.test", username=f"real_{number}_{slug}"[:40], password="not-a-login"))
            options = read_options(person, found.units, None, "auto", found.participant)
            record = checked_import(session, person, found.path, found.path.name, options)
            done = run_import(session, person, record, ExportReader(found.path, options))
            assert done.error is None, done.error
            lifters.append(Lifter(found.name, person.id, done.weight_unit))
    engine.dispose()
    return lifters


def read_histories(url, lifters: list[Lifter]) -> None:
    """Each lifter's sessions from the app database: titles and exercises in their logged order for
    the baselines (the models read the same sessions from the warehouse), and the sets for
    progression."""
    import psycopg

    from pulse.database import libpq_conninfo
    from recsys.baselines import LoggedSession

    with psycopg.connect(libpq_conninfo(url)) as conn:
        for lifter in lifters:
            rows = conn.execute(
                """
                SELECT w.id, w.name, w.started_at, w.completed_at, we.exercise_id,
                       s.set_type::text = 'warmup', s.weight_kg, s.reps, s.rpe
                FROM app.workouts w
                JOIN app.workout_exercises we ON we.workout_id = w.id
                JOIN app.workout_sets s ON s.workout_exercise_id = we.id
                WHERE w.user_id = %s AND w.status = 'completed'
                ORDER BY w.completed_at, w.id, we.position, s.set_index
                """,
                (lifter.user_id,),
            ).fetchall()
            sessions: dict[int, dict] = {}
            for workout_id, title, started, completed, exercise_id, warmup, weight, reps, rpe in rows:
                s = sessions.setdefault(workout_id, {"title": title, "started": started, "completed": completed, "order": [], "sets": defaultdict(list)})
                if exercise_id not in s["order"]:
                    s["order"].append(exercise_id)
                s["sets"][exercise_id].append((None if weight is None else float(weight), reps, None if rpe is None else float(rpe), warmup))
            for s in sessions.values():
                lifter.sessions.append(LoggedSession(s["title"], s["started"], tuple(s["order"])))
                lifter.completed.append(s["completed"])
                lifter.top_sets.append(dict(s["sets"]))


def build_warehouse(url) -> None:
    from dagster import DagsterInstance

    from pipelines.definitions import build_definitions
    from pipelines.partitions import run_tags
    from pipelines.transform.project import ensure_manifest

    ensure_manifest()
    rendered = url.render_as_string(hide_password=False)
    assert build_definitions(rendered, rendered).resolve_job_def("pulse_everything").execute_in_process(instance=DagsterInstance.ephemeral(), tags=run_tags()).success


def train(url, lifters: list[Lifter]):
    """The candidates trained as production trains them, on generated people and every lifter's
    sessions before their test range; the champion is the one production would register."""
    from pipelines.ml.data import read_features
    from pipelines.ml.recommender import PROMOTION_METRIC, train_candidates
    from recsys.baselines import population_counts
    from recsys.dataset import temporal_split
    from recsys.sessions import contexts_from_frames

    frames = read_features(url.render_as_string(hide_password=False))
    whole = contexts_from_frames(frames.sessions, frames.profiles, frames.muscles)
    contexts = dict(whole)
    for lifter in lifters:
        assert len(whole[lifter.user_id].sessions) == len(lifter.sessions), "the warehouse and the app disagree on the sessions"
        contexts[lifter.user_id] = whole[lifter.user_id].before(lifter.test_start)
    split = temporal_split(contexts, frames.catalog)
    trained = train_candidates(split, progress=lambda text: console.log(text))
    champion = max(trained, key=lambda t: getattr(t[1], PROMOTION_METRIC))[0]
    population = population_counts(contexts.values())
    holdout = {model.name: metrics.ndcg_at_10 for model, metrics, _ in trained}
    left_out = leave_each_lifter_out(champion.name, contexts, frames.catalog, lifters)
    return [model for model, _, _ in trained], champion.name, holdout, frames, whole, population, left_out


def leave_each_lifter_out(champion: str, contexts: dict, catalog, lifters: list[Lifter]) -> dict[int, object]:
    """The champion's kind trained again once per lifter, on everyone but that lifter (generated
    people and the other lifters' sessions before their test ranges): nothing the lifter ever did
    informs the model that ranks their sessions, only the history it is shown."""
    from recsys.candidates import CANDIDATES
    from recsys.dataset import temporal_split
    from recsys.evaluation import timed_fit

    models = {}
    for lifter in lifters:
        console.log(f"training {champion} without {lifter.name}")
        others = {user_id: context for user_id, context in contexts.items() if user_id != lifter.user_id}
        models[lifter.user_id] = timed_fit(CANDIDATES[champion](catalog), temporal_split(others, catalog))[0]
    return models


def evaluate(lifters: list[Lifter], models, contexts, population: Counter, left_out: dict) -> dict[str, list[tuple[str, float, float]]]:
    """method -> [(lifter, recall@10, ndcg@10)] per test session. Every method knows the title of
    the session about to start, as the app does when a routine is started. `left_out`: per
    lifter, the champion trained without them (LEFT_OUT)."""
    from recsys.baselines import BASELINES
    from recsys.evaluation import ndcg_at_k, recall_at_k
    from recsys.ranking import best_ids

    results: dict[str, list] = defaultdict(list)
    for lifter in lifters:
        whole = contexts[lifter.user_id]
        for j in range(lifter.test_start, len(lifter.sessions)):
            history, target = lifter.sessions[:j], lifter.sessions[j]
            relevant = set(target.exercise_ids)
            candidates = {e for s in history for e in s.exercise_ids}
            if not history or not relevant:
                continue
            for name, ranker in BASELINES.items():
                ranked = best_ids(ranker(history, target.title, population), K)
                results[name].append((lifter.name, recall_at_k(ranked, relevant, K), ndcg_at_k(ranked, relevant, K)))
            context, ids = whole.before(j, target.title), sorted(candidates)
            for name, model in [*((m.name, m) for m in models), (LEFT_OUT, left_out[lifter.user_id])]:
                scores = model.score_exercises(context, ids)  # -inf: an exercise a catalog model cannot rank
                ranked = best_ids({e: float(s) for e, s in zip(ids, scores, strict=True) if s > -float("inf")}, K)
                results[name].append((lifter.name, recall_at_k(ranked, relevant, K), ndcg_at_k(ranked, relevant, K)))
    return results


def micro(values: list[tuple[str, float, float]], column: int) -> float:
    return statistics.fmean(v[column] for v in values)


def macro(values: list[tuple[str, float, float]], column: int) -> float:
    per_lifter = defaultdict(list)
    for v in values:
        per_lifter[v[0]].append(v[column])
    return statistics.fmean(statistics.fmean(x) for x in per_lifter.values())


def bootstrap(method: list, baseline: list, rounds: int, by_lifter: bool) -> tuple[float, float]:
    """95 % interval of mean NDCG@10 (method - baseline), resampling lifters or test sessions."""
    from recsys.evaluation import bootstrap_interval

    differences = [m[2] - b[2] for m, b in zip(method, baseline, strict=True)]
    return bootstrap_interval(differences, [m[0] for m in method] if by_lifter else None, rounds)


def progression(lifters: list[Lifter], frames) -> dict[str, list[tuple[str, float]]]:
    """method -> [(lifter, absolute error kg)] for every test-session exercise with loaded history."""
    from pipelines.ml.progression import fit_and_evaluate
    from pulse.units import PLATE_STEP, Quantity, UnitSystem, to_si
    from recsys.progression import epley_formula, linear_progression, repeat_last, served, suggest
    from recsys.sessions import LoggedSet, TopSet, top_set

    seen = frames.sessions
    for lifter in lifters:  # no test session may inform the model
        seen = seen[~((seen["user_id"] == lifter.user_id) & (seen["completed_at"] >= lifter.completed[lifter.test_start]))]
    model = fit_and_evaluate(seen).model
    errors: dict[str, list] = defaultdict(list)
    for lifter in lifters:
        history: dict[int, list[TopSet]] = defaultdict(list)
        for j, sets_by_exercise in enumerate(lifter.top_sets):
            for exercise_id, sets in sets_by_exercise.items():
                working = [w for w, reps, _, warmup in sets if not warmup and w and reps]
                if j >= lifter.test_start and working and history[exercise_id]:
                    actual, past = max(working), history[exercise_id]
                    # What the lifter would be shown: whole plate steps of their unit (2.5 kg, 5 lb).
                    system = UnitSystem.imperial if lifter.units == "lb" else UnitSystem.metric
                    step = float(to_si(PLATE_STEP[system], Quantity.weight, system))
                    predictions = {
                        "model": served(suggest(past, model).weight_kg, system) if model is not None else repeat_last(past),
                        "repeat_last": repeat_last(past),
                        "last_plus_step": served(linear_progression(past, step), system),
                        "epley_formula": served(epley_formula(past), system),
                    }
                    for name, predicted in predictions.items():
                        errors[name].append((lifter.name, abs(predicted - actual)))
                best = top_set(LoggedSet(i, warmup, w, reps, rpe) for i, (w, reps, rpe, warmup) in enumerate(sets, 1))
                if best is not None:
                    history[exercise_id].append(best)
    return errors


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA, help="a folder of Strong/Hevy CSV exports")
    parser.add_argument("--people", type=int, default=300, help="generated people trained beside the lifters")
    parser.add_argument("--days", type=int, default=180)
    parser.add_argument("--bootstrap", type=int, default=1000, help="bootstrap rounds")
    parser.add_argument("--no-write", action="store_true", help="leave docs/performance.md as it is")
    parser.add_argument("--keep", action="store_true", help="keep the scratch database (pulse_bench_real_logs)")
    args = parser.parse_args()

    from scratch import scratch_database

    from synthetic import generate

    url = scratch_database("pulse_bench_real_logs")
    with console.status(f"generating {args.people} people x {args.days} days"):
        generate(url, users=args.people, days=args.days, seed=5, end=(datetime.now(UTC) - timedelta(days=1)).date())
    with console.status("importing the real lifters through the import path"):
        lifters = import_lifters(url, args.data)
        read_histories(url, lifters)
    with console.status("ingest and dbt build"):
        build_warehouse(url)
    models, champion, holdout, frames, contexts, population, left_out = train(url, lifters)
    with console.status("ranking every test session"):
        results = evaluate(lifters, models, contexts, population, left_out)
        errors = progression(lifters, frames)
    if not args.keep:
        from pulse.database import drop_database

        drop_database(url)
    report(args, lifters, results, errors, champion, holdout)


def report(args, lifters, results, errors, champion: str, holdout: dict[str, float]) -> None:
    from recsys.baselines import BASELINES

    sessions = len(results[champion])
    by_lifter = len(lifters) >= 10
    best_baseline = max(BASELINES, key=lambda name: micro(results[name], 2))
    lines = [
        f"{len(lifters)} lifters, {sessions} test sessions (the last {TEST_SHARE:.0%} of each lifter's sessions, one at a time); "
        f"training saw {args.people} generated people and each lifter's sessions before their test range "
        f"(the row '{LEFT_OUT}': everyone but the lifter ranked); "
        f"intervals: bootstrap over {'lifters' if by_lifter else 'test sessions'}, {args.bootstrap} rounds.",
        "",
        "The last column is the same model's NDCG@10 on the temporal holdout production chooses the champion on "
        "(mostly generated people), so a generated win and a real one are read side by side.",
        "",
        "| method | NDCG@10 micro | NDCG@10 macro | Recall@10 micro | Recall@10 macro | NDCG@10 vs best baseline [95 % interval] | NDCG@10 generated holdout |",
        "|---|---|---|---|---|---|---|",
    ]
    for name in [*BASELINES, *[m for m in results if m not in BASELINES]]:
        values = results[name]
        low, high = bootstrap(values, results[best_baseline], args.bootstrap, by_lifter) if name != best_baseline else (0.0, 0.0)
        mark = " (champion)" if name == champion else " (best baseline)" if name == best_baseline else ""
        difference = "—" if name == best_baseline else f"{micro(values, 2) - micro(results[best_baseline], 2):+.3f} [{low:+.3f}, {high:+.3f}]"
        generated = f"{holdout[name]:.3f}" if name in holdout else "—"
        lines.append(f"| {name}{mark} | {micro(values, 2):.3f} | {macro(values, 2):.3f} | {micro(values, 1):.3f} | {macro(values, 1):.3f} | {difference} | {generated} |")
    lines += ["", "Per lifter, NDCG@10 (micro over that lifter's test sessions):", "",
              "| lifter | test sessions | " + " | ".join([*BASELINES, champion, LEFT_OUT]) + " |", "|---" * (len(BASELINES) + 4) + "|"]
    for lifter in lifters:
        cells = [statistics.fmean(v[2] for v in results[name] if v[0] == lifter.name) for name in [*BASELINES, champion, LEFT_OUT]]
        count = sum(1 for v in results[champion] if v[0] == lifter.name)
        lines.append(f"| {lifter.name} | {count} | " + " | ".join(f"{c:.3f}" for c in cells) + " |")
    lines += ["", "Next top set (heaviest working set) of each exercise in a test session with loaded history, MAE in kg:", "",
              "| method | micro | macro | predictions |", "|---|---|---|---|"]
    for name, values in errors.items():
        per_lifter = defaultdict(list)
        for lifter_name, error in values:
            per_lifter[lifter_name].append(error)
        lines.append(f"| {name} | {statistics.fmean(e for _, e in values):.2f} | {statistics.fmean(statistics.fmean(v) for v in per_lifter.values()):.2f} | {len(values)} |")
    text = "\n".join(lines)
    console.print(text)
    if not args.no_write:
        write_section(text)
    console.print(
        f"real-logs champion ndcg@10={micro(results[champion], 2):.3f} best-baseline={best_baseline} "
        f"ndcg@10={micro(results[best_baseline], 2):.3f} lifters={len(lifters)} sessions={sessions}",
        soft_wrap=True, highlight=False,
    )


def write_section(text: str) -> None:
    """Replace the real-logs section of docs/performance.md (added at the end the first time)."""
    current = PERFORMANCE.read_text()
    block = f"{START}\n{text}\n{END}"
    if START in current:
        before, rest = current.split(START, 1)
        current = before + block + rest.split(END, 1)[1]
    else:
        current = current.rstrip() + f"\n\n## Recommenders on real lifters ({datetime.now(UTC).date()})\n\n" + block + "\n"
    PERFORMANCE.write_text(current)


if __name__ == "__main__":
    main()
