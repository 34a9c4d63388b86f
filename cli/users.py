"""`pulse users`: what no API call may do, such as making someone an administrator."""

from typing import Annotated

import typer

from cli.common import app_session, console

app = typer.Typer(help="People's accounts: administrator rights.", no_args_is_help=True)


def _set_admin(email: str, admin: bool) -> None:
    from sqlalchemy import func, update

    from api.models import User

    with app_session() as session:
        changed = session.execute(
            update(User).where(func.lower(User.email) == email.strip().lower()).values(is_admin=admin).returning(User.username)
        ).scalar_one_or_none()
        if changed is None:
            console.print(f"[red]no account has the email {email!r}[/red]")
            raise typer.Exit(1)
        session.commit()
    console.print(f"{changed} ({email}) {'is now an administrator' if admin else 'is no longer an administrator'}")


@app.command("grant-admin")
def grant_admin(email: Annotated[str, typer.Argument(help="the account's email")]) -> None:
    """Let this person manage models (POST /models/train, /models/reload) and see their details."""
    _set_admin(email, True)


@app.command("revoke-admin")
def revoke_admin(email: Annotated[str, typer.Argument(help="the account's email")]) -> None:
    """Take administrator rights away again."""
    _set_admin(email, False)
