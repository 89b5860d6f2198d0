"""Fixtures for the log's tests: a fresh log in a temporary data dir."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from log_records import FIXED_NOW

from focusdesk.store.database import LogDatabase, open_database
from focusdesk.store.session_log import SessionLog


@pytest.fixture
def db_path(tmp_path: Path) -> Path:
    return tmp_path / "data" / "focusdesk.sqlite3"


@pytest.fixture
def log_db(db_path: Path) -> Iterator[LogDatabase]:
    database = open_database(db_path, clock=lambda: FIXED_NOW)
    yield database
    database.close()


@pytest.fixture
def log(log_db: LogDatabase) -> SessionLog:
    return SessionLog(log_db)
