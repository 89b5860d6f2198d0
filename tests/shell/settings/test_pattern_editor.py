"""The pattern editor: duplicate a built-in, edit it, live validation next to the field, save."""

from __future__ import annotations

from dataclasses import replace
from datetime import time
from pathlib import Path

import pytest
from PySide6.QtWidgets import QWidget
from pytestqt.qtbot import QtBot

from focusdesk.core.pattern_loader import (
    PatternCatalog,
    PatternError,
    load_pattern_file,
    pattern_from_dict,
)
from focusdesk.core.patterns import BlockKind, Pattern, Weekday
from focusdesk.paths import DataPaths
from focusdesk.resources import resource_path
from focusdesk.shell.settings.pattern_editor import COL_END, COL_START, PatternEditor

BUILTIN_DIR = resource_path("patterns")
WEEKDAYS = [Weekday.MON, Weekday.TUE, Weekday.WED, Weekday.THU, Weekday.FRI]


@pytest.fixture
def paths(tmp_path: Path) -> DataPaths:
    return DataPaths(tmp_path / "data")


@pytest.fixture
def catalog(paths: DataPaths) -> PatternCatalog:
    return PatternCatalog(BUILTIN_DIR, paths.user_patterns_dir)


def open_editor(
    qtbot: QtBot, pattern: Pattern, catalog: PatternCatalog, paths: DataPaths
) -> PatternEditor:
    editor = PatternEditor(pattern, catalog, paths)
    qtbot.addWidget(editor)
    return editor


def shown(label: QWidget) -> bool:
    """Shown to the user when its tab is open (not hidden by the editor)."""
    return not label.isHidden()


def with_creative_lane_moved(pattern: Pattern) -> Pattern:
    """Time-Weave with the creative lane at 19:30–21:00 (and the life block before it shortened)."""
    days = dict(pattern.days)
    for weekday in WEEKDAYS:
        blocks = []
        for block in days[weekday].blocks:
            if block.label == "Creative lane":
                block = replace(block, start=time(19, 30), end=time(21, 0))
            elif block.label == "Life":
                block = replace(block, end=time(19, 30))
            blocks.append(block)
        days[weekday] = replace(days[weekday], blocks=tuple(blocks))
    return replace(pattern, days=days)


def move_creative_lane(editor: PatternEditor) -> None:
    """What a user does: fix Monday, then copy Monday to the other weekdays."""
    monday = editor.days[Weekday.MON]
    lane = monday.find_row("Creative lane")
    monday.set_cell(lane, COL_START, "19:30")
    monday.set_cell(lane, COL_END, "21:00")
    monday.set_cell(monday.find_row("Life"), COL_END, "19:30")
    editor.copy_day(Weekday.MON, WEEKDAYS[1:])


def test_duplicating_time_weave_and_moving_its_creative_lane_saves_a_file_that_reloads_equal(
    qtbot: QtBot, catalog: PatternCatalog, paths: DataPaths
) -> None:
    builtin_file = BUILTIN_DIR / "time-weave.toml"
    builtin_bytes = builtin_file.read_bytes()
    time_weave = catalog.get("time-weave")
    editor = open_editor(qtbot, time_weave, catalog, paths)

    # A built-in pattern is only ever edited as a copy, under a new id.
    assert editor.is_copy and shown(editor.banner)
    assert editor.id_edit.text() == "time-weave-copy"
    assert editor.name_edit.text() == "Time-Weave (my copy)"
    assert editor.save_button.isEnabled()

    move_creative_lane(editor)
    assert editor.valid_pattern is not None, editor.status.text()
    assert editor.preview.pattern == editor.valid_pattern  # the preview follows the edit

    with qtbot.waitSignal(editor.pattern_saved) as saved:
        editor.save_button.click()

    path = paths.user_patterns_dir / "time-weave-copy.toml"
    expected = replace(
        with_creative_lane_moved(time_weave),
        id="time-weave-copy",
        name="Time-Weave (my copy)",
        builtin=False,
        source=str(path),
    )
    assert load_pattern_file(path) == expected
    assert saved.args == [expected]
    assert catalog.get("time-weave-copy") == expected
    # The creative lane really moved, on every weekday, and nowhere else.
    for weekday in WEEKDAYS:
        lane = [b for b in expected.day(weekday).blocks if b.label == "Creative lane"]
        assert [(b.kind, b.start, b.end) for b in lane] == [
            (BlockKind.FOCUS, time(19, 30), time(21, 0))
        ]
    assert expected.day(Weekday.SAT) == time_weave.day(Weekday.SAT)
    assert builtin_file.read_bytes() == builtin_bytes  # the built-in is untouched
    assert editor.result() == editor.DialogCode.Accepted


