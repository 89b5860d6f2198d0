"""What an absence does to a session that already ended (SPEC §3 "Only present time is focus").

The presence source learns of an absence minutes after it began (no input
for `away_after_minutes`). By then the engine may have closed a block at its
planned end, or the hard stop may have cut it, as if the user had been there.
`interrupted_at` is the rule for such a session, kept out of the engine.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime

from focusdesk.core.sessions import Outcome, SessionRecord


def interrupted_at(record: SessionRecord, since: datetime) -> SessionRecord | None:
    """`record` closed again at `since` (the user's last presence), or None if it ended before.

    It ends at `since` (or never ran, if it started after), outcome
    "interrupted"; the time from `since` to its old end leaves its focus
    (pauses inside it cannot be told apart any more, so focus is never
    over-counted: it can only shrink), and whatever is left of its length
    is paused time.
    """
    if record.ended_at is None or record.ended_at <= since:
        return None
    end = max(since, record.started_at)
    cut_off = (record.ended_at - end).total_seconds()
    actual = max(0, record.actual_seconds - int(cut_off))
    length = int((end - record.started_at).total_seconds())
    return replace(
        record,
        ended_at=end,
        actual_seconds=actual,
        paused_seconds=max(0, length - actual),
        outcome=Outcome.INTERRUPTED,
    )
