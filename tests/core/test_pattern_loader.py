"""The pattern loader: the six built-ins carry SPEC §2's numbers; bad files get clear errors."""

from __future__ import annotations

import itertools
from datetime import time
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from focusdesk.core.pattern_loader import (
    BUILTIN_ORDER,
    PatternCatalog,
    PatternError,
    load_pattern_file,
    parse_day_key,
    parse_pattern,
    pattern_from_dict,
    pattern_to_dict,
)
from focusdesk.core.patterns import BlockKind, Boundary, ReviewFirst, Weekday, WorkModel

BUILTIN_DIR = Path(__file__).resolve().parents[2] / "resources" / "patterns"


@pytest.fixture(scope="module")
def catalog() -> PatternCatalog:
    return PatternCatalog(BUILTIN_DIR)


def blocks(pattern, weekday=Weekday.WED, kind=None):
    return [b for b in pattern.day(weekday).blocks if kind is None or b.kind is kind]


def test_six_builtin_patterns_in_spec_order(catalog: PatternCatalog) -> None:
    assert [p.id for p in catalog.patterns()] == list(BUILTIN_ORDER)
    assert all(p.builtin for p in catalog.patterns())
    assert catalog.errors == []


def test_weekends_are_protected_in_every_builtin(catalog: PatternCatalog) -> None:
    for pattern in catalog.patterns():
        for weekday in (Weekday.SAT, Weekday.SUN):
            day = pattern.day(weekday)
            assert day.protected, pattern.id
            assert all(not b.kind.is_work for b in day.blocks)


def test_boundary_fortress(catalog: PatternCatalog) -> None:
    p = catalog.get("boundary-fortress")
    assert p.model is WorkModel.BALANCE
    focus = blocks(p, kind=BlockKind.FOCUS)
    assert [(b.start, b.end, b.minutes) for b in focus] == [(time(9, 30), time(11), 90)]
    work = [b for b in blocks(p) if b.kind.is_work]
    assert work[0].start == time(9, 30) and work[-1].end == time(16, 30)  # core hours
    assert p.day(Weekday.MON).hard_stop == time(18, 30)
    assert p.checklist, "an end-of-day shutdown checklist"


def test_deep_work_biome(catalog: PatternCatalog) -> None:
    p = catalog.get("deep-work-biome")
    focus = blocks(p, kind=BlockKind.FOCUS)
    assert [(b.start, b.end) for b in focus] == [
        (time(9), time(10, 30)),
        (time(10, 45), time(12, 15)),
    ]
    assert all(b.minutes == 90 for b in focus)
    collab = blocks(p, kind=BlockKind.COLLAB)
    assert all(b.start >= time(13) for b in collab), "meetings batched after lunch"
    assert (collab[0].start, collab[0].end) == (time(13, 30), time(16))
    assert p.day(Weekday.FRI).hard_stop == time(18)


def test_recovery_first_week(catalog: PatternCatalog) -> None:
    p = catalog.get("recovery-first-week")
    for weekday in Weekday:
        sleep = [b for b in p.day(weekday).blocks if b.label == "Sleep window"]
        assert len(sleep) == 1 and sleep[0].kind is BlockKind.RECOVERY
        assert 7.5 * 60 <= sleep[0].minutes <= 8.5 * 60
        assert (sleep[0].start, sleep[0].end, sleep[0].next_day) == (
            time(22, 30),
            time(6, 30),
            True,
        )
    walk = [b for b in blocks(p, kind=BlockKind.RECOVERY) if b.label.startswith("Walk")]
    assert [(b.start, b.end) for b in walk] == [(time(12, 30), time(13))]
    assert 20 <= walk[0].minutes <= 30
    assert p.day(Weekday.TUE).hard_stop == time(17, 30)
    spill = next(b for b in blocks(p) if b.label == "Spill-over buffer")
    working_minutes = 17 * 60 + 30 - 9 * 60
    assert spill.minutes >= 0.095 * working_minutes, "about 10 % of the day kept free"


def test_time_weave(catalog: PatternCatalog) -> None:
    p = catalog.get("time-weave")
    assert p.model is WorkModel.INTEGRATION
    spans = {(b.kind, b.start, b.end) for b in blocks(p)}
    assert (BlockKind.FOCUS, time(6, 45), time(8, 15)) in spans
    assert (BlockKind.LIFE, time(8, 30), time(10)) in spans
    assert (BlockKind.COLLAB, time(10), time(14)) in spans
    assert (BlockKind.FOCUS, time(20), time(21, 30)) in spans
    assert p.day(Weekday.MON).hard_stop == time(21, 30)


