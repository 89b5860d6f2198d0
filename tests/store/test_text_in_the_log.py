"""Text that is not valid Unicode never costs a logged row (issue 16)."""

from __future__ import annotations

from datetime import date

from log_records import at, make_session

from focusdesk.core.sessions import DayRecord, WeeklyReview
from focusdesk.store.session_log import SessionLog


def test_a_label_with_a_lone_surrogate_is_logged_with_a_replacement_character(
    log: SessionLog,
) -> None:
    rec = make_session(at(9), 25, label="caf\udce9", note="n\ud800te")
    log.open_session(rec)
    rec.ended_at = at(9, 25)
    log.close_session(rec)
    stored = log.get_session(rec.id)
    assert stored is not None
    assert (stored.label, stored.note) == ("caf\ufffd", "n\ufffdte")


def test_a_ritual_and_a_review_with_broken_text_are_kept(log: SessionLog) -> None:
    day = DayRecord(
        day=date(2026, 11, 20),
        pattern_id="p",
        big_task_tomorrow="\udcffship",
        checklist_done=["in\ud800box"],
        deliverables_note="x\udc80",
    )
    log.save_day(day)
    saved = log.get_day(date(2026, 11, 20))
    assert saved is not None
    assert (saved.big_task_tomorrow, saved.checklist_done, saved.deliverables_note) == (
        "\ufffdship",
        ["in\ufffdbox"],
        "x\ufffd",
    )
    log.save_weekly_review(WeeklyReview(week="2026-W47", wins="w\ud800", misses="", upgrade=""))
    review = log.get_weekly_review("2026-W47")
    assert review is not None and review.wins == "w\ufffd"
