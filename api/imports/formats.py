"""Reading other apps' workout exports (Strong, Hevy) as sessions, one at a time.

The shapes real files take are in docs/import.md. The reader works from a file on disk: a first
pass decides what the header cannot say (the text encoding, whether slashed dates put the month or
the day first), the second streams the rows, so memory holds one session, never the whole file.
Rows of one session are contiguous in every export, so a session ends where the next begins.

A file the reader cannot understand raises `UnreadableFile` naming the line and column; a row
whose values are wrong (a negative weight, an RPE of 14) is left out and reported as `Rejected`,
and the rest of the file is read.
"""

from __future__ import annotations

import codecs
import csv
import json
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta, tzinfo
from decimal import Decimal, InvalidOperation
from enum import StrEnum
from pathlib import Path

from api.enums import SetType
from api.workouts.schemas import MAX_WORKOUT_LENGTH
from pulse.units import Quantity, UnitSystem, to_si

# The app's own bounds on what a set may hold (api/schemas.py), in SI.
MAX_WEIGHT_KG = Decimal(2000)
MAX_DISTANCE_M = Decimal(10_000_000)
MAX_SECONDS = 7 * 24 * 3600
MAX_REPS = 1000
# A session's length when the export gives none: a common pace of logged sets.
SECONDS_PER_SET = 150
PARTICIPANT = "participant"


class ExportFormat(StrEnum):
    strong = "strong"
    hevy = "hevy"


class UnreadableFile(ValueError):
    def __init__(self, line: int, column: int | None, message: str) -> None:
        where = f"line {line}" + (f", column {column}" if column else "")
        super().__init__(f"{where}: {message}")
        self.line, self.column, self.message = line, column, message


@dataclass(frozen=True)
class Rejected:
    line: int
    column: str | None
    reason: str


@dataclass
class ImportedSet:
    line: int
    set_type: SetType
    weight_kg: Decimal | None
    reps: int | None
    distance_m: Decimal | None
    duration_s: int | None
    rpe: Decimal | None
    order: int | None = None  # the file's number for it, when it gives one


@dataclass
class ImportedExercise:
    name: str
    notes: str | None = None
    sets: list[ImportedSet] = field(default_factory=list)


@dataclass
class ImportedSession:
    line: int  # where it starts in the file
    participant: str | None
    title: str
    started_at: datetime
    ended_at: datetime | None  # None when the export does not say
    notes: str | None
    exercises: list[ImportedExercise] = field(default_factory=list)

    @property
    def set_count(self) -> int:
        return sum(len(e.sets) for e in self.exercises)

    @property
    def completed_at(self) -> datetime:
        """The end the file gives, else an estimate from the number of sets (also when the file's end
        is over MAX_WORKOUT_LENGTH after the start: a timer left running, not a workout)."""
        estimate = self.started_at + timedelta(seconds=SECONDS_PER_SET * self.set_count)
        if self.ended_at is not None and self.ended_at - self.started_at <= MAX_WORKOUT_LENGTH:
            return max(self.ended_at, self.started_at)
        return min(estimate, self.started_at + MAX_WORKOUT_LENGTH)


@dataclass(frozen=True)
class ReadOptions:
    """What the file may not say: the unit of unlabelled weights and the time zone of naive times.
    `units_source` says where the unit came from ("request" or "profile"), for the report."""

    time_zone: tzinfo
    weight_units: UnitSystem
    units_source: str = "profile"
    format: ExportFormat | None = None  # None: detect from the header
    participant: str | None = None  # only this lifter's rows of a file with a Participant column


# ---- the shapes ----------------------------------------------------------------------------

STRONG_REQUIRED = ("date", "workout name", "exercise name", "set order", "weight", "reps")
# Strong's whole header in its column order: an export made in another language has these columns,
# in this order, under translated names.
STRONG_COLUMNS = ("date", "workout name", "duration", "exercise name", "set order", "weight", "reps", "distance", "seconds",
                  "notes", "workout notes", "rpe")
