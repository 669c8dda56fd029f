"""The catalogue commands are available through `flask --app webchat catalogue ...` on the app's database."""

from __future__ import annotations

from sqlalchemy import select

import catalogue
from tests.conftest import unchecked_for


def test_flask_catalogue_commands_use_the_apps_database(app, sessions) -> None:
    runner = app.test_cli_runner()
    result = runner.invoke(args=["catalogue", "--help"])
    assert result.exit_code == 0
    for command in ("import", "export", "validate", "stale", "history", "restore"):
        assert command in result.output
    url = app.config["DATABASE_URL"]
    result = runner.invoke(args=["catalogue", "stale", "--months", "3", "--database-url", url])
    assert result.exit_code == 0 and f"Seit 3 Monaten nicht geprüft: {unchecked_for(sessions, 3)}" in result.output
    with sessions.begin() as session:
        service_id = session.scalar(select(catalogue.Service.id).order_by(catalogue.Service.id).limit(1))
    result = runner.invoke(args=["catalogue", "history", str(service_id), "--database-url", url])
    assert result.exit_code == 0 and "Import: angelegt" in result.output
