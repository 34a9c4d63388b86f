"""`pulse notify`: what the app sends without being asked: reminders for everyone they are due to."""

import typer

from cli.common import app_session, console

app = typer.Typer(help="Notifications: reminders and their Web Push.", no_args_is_help=True)


@app.command("reminders")
def reminders() -> None:
    """Make the reminders due now (streak or goal at risk, the partners' weekly check-in) for
    everyone, each once per period, and push them to subscribed browsers. Run it hourly (a cron
    job, the Kubernetes CronJob in deploy/k8s); opening the inbox makes a person's own too."""
    from datetime import UTC, datetime

    from sqlalchemy.orm import sessionmaker

    from api.accountability.reminders import make_reminders, people_with_reminders
    from api.models import Notification
    from api.notifications.push import deliver_pushes
    from pulse.settings import get_settings

    now = datetime.now(UTC)
    with app_session() as session:
        before = session.query(Notification).count()
        people = people_with_reminders(session)
        for person in people:
            make_reminders(session, person, now)
        made = session.query(Notification).count() - before
        pushed = deliver_pushes(sessionmaker(session.get_bind()), get_settings())
    console.print(f"{made} reminders for {len(people)} people; {pushed} pushes sent")