HEVY_REQUIRED = ("title", "start_time", "exercise_title", "set_index", "set_type", "reps")
STRONG_SET_ORDER = {"w": SetType.warmup, "d": SetType.drop, "f": SetType.failure}
HEVY_SET_TYPES = {"normal": SetType.normal, "warmup": SetType.warmup, "dropset": SetType.drop, "failure": SetType.failure}
CHOSEN_UNITS = {"kg": UnitSystem.metric, "lb": UnitSystem.imperial}  # what a person or a folder may say
UNIT_WORDS = {"kg": UnitSystem.metric, "kgs": UnitSystem.metric, "lb": UnitSystem.imperial, "lbs": UnitSystem.imperial}
DISTANCE_WORDS = {"km": UnitSystem.metric, "m": None, "mi": UnitSystem.imperial, "miles": UnitSystem.imperial}
# Units as Strong writes them in English and in Chinese (小时 hours, 分钟 minutes, 秒 seconds).
DURATION_PART = re.compile(r"(\d+)\s*(小时|分钟|秒|h|min|m|s)(?![a-z])")
DURATION_SCALE = {"h": 3600, "小时": 3600, "min": 60, "m": 60, "分钟": 60, "s": 1, "秒": 1}
POUNDS_PER_KG = Decimal("2.20462262")
SLASHED = re.compile(r"^\s*(\d{1,2})/(\d{1,2})/(\d{2,4})[ ,T]+(\d{1,2}):(\d{2})(?::(\d{2}))?\s*([AaPp][Mm])?\s*$")


def detect_format(header: list[str]) -> ExportFormat:
    names = {h.strip().lower() for h in header}
    if all(c in names for c in HEVY_REQUIRED) and ({"weight_kg", "weight_lbs"} & names):
        return ExportFormat.hevy
    if all(c in names for c in STRONG_REQUIRED):
        return ExportFormat.strong
    raise UnreadableFile(1, None, "not a Strong or Hevy export: the header has neither shape's columns "
                         f"(Strong needs {', '.join(STRONG_REQUIRED)}; Hevy needs {', '.join(HEVY_REQUIRED)} and weight_kg or weight_lbs)")


def header_names(header: list[str], first_row: list[str]) -> list[str]:
    """The header's column names as the reader knows them (lower case). A header in no known shape
    whose first row looks like Strong's (a date first, a set order fifth) is a Strong export made
    in another language: its columns are Strong's, by position."""
    names = [h.strip().lower() for h in header]
    try:
        detect_format(names)
        return names
    except UnreadableFile:
        pass
    if len(names) == len(STRONG_COLUMNS) == len(first_row):
        order = first_row[STRONG_COLUMNS.index("set order")].strip().lower()
        try:
            parse_datetime(first_row[0], UTC, "mdy")
        except ValueError:
            return names
        if order.isdigit() or order in STRONG_SET_ORDER:
            return list(STRONG_COLUMNS)
    return names


def _on_quarter_steps(value: Decimal) -> bool:
    return abs(value * 4 - round(value * 4)) < Decimal("0.01")


def units_from_values(weights: Iterator[Decimal]) -> UnitSystem | None:
    """The unit a file without a unit column writes weights in, when its values show it: loads
    entered in one unit and exported in the other are round only once converted back (20 kg
    exported as 44.0924... lb). None when they do not say (round either way, or mixed)."""
    looked = in_pounds = in_kilograms = 0
    for weight in weights:
        if not weight or _on_quarter_steps(weight):
            looked += bool(weight)
            continue
        looked += 1
        in_pounds += _on_quarter_steps(weight / POUNDS_PER_KG)
        in_kilograms += _on_quarter_steps(weight * POUNDS_PER_KG)
    if looked and in_pounds > looked / 2:
        return UnitSystem.imperial
    if looked and in_kilograms > looked / 2:
        return UnitSystem.metric
    return None