def test_portfolio_day(catalog: PatternCatalog) -> None:
    p = catalog.get("portfolio-day")
    focus = blocks(p, kind=BlockKind.FOCUS)
    assert 2 <= len(focus) <= 3
    assert len({b.label for b in focus}) == len(focus), "each sprint has its own label"
    day = sorted(blocks(p), key=lambda b: b.start)
    for before, after in itertools.pairwise(day):
        if before.kind is BlockKind.FOCUS:
            gap = (after.start.hour * 60 + after.start.minute) - (
                before.end.hour * 60 + before.end.minute
            )
            assert gap >= 5, f"a context-switch buffer after {before.label}"
    assert p.day(Weekday.WED).hard_stop == time(18)


def test_caregiver_pro(catalog: PatternCatalog) -> None:
    p = catalog.get("caregiver-pro")
    life = {(b.start, b.end) for b in blocks(p, kind=BlockKind.LIFE)}
    assert {(time(8), time(8, 45)), (time(15), time(16))} <= life
    assert p.review_first is ReviewFirst.LEDGER
    assert p.day(Weekday.THU).hard_stop == time(17, 30)


def test_cross_pattern_defaults(catalog: PatternCatalog) -> None:
    for p in catalog.patterns():
        d = p.defaults
        assert 5 <= d.buffer_minutes <= 10
        assert d.prestop_warnings == (30, 10)
        assert (d.snooze_limit, d.snooze_minutes, d.strict) == (1, 10, False)
        for weekday in Weekday:
            assert len(blocks(p, weekday, BlockKind.COMMS)) <= 2, "batched communication"


def test_boundary_of_block_kinds() -> None:
    on = {BlockKind.FOCUS, BlockKind.COLLAB, BlockKind.COMMS, BlockKind.ADMIN}
    assert {k for k in BlockKind if k.boundary is Boundary.ON} == on


def test_round_trip_through_dict_is_equal(catalog: PatternCatalog) -> None:
    for p in catalog.patterns():
        assert pattern_from_dict(pattern_to_dict(p), p.source, builtin=True) == p


@pytest.mark.parametrize(
    ("key", "expected"),
    [
        ("mon", [Weekday.MON]),
        ("mon-wed", [Weekday.MON, Weekday.TUE, Weekday.WED]),
        ("sat,sun", [Weekday.SAT, Weekday.SUN]),
        ("weekend", [Weekday.SAT, Weekday.SUN]),
        ("Friday", [Weekday.FRI]),
    ],
)
def test_day_keys(key: str, expected: list[Weekday]) -> None:
    assert parse_day_key(key) == expected


GOOD = """\
id = "mine"
name = "Mine"
model = "balance"

[defaults]
focus_minutes = 50

[days.mon-fri]
hard_stop = "17:00"
blocks = [
    { kind = "focus", start = "09:00", end = "10:30", label = "Write" },
    { kind = "collab", start = "11:00", end = "12:00" },
]
"""


def test_a_minimal_user_pattern_loads() -> None:
    p = parse_pattern(GOOD, "mine.toml")
    assert p.defaults.focus_minutes == 50
    assert p.day(Weekday.SAT).blocks == () and not p.day(Weekday.SAT).protected


@pytest.mark.parametrize(
    ("old", "new", "line", "field", "words"),
    [
        ('model = "balance"', 'model = "balance', 3, None, "not valid TOML"),
        (
            'kind = "collab"',
            'kind = "meeting"',
            12,
            "blocks[1].kind",
            "unknown block kind 'meeting'",
        ),
        ('start = "11:00"', 'start = "10:00"', 12, "blocks[1]", "overlaps focus block 09:00–10:30"),
        (
            'end = "12:00"',
            'end = "10:45"',
            12,
            "blocks[1].end",
            "end 10:45 is not after start 11:00",
        ),
        (
            'hard_stop = "17:00"',
            'hard_stop = "10:00"',
            9,
            "hard_stop",
            "falls inside the focus block",
        ),
        ("focus_minutes = 50", "focus_minutes = 900", 6, "defaults.focus_minutes", "out of range"),
        ("[days.mon-fri]", "[days.mon-fry]", 8, "days.mon-fry", "unknown weekday 'fry'"),
        ('start = "09:00"', 'start = "9h"', 11, "blocks[0].start", "not a time of day"),
        ('hard_stop = "17:00"', 'hardstop = "17:00"', 9, "hardstop", "unknown field 'hardstop'"),
    ],
)
def test_bad_files_name_file_line_field_and_problem(
    tmp_path: Path, old: str, new: str, line: int, field: str | None, words: str
) -> None:
    path = tmp_path / "broken.toml"
    assert old in GOOD
    path.write_text(GOOD.replace(old, new, 1), encoding="utf-8")
    with pytest.raises(PatternError) as caught:
        load_pattern_file(path)
    message = caught.value.first_line()
    assert "\n" not in message
    assert message.startswith(f"{path}: line {line}")
    assert words in message
    if field:
        assert field in message


