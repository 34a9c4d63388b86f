"""`pulse import`: a Strong or Hevy export into one person's account, as POST /imports does."""

from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.table import Table

from cli.common import app_session, console


def import_export(
    file: Annotated[Path, typer.Argument(exists=True, dir_okay=False, readable=True, help="a Strong or Hevy CSV export")],
    email: Annotated[str, typer.Option(help="whose history it is (an existing account)")],
    format: Annotated[str, typer.Option("--format", help="auto, strong or hevy")] = "auto",
    units: Annotated[str | None, typer.Option(help="kg or lb: the unit of weights the file does not label (default: the person's setting)")] = None,
    time_zone: Annotated[str | None, typer.Option(help="IANA zone of times the file gives without one (default: the person's)")] = None,
    participant: Annotated[str | None, typer.Option(help="in a file with a Participant column: whose rows to import")] = None,
) -> None:
    """Import another app's export: each session becomes a workout (sessions imported before are
    skipped), exercise names are mapped to the library or become the person's own exercises."""
    from zoneinfo import ZoneInfoNotFoundError

    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

    from api.imports.formats import ExportReader, UnreadableFile
    from api.imports.service import checked_import, read_options, run_import
    from api.users.service import find_by_login

    if format not in ("auto", "strong", "hevy") or units not in (None, "kg", "lb"):
        console.print("[red]--format must be auto, strong or hevy, and --units kg or lb[/red]")
        raise typer.Exit(2)
    with app_session() as session:
        person = find_by_login(session, email)
        if person is None:
            console.print(f"[red]no account with email {email}[/red]")
            raise typer.Exit(2)
        try:
            options = read_options(person, units, time_zone, format, participant)
            reader = ExportReader(file, options)
            if reader.has_participants and participant is None:
                console.print(f"[red]{file} holds several lifters; choose one with --participant ({', '.join(reader.participants())})[/red]")
                raise typer.Exit(2)
            record = checked_import(session, person, file, file.name, options)
        except (UnreadableFile, ZoneInfoNotFoundError, ValueError) as error:
            console.print(f"[red]{file}: {error}[/red]")
            raise typer.Exit(2) from error
        columns = [TextColumn(f"importing {file.name}"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn()]
        with Progress(*columns, console=console) as bar:
            task = bar.add_task("rows", total=reader.data_lines)
            record = run_import(session, person, record, reader, progress=lambda rows: bar.update(task, completed=rows))
        if record.error:
            console.print(f"[red]import failed, nothing was written: {record.error}[/red]")
            raise typer.Exit(1)
        counts = record.counts
        console.print(
            f"{file.name}: a {record.format} export; weights in {record.weight_unit} from the {record.weight_unit_source}, "
            f"times in {record.time_zone}", soft_wrap=True,
        )
        table = Table("", "")
        for key in ("rows_read", "workouts_created", "sets_created", "duplicates_skipped", "rows_rejected", "exercise_names", "exercise_names_unmatched", "share_of_sets_mapped"):
            table.add_row(key.replace("_", " "), str(counts.get(key)))
        Console().print(table)
        for row in record.report.get("rejected", [])[:20]:
            console.print(f"line {row['line']} ({row['column']}): {row['reason']}")