def scan(path: Path) -> tuple[str, int]:
    """In one read of the bytes: the text encoding (UTF-8, with or without a byte-order mark, when
    the whole file decodes as such, else Latin-1) and the number of lines (for progress; a last
    line without a newline counts)."""
    decoder = codecs.getincrementaldecoder("utf-8")()
    utf8, lines, last = True, 0, b"\n"
    with open(path, "rb") as raw:
        while chunk := raw.read(1 << 16):
            lines += chunk.count(b"\n")
            last = chunk[-1:]
            if utf8:
                try:
                    decoder.decode(chunk)
                except UnicodeDecodeError:
                    utf8 = False
    if utf8:
        try:
            decoder.decode(b"", final=True)
        except UnicodeDecodeError:
            utf8 = False
    return ("utf-8-sig" if utf8 else "latin-1"), lines + (last != b"\n")


def parse_duration(text: str) -> int | None:
    """'2h 38m', '57m', '21min', '55s', or plain seconds."""
    text = text.strip().lower()
    if not text:
        return None
    if text.isdigit():
        return int(text)
    parts = DURATION_PART.findall(text)
    if not parts:
        raise ValueError(f"not a duration: {text!r}")
    return sum(int(n) * DURATION_SCALE[unit] for n, unit in parts)


def date_order(values: Iterator[str]) -> str:
    """'mdy' or 'dmy' for slashed dates: the first one with a part above 12 decides; when none
    does, month first (Strong's default outside Europe)."""
    for value in values:
        match = SLASHED.match(value)
        if match:
            first, second = int(match[1]), int(match[2])
            if first > 12:
                return "dmy"
            if second > 12:
                return "mdy"
    return "mdy"


def parse_datetime(text: str, zone: tzinfo, order: str) -> datetime:
    text = text.strip()
    match = SLASHED.match(text)
    if match:
        a, b, year, hour, minute, second, meridiem = match.groups()
        month, day = (int(a), int(b)) if order == "mdy" else (int(b), int(a))
        year_n = int(year) + (2000 if len(year) == 2 else 0)
        hour_n = int(hour) % 12 + (12 if meridiem and meridiem.lower() == "pm" else 0) if meridiem else int(hour)
        moment = datetime(year_n, month, day, hour_n, int(minute), int(second or 0))
    else:
        for pattern in ("%d %b %Y, %H:%M", "%d %b %Y %H:%M", "%b %d, %Y, %H:%M"):
            try:
                moment = datetime.strptime(text, pattern)
                break
            except ValueError:
                continue
        else:
            moment = datetime.fromisoformat(text)
    return moment if moment.tzinfo is not None else moment.replace(tzinfo=zone)


class _BadValue(ValueError):
    def __init__(self, column: str, reason: str) -> None:
        super().__init__(reason)
        self.column = column


def _number(row: dict[str, str], column: str, decimal_comma: bool) -> Decimal | None:
    text = (row.get(column) or "").strip()
    if not text:
        return None
    if decimal_comma:
        text = text.replace(",", ".")
    try:
        value = Decimal(text)
    except InvalidOperation:
        raise _BadValue(column, f"{column} is not a number: {text!r}") from None
    if not value.is_finite():
        raise _BadValue(column, f"{column} is not a finite number: {text!r}")
    if value < 0:
        raise _BadValue(column, f"{column} is negative: {text!r}")
    return value


def _whole(row: dict[str, str], column: str, decimal_comma: bool, limit: int) -> int | None:
    value = _number(row, column, decimal_comma)
    if value is None:
        return None
    if value != value.to_integral_value():
        raise _BadValue(column, f"{column} is not a whole number: {value}")
    if value > limit:
        raise _BadValue(column, f"{column} {value} is above the limit of {limit}")
    return int(value)


def _text(row: dict[str, str], column: str) -> str | None:
    # PostgreSQL text cannot hold NUL.
    value = (row.get(column) or "").replace("\x00", "").strip()
    return value or None


