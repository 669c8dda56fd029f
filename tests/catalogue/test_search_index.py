"""The search index follows edits entry by entry: no rebuild, and every session sees the change at once."""

from __future__ import annotations

import dataclasses
import json
import subprocess
import sys
from datetime import datetime, timedelta

from sqlalchemy import delete, event, func, select, text

import catalogue


def _ids(session, question: str) -> list[int]:
    return [hit.service.id for hit in catalogue.search(session, question).hits]


def test_an_editors_save_updates_the_index_without_rebuilding(sessions) -> None:
    with sessions.begin() as session:
        assert _ids(session, "Lastenfahrradverleih") == []
        before = catalogue.search_index_info(session)
        entry = session.scalars(select(catalogue.Service).order_by(catalogue.Service.id)).first()
        record = catalogue.record_from_service(entry)
        catalogue.save_entry(
            session,
            dataclasses.replace(record, keywords=[*record.keywords, "Lastenfahrradverleih"]),
            user="test",
            service_id=entry.id,
            action="bearbeitet",
        )
    with sessions.begin() as session:  # a new session, as another request or process would have
        assert _ids(session, "Lastenfahrradverleih") == [entry.id]
        after = catalogue.search_index_info(session)
    assert after.builds == before.builds
    assert after.updates == before.updates + 1
    assert after.entries == before.entries


def test_status_changes_remove_and_restore_an_entry(sessions) -> None:
    with sessions.begin() as session:
        entry = session.scalars(
            select(catalogue.Service).where(catalogue.Service.category == "Schuldnerberatung")
        ).first()
        assert entry.id in _ids(session, "Schuldnerberatung")
        entries = catalogue.search_index_info(session).entries
        catalogue.set_status(session, entry.id, "inactive", user="test")
    with sessions.begin() as session:
        assert entry.id not in _ids(session, "Schuldnerberatung")
        assert catalogue.search_index_info(session).entries == entries - 1
        catalogue.set_status(session, entry.id, "active", user="test")
    with sessions.begin() as session:
        assert entry.id in _ids(session, "Schuldnerberatung")
        info = catalogue.search_index_info(session)
    assert info.entries == entries
    assert info.builds == 1


def test_a_new_entry_and_a_deleted_row_are_seen_by_the_next_search(sessions, demo_records) -> None:
    with sessions.begin() as session:
        tafel = _ids(session, "Tafel")[0]
        new = dataclasses.replace(
            demo_records[0], external_id="neu-1", name="Repair-Café Zaunkönig", keywords=["Reparatur"]
        )
        catalogue.write_catalogue(session, [new], deactivate_missing=False)
    with sessions.begin() as session:
        assert len(_ids(session, "Zaunkönig")) == 1
        # A row removed behind the application's back (a restore, a manual clean-up).
        session.execute(delete(catalogue.Service).where(catalogue.Service.id == tafel))
    with sessions.begin() as session:
        assert tafel not in _ids(session, "Tafel")
        assert len(_ids(session, "Zaunkönig")) == 1
        info = catalogue.search_index_info(session)
    assert (info.builds, info.updates) == (1, 2)


def test_a_rolled_back_edit_leaves_no_trace(sessions) -> None:
    session = sessions()
    entry = session.scalars(select(catalogue.Service)).first()
    entry.keywords = [*entry.keywords, "Zwischenstand"]
    session.flush()
    assert _ids(session, "Zwischenstand") == [entry.id]
    session.rollback()
    session.close()
    with sessions.begin() as session:
        assert _ids(session, "Zwischenstand") == []


