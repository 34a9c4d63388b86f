"""`pulse push`: setting up Web Push for the app's notifications."""

import typer

from cli.common import console

app = typer.Typer(help="Web Push for notifications.", no_args_is_help=True)


@app.command("keys")
def keys() -> None:
    """Print a new VAPID key pair for VAPID_PRIVATE_KEY and VAPID_PUBLIC_KEY."""
    from api.notifications.push import new_vapid_keys

    private, public = new_vapid_keys()
    console.print(f"VAPID_PRIVATE_KEY={private}\nVAPID_PUBLIC_KEY={public}", highlight=False, soft_wrap=True)