@dataclass(frozen=True)
class FolderLifter:
    """One lifter of a folder of exports: a file, or one Participant of a combined file."""

    path: Path
    participant: str | None
    units: str | None  # "kg" or "lb" where the folder says it (units.json), else None

    @property
    def name(self) -> str:
        return self.path.stem + (f"/{self.participant}" if self.participant else "")

    def options(self, time_zone: tzinfo, profile_units: UnitSystem) -> ReadOptions:
        if self.units is None:
            return ReadOptions(time_zone, profile_units, participant=self.participant)
        return ReadOptions(time_zone, CHOSEN_UNITS[self.units], "request", participant=self.participant)


def folder_lifters(folder: Path) -> list[FolderLifter]:
    """Every lifter of every CSV in `folder`. A file that does not say its weight unit (Strong
    without a unit column) takes the one the folder's units.json gives its name, as its owner's
    app setting would: {"strong_export.csv": "lb"}."""
    declared = folder / "units.json"
    units = json.loads(declared.read_text()) if declared.exists() else {}
    if any(u not in CHOSEN_UNITS for u in units.values()):
        raise ValueError(f"{declared}: units must be one of {', '.join(CHOSEN_UNITS)}")
    found = []
    for path in sorted(folder.glob("*.csv")):
        try:
            participants = ExportReader(path, ReadOptions(UTC, UnitSystem.metric)).participants() or [None]
        except UnreadableFile as error:
            raise UnreadableFile(error.line, error.column, f"{path.name}: {error.message}") from error
        found += [FolderLifter(path, p, units.get(path.name)) for p in participants]
    return found