def test_an_overlapping_block_is_refused_with_the_message_next_to_the_field(
    qtbot: QtBot, catalog: PatternCatalog, paths: DataPaths
) -> None:
    editor = open_editor(qtbot, catalog.get("time-weave"), catalog, paths)
    wednesday = editor.days[Weekday.WED]
    editor.day_tabs.setCurrentWidget(wednesday)
    assert not shown(wednesday.blocks_error)

    row = wednesday.add_block()
    wednesday.kind_box(row).setCurrentIndex(list(BlockKind).index(BlockKind.ADMIN))
    wednesday.set_cell(row, COL_START, "11:00")
    wednesday.set_cell(row, COL_END, "12:00")

    # Shown under Wednesday's block table, naming the block and the one it overlaps.
    assert shown(wednesday.blocks_error)
    message = wednesday.blocks_error.text()
    assert message == (
        f"Block {row + 1}: admin block 11:00–12:00 overlaps collab block 10:00–14:00"
    )
    # It is the loader's own message for the same pattern: one validation, not two.
    with pytest.raises(PatternError) as raised:
        pattern_from_dict(editor.to_dict(), "editor")
    assert [p.message for p in raised.value.problems] == [message.split(": ", 1)[1]]
    # The offending row is marked, the day's tab too; other days show nothing.
    start_item = wednesday.table.item(row, COL_START)
    assert start_item is not None and start_item.background().color().name() == "#ffcdd2"
    assert editor.day_tabs.tabText(Weekday.WED) == "Wed ⚠"
    assert not shown(editor.days[Weekday.TUE].blocks_error)
    # Refused: Save is off, and saving anyway writes nothing.
    assert not editor.save_button.isEnabled()
    assert editor.valid_pattern is None
    assert editor.save() is None
    assert not paths.user_patterns_dir.exists()

    # Fixing the time clears the message and allows saving again.
    wednesday.set_cell(row, COL_START, "08:15")
    wednesday.set_cell(row, COL_END, "08:30")
    assert not shown(wednesday.blocks_error)
    assert editor.day_tabs.tabText(Weekday.WED) == "Wed"
    assert editor.save_button.isEnabled()


def test_a_bad_hard_stop_is_named_under_the_hard_stop_field(
    qtbot: QtBot, catalog: PatternCatalog, paths: DataPaths
) -> None:
    editor = open_editor(qtbot, catalog.get("boundary-fortress"), catalog, paths)
    friday = editor.days[Weekday.FRI]
    friday.hard_stop_edit.setText("25:00")
    assert shown(friday.hard_stop_error)
    assert "'25:00' is not a time of day" in friday.hard_stop_error.text()
    assert not shown(friday.blocks_error)
    assert not editor.save_button.isEnabled()

    friday.hard_stop_edit.setText("")  # no hard stop on Fridays is allowed
    assert editor.valid_pattern is not None
    assert editor.valid_pattern.day(Weekday.FRI).hard_stop is None


def test_a_built_in_id_is_refused_next_to_the_id_field(
    qtbot: QtBot, catalog: PatternCatalog, paths: DataPaths
) -> None:
    editor = open_editor(qtbot, catalog.get("deep-work-biome"), catalog, paths)
    editor.id_edit.setText("deep-work-biome")
    assert shown(editor.errors["id"])
    assert "belongs to a built-in pattern" in editor.errors["id"].text()
    editor.id_edit.setText("Not An Id")
    assert "lower-case letters, digits and dashes" in editor.errors["id"].text()
    assert not editor.save_button.isEnabled()


def test_bad_warning_minutes_are_named_under_their_field(
    qtbot: QtBot, catalog: PatternCatalog, paths: DataPaths
) -> None:
    editor = open_editor(qtbot, catalog.get("boundary-fortress"), catalog, paths)
    editor.warnings_edit.setText("30, soon")
    label = editor.errors["defaults.prestop_warnings"]
    assert shown(label) and "whole minutes" in label.text()
    editor.warnings_edit.setText("45 15")
    assert not shown(label)
    assert editor.valid_pattern is not None
    assert editor.valid_pattern.defaults.prestop_warnings == (45, 15)


def test_editing_a_user_pattern_saves_over_its_file_and_keeps_a_backup(
    qtbot: QtBot, catalog: PatternCatalog, paths: DataPaths
) -> None:
    first = open_editor(qtbot, catalog.get("caregiver-pro"), catalog, paths)
    first.id_edit.setText("my-care")
    assert first.save() == paths.user_patterns_dir / "my-care.toml"
    before = (paths.user_patterns_dir / "my-care.toml").read_text(encoding="utf-8")

    mine = catalog.get("my-care")
    second = open_editor(qtbot, mine, catalog, paths)
    assert not second.is_copy and not shown(second.banner)
    assert second.id_edit.text() == "my-care"  # its own id is not "taken"
    second.checklist_edit.setPlainText("Pack the school bags\n\nClose the laptop\n")
    assert second.save() == paths.user_patterns_dir / "my-care.toml"

    assert catalog.get("my-care").checklist == ("Pack the school bags", "Close the laptop")
    backups = list(paths.backups_dir.glob("my-care-before-save-*.toml"))
    assert [b.read_text(encoding="utf-8") for b in backups] == [before]


def test_a_sleep_window_past_midnight_round_trips(
    qtbot: QtBot, catalog: PatternCatalog, paths: DataPaths
) -> None:
    recovery = catalog.get("recovery-first-week")
    editor = open_editor(qtbot, recovery, catalog, paths)
    path = editor.save()
    assert path is not None
    loaded = load_pattern_file(path)
    assert loaded.days == recovery.days
    assert any(b.next_day for b in loaded.day(Weekday.SUN).blocks)


def test_a_block_ending_before_it_starts_names_the_past_midnight_checkbox(
    qtbot: QtBot, catalog: PatternCatalog, paths: DataPaths
) -> None:
    editor = open_editor(qtbot, catalog.get("time-weave"), catalog, paths)
    wednesday = editor.days[Weekday.WED]
    editor.day_tabs.setCurrentWidget(wednesday)
    row = wednesday.add_block()
    wednesday.kind_box(row).setCurrentIndex(list(BlockKind).index(BlockKind.RECOVERY))
    wednesday.set_cell(row, COL_START, "23:00")
    wednesday.set_cell(row, COL_END, "06:00")
    message = wednesday.blocks_error.text()
    assert 'tick "Past midnight"' in message
    assert "next_day" not in message