def test_index_and_a_fresh_build_rank_alike_after_many_edits(sessions) -> None:
    questions = ["Schulden", "Sucht Beratung", "Senioren Treff", "Wohnung verloren", "Beratung auf Russisch"]
    with sessions.begin() as session:
        services = session.scalars(select(catalogue.Service).order_by(catalogue.Service.id)).all()
        for n, service in enumerate(services[:20]):
            record = catalogue.record_from_service(service)
            catalogue.save_entry(
                session,
                dataclasses.replace(record, keywords=[*record.keywords, f"Stichwort{n}"], name=record.name + " neu"),
                user="test",
                service_id=service.id,
                action="bearbeitet",
            )
            catalogue.search(session, "Schulden")  # the index follows each save
    with sessions.begin() as session:
        incremental = {q: _ids(session, q) for q in questions}
    # Another process builds its index from scratch on its first search.
    url = sessions.kw["bind"].url.render_as_string(hide_password=False)
    script = (
        "import json, sys, catalogue\n"
        "engine = catalogue.make_engine(sys.argv[1])\n"
        "with catalogue.make_session_factory(engine).begin() as s:\n"
        "    print(json.dumps({q: [h.service.id for h in catalogue.search(s, q).hits] for q in sys.argv[2:]}))\n"
    )
    done = subprocess.run([sys.executable, "-c", script, url, *questions], capture_output=True, text=True, check=True)
    assert incremental == json.loads(done.stdout)


def _version(session) -> int:
    return session.scalar(select(catalogue.CatalogueVersion.version))


def test_an_unchanged_catalogue_costs_one_read_per_search(sessions, engine) -> None:
    with sessions.begin() as session:
        catalogue.search(session, "Schulden")  # builds the index
    statements: list[str] = []

    def remember(_conn, _cursor, statement, *_args) -> None:
        statements.append(statement)

    event.listen(engine, "before_cursor_execute", remember)
    try:
        with sessions.begin() as session:
            catalogue.search_index_info(session)
    finally:
        event.remove(engine, "before_cursor_execute", remember)
    assert len(statements) == 1 and "catalogue_version" in statements[0]


def test_a_change_written_without_the_application_is_seen_by_the_next_search(sessions, engine) -> None:
    with sessions.begin() as session:
        assert _ids(session, "Lastenfahrradverleih") == []
        before = _version(session)
        entry_id = session.scalars(select(catalogue.Service.id).order_by(catalogue.Service.id)).first()
    # By hand, as an administrator's SQL would (stamping the row, as the application does):
    # the triggers raise the version. A change that leaves updated_at alone is not found.
    with engine.begin() as connection:
        connection.execute(
            text("UPDATE service SET name = 'Lastenfahrradverleih', updated_at = :now WHERE id = :id"),
            {"now": datetime.utcnow(), "id": entry_id},
        )
    with sessions.begin() as session:
        assert _version(session) > before
        assert _ids(session, "Lastenfahrradverleih") == [entry_id]
        assert catalogue.search_index_info(session).builds == 1


def test_an_import_raises_the_version_and_a_backup_leaves_it_out(sessions, engine, demo_records, tmp_path) -> None:
    with sessions.begin() as session:
        before = _version(session)
        catalogue.write_catalogue(
            session,
            [dataclasses.replace(demo_records[0], external_id="neu-1", name="Neu eins")],
            source="test",
            deactivate_missing=False,
        )
    with sessions.begin() as session:
        raised = _version(session) - before
    assert raised >= 1
    if engine.dialect.name == "postgresql":
        assert raised == 1  # once per transaction, at commit
    summary = catalogue.write_backup(engine, tmp_path / "b.json.gz")
    assert "catalogue_version" not in summary.rows
    catalogue.restore_backup(engine, tmp_path / "b.json.gz")
    with sessions.begin() as session:
        assert _version(session) > before + raised  # the restored services raised it
        assert len(_ids(session, "Neu eins")) >= 1


def test_a_late_commit_with_an_older_stamp_is_seen_though_count_and_newest_stay(sessions, engine) -> None:
    with sessions.begin() as session:
        assert _ids(session, "Lastenfahrradverleih") == []
        newest = session.scalar(select(func.max(catalogue.Service.updated_at)))
        entry_id = session.scalars(
            select(catalogue.Service.id).where(catalogue.Service.updated_at < newest).order_by(catalogue.Service.id)
        ).first()
    # As a transaction that stamped its row before another's newer save and committed after it.
    with engine.begin() as connection:
        connection.execute(
            text("UPDATE service SET name = 'Lastenfahrradverleih', updated_at = :stamp WHERE id = :id"),
            {"stamp": newest - timedelta(seconds=1), "id": entry_id},
        )
    with sessions.begin() as session:
        assert session.scalar(select(func.max(catalogue.Service.updated_at))) == newest
        assert _ids(session, "Lastenfahrradverleih") == [entry_id]