def test_every_problem_is_reported_not_just_the_first() -> None:
    bad = (
        GOOD.replace('"meeting"', "")
        .replace('kind = "collab"', 'kind = "x"')
        .replace("= 50", "= 0")
    )
    with pytest.raises(PatternError) as caught:
        parse_pattern(bad, "two.toml")
    assert len(caught.value.problems) == 2
    assert "(and 1 more problem)" in str(caught.value)


def test_work_on_a_protected_day_and_after_the_hard_stop_are_refused() -> None:
    data = pattern_to_dict(parse_pattern(GOOD, "x"))
    data["days"]["sat"] = {
        "protected": True,
        "blocks": [{"kind": "admin", "start": "10:00", "end": "11:00"}],
    }
    data["days"]["mon-fri"]["blocks"].append({"kind": "comms", "start": "17:30", "end": "18:00"})
    with pytest.raises(PatternError) as caught:
        pattern_from_dict(data, "x")
    text = " | ".join(caught.value.lines())
    assert "on a protected day" in text
    assert "starts at or after the hard stop 17:00" in text


def test_a_sleep_window_must_not_run_into_the_next_morning() -> None:
    data = pattern_to_dict(parse_pattern(GOOD, "x"))
    data["days"]["sun"] = {
        "blocks": [{"kind": "recovery", "start": "23:00", "end": "09:30", "next_day": True}]
    }
    with pytest.raises(PatternError, match="overlaps the recovery from sun"):
        pattern_from_dict(data, "x")


def test_a_weekday_defined_twice_is_refused() -> None:
    data = pattern_to_dict(parse_pattern(GOOD, "x"))
    data["days"]["fri"] = {"protected": True}
    with pytest.raises(PatternError, match="fri is already defined"):
        pattern_from_dict(data, "x")


def test_catalog_keeps_broken_user_files_out_and_says_why(tmp_path: Path) -> None:
    (tmp_path / "mine.toml").write_text(GOOD, encoding="utf-8")
    (tmp_path / "broken.toml").write_text("id = ", encoding="utf-8")
    (tmp_path / "clash.toml").write_text(GOOD.replace('"mine"', '"time-weave"'), encoding="utf-8")
    catalog = PatternCatalog(BUILTIN_DIR, tmp_path)
    assert [p.id for p in catalog.patterns()][-1] == "mine"
    assert not catalog.get("mine").builtin
    messages = sorted(e.first_line() for e in catalog.errors)
    assert len(messages) == 2
    assert "broken.toml: line 1: not valid TOML" in messages[0]
    assert "belongs to a built-in pattern" in messages[1]
    with pytest.raises(KeyError, match="no pattern 'nope'"):
        catalog.get("nope")


@settings(max_examples=300, suppress_health_check=[HealthCheck.too_slow])
@given(st.text(max_size=400))
def test_random_text_never_crashes_the_loader(text: str) -> None:
    try:
        parse_pattern(text, "random.toml")
    except PatternError as error:
        assert error.first_line().startswith("random.toml: ")


@settings(max_examples=400, suppress_health_check=[HealthCheck.too_slow])
@given(st.data())
def test_mutated_builtin_files_never_crash_the_loader(data: st.DataObject) -> None:
    path = data.draw(st.sampled_from(sorted(BUILTIN_DIR.glob("*.toml"))))
    text = path.read_text(encoding="utf-8")
    for _ in range(data.draw(st.integers(1, 4))):
        at = data.draw(st.integers(0, len(text)))
        action = data.draw(st.sampled_from(["delete", "insert", "replace"]))
        chunk = data.draw(
            st.sampled_from(
                [
                    '"',
                    "=",
                    "[",
                    "]",
                    "{",
                    "}",
                    ",",
                    "\n",
                    "25:99",
                    "-1",
                    "x",
                    "99999",
                    "true",
                    '"focus"',
                ]
            )
        )
        if action == "delete":
            text = text[:at] + text[at + len(chunk) :]
        elif action == "insert":
            text = text[:at] + chunk + text[at:]
        else:
            text = text[:at] + chunk + text[at + 1 :]
    try:
        pattern = parse_pattern(text, path.name)
    except PatternError as error:
        assert error.problems and error.first_line().startswith(path.name)
    else:
        assert pattern.id
