"""The pattern history: frozen copies, and the version in force on a day."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, date, datetime, time
from pathlib import Path

from focusdesk.core.pattern_loader import PatternCatalog
from focusdesk.core.patterns import DaySpec, Weekday
from focusdesk.core.plan_history import (
    PatternEvent,
    PatternVersion,
    PlanHistory,
    needs_record,
    pattern_body,
    pattern_from_body,
    pattern_hash,
)

BUILTIN = Path(__file__).resolve().parents[2] / "resources" / "patterns"


def test_every_builtin_pattern_survives_its_frozen_copy() -> None:
    for pattern in PatternCatalog(BUILTIN).patterns():
        thawed = pattern_from_body(pattern_body(pattern), "log")
        assert thawed is not None
        assert thawed.days == pattern.days
        assert thawed.defaults == pattern.defaults
        assert pattern_hash(thawed) == pattern_hash(pattern)


def test_an_unreadable_copy_is_an_unknown_plan() -> None:
    assert pattern_from_body("{not json", "log") is None
    assert pattern_from_body('{"id": "x"}', "log") is None


def test_the_version_in_force_is_the_last_recorded_on_or_before_the_day() -> None:
    a, b = PatternCatalog(BUILTIN).patterns()[:2]

    def version(day: date, hour: int, pattern: object) -> PatternVersion:
        return PatternVersion(
            day,
            datetime.combine(day, time(hour), tzinfo=UTC),
            "p",
            PatternEvent.SWITCH,
            pattern,  # type: ignore[arg-type]
        )

    history = PlanHistory(
        [
            version(date(2026, 3, 2), 9, b),
            version(date(2026, 3, 1), 9, a),
            version(date(2026, 3, 2), 8, a),
        ]
    )
    assert history.pattern_on(date(2026, 2, 28)) is None
    assert history.pattern_on(date(2026, 3, 1)) is a
    assert history.pattern_on(date(2026, 3, 2)) is b  # the later of two records that day
    assert history.pattern_on(date(2027, 1, 1)) is b


def test_an_edit_or_a_switch_needs_a_record_and_the_same_version_does_not() -> None:
    a, b = PatternCatalog(BUILTIN).patterns()[:2]
    history = PlanHistory(
        [
            PatternVersion(
                date(2026, 3, 1),
                datetime(2026, 3, 1, tzinfo=UTC),
                a.id,
                PatternEvent.START,
                a,
                pattern_hash(a),
            )
        ]
    )
    assert not needs_record(history, a)
    assert needs_record(history, b)
    edited = replace(a, days={**a.days, Weekday.SUN: DaySpec(protected=not a.day(6).protected)})
    assert needs_record(history, edited)
    assert needs_record(PlanHistory(), a)


def test_the_content_hash_is_sha256_without_loading_openssl() -> None:
    import hashlib
    import subprocess
    import sys

    from focusdesk.core.plan_history import body_hash

    assert body_hash('{"id": "x"}') == hashlib.sha256(b'{"id": "x"}').hexdigest()
    # hashlib loads OpenSSL's libcrypto (≈ 3.3 MB resident) into the app for the day.
    script = (
        "import sys\n"
        "from focusdesk.core.plan_history import body_hash\n"
        "body_hash('x')\n"
        "print('_hashlib' in sys.modules, 'hashlib' in sys.modules)\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, timeout=60, check=True
    )
    assert done.stdout.split() == ["False", "False"]
