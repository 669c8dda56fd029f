"""`flask --app webchat editor add-user NAME --role admin`: create an editor account."""

from __future__ import annotations

import os

import click
from flask import current_app

import catalogue
from webchat.editor import bp


@bp.cli.command("add-user")
@click.argument("username")
@click.option(
    "--role", type=click.Choice(catalogue.ROLES), default="editor", show_default=True, help="Rolle des Kontos."
)
def add_user(username: str, role: str) -> None:
    """Create an account; the password comes from EDITOR_PASSWORD or is asked for twice."""
    password = os.environ.get("EDITOR_PASSWORD") or click.prompt(
        "Passwort", hide_input=True, confirmation_prompt="Passwort wiederholen"
    )
    try:
        with current_app.extensions["catalogue_sessions"].begin() as session:
            user = catalogue.create_user(session, username, password, role)
            name, role = user.username, user.role
    except ValueError as error:
        raise click.ClickException(str(error)) from error
    click.echo(f"Konto „{name}“ ({role}) angelegt.")