class ExportReader:
    """One export file: `sessions()` yields its sessions in file order; `rejected` and the counts
    fill in as it goes."""

    def __init__(self, path: Path, options: ReadOptions) -> None:
        self.path, self.options = path, options
        self.encoding, self.lines = scan(path)
        self.data_lines = max(self.lines - 1, 1)  # after the header: the rows progress counts to
        with self._open() as handle:
            first = handle.readline()
            if not first.strip():
                raise UnreadableFile(1, None, "the file is empty")
            self.delimiter = ";" if first.count(";") > first.count(",") else ","
            header = next(csv.reader([first], delimiter=self.delimiter))
            first_row = next(csv.reader(handle, delimiter=self.delimiter), [])
        self.header = header_names(header, first_row)
        self.read_by_position = self.header != [h.strip().lower() for h in header]
        self.columns = dict(zip(self.header, header, strict=True))  # the reader's name -> the file's
        self.format = options.format or detect_format(self.header)
        if options.format is not None and detect_format(self.header) != options.format:
            raise UnreadableFile(1, None, f"the header is not that of a {options.format.value} export")
        self.has_participants = PARTICIPANT in self.columns
        self.decimal_comma = self.delimiter == ";"
        self.weight_units, self.weight_units_source = self._weight_units()
        self.date_order = "mdy"
        if self.format == ExportFormat.strong:
            self.date_order = date_order(self._column_values("date"))
        self.rows_read = 0
        self.rest_timer_rows = 0
        self.rejected: list[Rejected] = []

    def _open(self):
        return open(self.path, encoding=self.encoding, newline="")

    def _weight_units(self) -> tuple[UnitSystem | None, str]:
        """The unit of the weight column, and where it was learnt ("file", "request", "values",
        "profile"); (None, "file") when each row names its unit. A unit the request names is kept;
        the person's setting only when the values do not show theirs."""
        if self.format == ExportFormat.hevy:
            return (UnitSystem.imperial if "weight_lbs" in self.columns else UnitSystem.metric), "file"
        if "weight unit" in self.columns:
            return None, "file"
        if self.options.units_source == "profile":
            shown = units_from_values(self._weights())
            if shown is not None:
                return shown, "values"
        return self.options.weight_units, self.options.units_source

    def _weights(self) -> Iterator[Decimal]:
        for text in self._column_values("weight"):
            try:
                yield _number({"weight": text}, "weight", self.decimal_comma)
            except _BadValue:
                continue  # reported row by row when the sets are read

    def participants(self) -> list[str]:
        """The lifters of a combined file (empty for a one-person export)."""
        return sorted({v.strip() for v in self._column_values(PARTICIPANT)} - {""}) if self.has_participants else []

    def _column_values(self, column: str) -> Iterator[str]:
        with self._open() as handle:
            for row in csv.DictReader(handle, delimiter=self.delimiter):
                yield row.get(self.columns[column]) or ""

    def _rows(self) -> Iterator[tuple[int, dict[str, str]]]:
        """(line, row with lower-case column names); csv errors name their line."""
        with self._open() as handle:
            reader = csv.reader(handle, delimiter=self.delimiter, strict=True)
            next(reader)
            header = self.header
            try:
                for values in reader:
                    if not any(v.strip() for v in values):
                        continue
                    if len(values) > len(header):
                        raise UnreadableFile(reader.line_num, len(header) + 1, f"{len(values)} fields where the header has {len(header)}")
                    yield reader.line_num, dict(zip(header, values, strict=False))
            except csv.Error as error:
                raise UnreadableFile(reader.line_num, None, f"not valid CSV: {error}") from error

    def sessions(self) -> Iterator[ImportedSession]:
        current: ImportedSession | None = None
        current_key = None
        for line, row in self._rows():
            self.rows_read += 1
            participant = _text(row, PARTICIPANT) if self.has_participants else None
            if self.options.participant is not None and participant != self.options.participant:
                continue
            key = (participant, row.get(self._start_column()), row.get(self._title_column()))
            if key != current_key:
                if current is not None and current.exercises:
                    yield current
                current, current_key = self._new_session(line, row, participant), key
            self._add_row(current, line, row)
        if current is not None and current.exercises:
            yield current

    def _start_column(self) -> str:
        return "start_time" if self.format == ExportFormat.hevy else "date"

    def _title_column(self) -> str:
        return "title" if self.format == ExportFormat.hevy else "workout name"

    def _moment(self, line: int, row: dict[str, str], column: str) -> datetime:
        text = row.get(column) or ""
        try:
            return parse_datetime(text, self.options.time_zone, self.date_order)
        except ValueError:
            position = list(self.columns).index(column) + 1
            raise UnreadableFile(line, position, f"{self.columns[column]} is not a date and time: {text!r}") from None

    def _new_session(self, line: int, row: dict[str, str], participant: str | None) -> ImportedSession:
        started = self._moment(line, row, self._start_column())
        ended = None
        if self.format == ExportFormat.hevy and _text(row, "end_time"):
            ended = self._moment(line, row, "end_time")
        elif self.format == ExportFormat.strong and _text(row, "duration"):
            try:
                ended = started + timedelta(seconds=parse_duration(row["duration"]))
            except ValueError:
                position = list(self.columns).index("duration") + 1
                raise UnreadableFile(line, position, f"Duration is not a duration: {row['duration']!r}") from None
        notes = _text(row, "description" if self.format == ExportFormat.hevy else "workout notes")
        title = _text(row, self._title_column()) or "Imported workout"
        return ImportedSession(line, participant, title[:120], started, ended, notes)

    def _add_row(self, session: ImportedSession, line: int, row: dict[str, str]) -> None:
        try:
            logged = self._set(line, row)
        except _BadValue as error:
            self.rejected.append(Rejected(line, self.columns.get(error.column, error.column), str(error)))
            return
        if logged is None:
            return
        name = (_text(row, "exercise_title" if self.format == ExportFormat.hevy else "exercise name") or "").strip()
        if not name:
            self.rejected.append(Rejected(line, "exercise name", "the exercise has no name"))
            return
        exercise = session.exercises[-1] if session.exercises and session.exercises[-1].name == name else None
        if exercise is not None and self._starts_again(exercise, logged, row):
            exercise = None
        if exercise is None:
            notes = _text(row, "exercise_notes" if self.format == ExportFormat.hevy else "notes")
            exercise = ImportedExercise(name[:120], notes)
            session.exercises.append(exercise)
        exercise.sets.append(logged)

    def _starts_again(self, exercise: ImportedExercise, logged: ImportedSet, row: dict[str, str]) -> bool:
        """Whether a row of the same exercise as the one before begins a second entry of it: the
        set numbering starts over (Hevy's set_index, Strong's Set Order), or a warm-up follows
        working sets."""
        if logged.set_type == SetType.warmup:
            return any(s.set_type != SetType.warmup for s in exercise.sets)
        order = (row.get("set_index" if self.format == ExportFormat.hevy else "set order") or "").strip()
        previous = next((s.order for s in reversed(exercise.sets) if s.order is not None), None)
        return order.isdigit() and previous is not None and int(order) <= previous

    def _set(self, line: int, row: dict[str, str]) -> ImportedSet | None:
        """The row as a set; None for rows that are not sets (Strong's rest timers)."""
        if self.format == ExportFormat.hevy:
            set_type = HEVY_SET_TYPES.get((row.get("set_type") or "normal").strip().lower())
            if set_type is None:
                raise _BadValue("set_type", f"set_type {row.get('set_type')!r} is not one of {', '.join(HEVY_SET_TYPES)}")
            weight_column = "weight_lbs" if "weight_lbs" in self.columns else "weight_kg"
            distance_column, distance_units = (
                ("distance_miles", UnitSystem.imperial) if "distance_miles" in self.columns else ("distance_km", UnitSystem.metric)
            )
            weight, units = _number(row, weight_column, False), self.weight_units
            distance = _number(row, distance_column, False)
            seconds = _whole(row, "duration_seconds", False, MAX_SECONDS)
        else:
            order = (row.get("set order") or "").strip()
            if order.lower() == "rest timer":
                self.rest_timer_rows += 1
                return None
            set_type = SetType.normal if order.isdigit() else STRONG_SET_ORDER.get(order.lower())
            if set_type is None:
                raise _BadValue("set order", f"Set Order {order!r} is neither a number nor W, D or F")
            weight = _number(row, "weight", self.decimal_comma)
            units = self.weight_units or UNIT_WORDS.get((row.get("weight unit") or "").strip().lower())
            if units is None and weight:
                raise _BadValue("weight unit", f"Weight Unit {row.get('weight unit')!r} is not kg or lbs")
            units = units or self.options.weight_units
            distance = _number(row, "distance", self.decimal_comma)
            distance_units = units
            if "distance unit" in self.columns and _text(row, "distance unit"):
                word = row["distance unit"].strip().lower()
                if word not in DISTANCE_WORDS:
                    raise _BadValue("distance unit", f"Distance Unit {row['distance unit']!r} is not km, m or mi")
                distance_units = DISTANCE_WORDS[word]
            seconds = _whole(row, "seconds", self.decimal_comma, MAX_SECONDS)
        reps = _whole(row, "reps", self.decimal_comma and self.format == ExportFormat.strong, MAX_REPS)
        rpe = _number(row, "rpe", self.decimal_comma and self.format == ExportFormat.strong)
        if rpe is not None and not 1 <= rpe <= 10:
            raise _BadValue("rpe", f"RPE {rpe} is outside 1-10")
        weight_kg = to_si(weight, Quantity.weight, units) if weight else None
        if weight_kg is not None and weight_kg > MAX_WEIGHT_KG:
            raise _BadValue(weight_column if self.format == ExportFormat.hevy else "weight", f"weight {weight} is above the app's limit")
        distance_m = None
        if distance:
            distance_m = distance if distance_units is None else to_si(distance, Quantity.distance, distance_units)
            if distance_m > MAX_DISTANCE_M:
                raise _BadValue("distance", f"distance {distance} is above the app's limit")
        reps = reps or None
        seconds = seconds or None
        if reps is None and seconds is None and distance_m is None:
            raise _BadValue("reps", "the set has no reps, duration or distance")
        number = (row.get("set_index" if self.format == ExportFormat.hevy else "set order") or "").strip()
        return ImportedSet(line, set_type, weight_kg, reps, distance_m, seconds, rpe, int(number) if number.isdigit() else None)
