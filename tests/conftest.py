"""Suite-wide test set-up: Qt offscreen, the e2e marker, no leaked QTimers.

This file must import without PySide6: the core tests also run in a
virtualenv where Qt is not installed (scripts/run-tests.sh, `.venv-core`).
"""

from __future__ import annotations

import importlib.util
import os
import weakref
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

# Before anything imports Qt: in-process Qt tests never need a display. The
# e2e tests start the app as a separate process with QT_QPA_PLATFORM=xcb.
os.environ["QT_QPA_PLATFORM"] = "offscreen"
# English unless a test asks for another language (a German desktop would
# otherwise turn every English assertion red); e2e apps inherit it.
os.environ["LANGUAGE"] = "en"

E2E_DIR = Path(__file__).parent / "e2e"


def pytest_addoption(parser: pytest.Parser) -> None:
    # Without pytest-qt (the Qt-free core run) its ini options would be
    # unknown and --strict-config would refuse pyproject.toml; declare them.
    if importlib.util.find_spec("pytestqt") is None:
        parser.addini("qt_api", "pytest-qt's option (pytest-qt is not installed here)")
        parser.addini("qt_log_level_fail", "pytest-qt's option (pytest-qt is not installed here)")


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Everything under tests/e2e is an e2e test, so `-m "not e2e"` leaves it out."""
    for item in items:
        if item.path.is_relative_to(E2E_DIR):
            item.add_marker(pytest.mark.e2e)


@pytest.fixture(autouse=True)
def _restore_umask() -> Iterator[None]:
    """`focusdesk.cli.main` sets umask 077 for the process (private files); tests that run
    it in-process must not leave later tests creating files other users cannot read
    (the Wayland tests hand a config file to a compositor running as another user)."""
    mask = os.umask(0o022)
    os.umask(mask)
    yield
    os.umask(mask)


@pytest.fixture(autouse=True)
def _fail_on_running_qtimers(request: pytest.FixtureRequest) -> Iterator[None]:
    """Fail a Qt test that leaves a QTimer it started still running.

    A leaked timer fires during later tests and makes them flaky (napari does
    the same check). Only timers started from Python during the test are
    tracked; widgets registered with qtbot are closed before this check runs.
    """
    if not {"qtbot", "qapp"} & set(request.fixturenames):
        yield
        return
    from PySide6.QtCore import QCoreApplication, QEvent, QTimer

    started: list[weakref.ref[Any]] = []
    original_start = QTimer.start

    def tracking_start(timer: QTimer, *args: Any) -> None:
        started.append(weakref.ref(timer))
        original_start(timer, *args)

    QTimer.start = tracking_start  # type: ignore[method-assign]
    try:
        yield
    finally:
        QTimer.start = original_start  # type: ignore[method-assign]
    # Widgets qtbot closed, and objects the test deleteLater()'d, go now: their
    # timers are not leaks. (The event loop never runs DeferredDelete here.)
    QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
    running = [timer for ref in started if (timer := ref()) is not None and _is_active(timer)]
    if running:
        described = ", ".join(
            f"{type(t).__name__}(interval={t.interval()} ms, objectName={t.objectName()!r})"
            for t in running
        )
        pytest.fail(f"the test left {len(running)} QTimer(s) running: {described}", pytrace=False)


def _is_active(timer: Any) -> bool:
    try:
        return bool(timer.isActive())
    except RuntimeError:  # the C++ object is already deleted: not running
        return False


@pytest.fixture(autouse=True)
def _english_again() -> Iterator[None]:
    """A test that switched the language (`set_language`) leaves English behind."""
    yield
    from focusdesk.core.i18n import set_language

    set_language(None)
