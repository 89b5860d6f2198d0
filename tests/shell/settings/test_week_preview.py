"""The week preview names its blocks: a label inside each where it fits, a tooltip on each."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QPointF
from PySide6.QtGui import QColor
from pytestqt.qtbot import QtBot

from focusdesk.core.pattern_loader import PatternCatalog
from focusdesk.core.patterns import BlockKind, Weekday
from focusdesk.resources import builtin_patterns_dir
from focusdesk.shell.settings.week_preview import KIND_COLOURS, WeekPreview

pytestmark = pytest.mark.qt_log_ignore("This plugin does not support")


@pytest.fixture
def preview(qtbot: QtBot) -> WeekPreview:
    widget = WeekPreview()
    qtbot.addWidget(widget)
    widget.resize(640, 300)
    widget.set_pattern(PatternCatalog(builtin_patterns_dir()).get("time-weave"))
    return widget


def test_each_block_names_itself_in_a_tooltip(preview: WeekPreview) -> None:
    rects = preview.block_rects()
    (collab,) = [r for r, day, b in rects if day is Weekday.MON and b.kind is BlockKind.COLLAB]
    assert preview.tooltip_at(collab.center()) == (
        "Mon 10:00–14:00 · Collab zone\nCollab — boundary on"
    )
    (life,) = [r for r, day, b in rects if day is Weekday.TUE and b.label.startswith("Family")]
    assert preview.tooltip_at(life.center()).startswith("Tue 08:30–10:00 · Family")
    assert preview.tooltip_at(life.center()).endswith("Life — boundary off")


def test_the_hard_stop_and_a_protected_day_have_tooltips_too(preview: WeekPreview) -> None:
    rects = preview.block_rects()
    monday_lane = next(r for r, d, b in rects if d is Weekday.MON and b.label == "Creative lane")
    stop_y = monday_lane.bottom()  # the lane ends at the 21:30 hard stop
    assert preview.tooltip_at(QPointF(monday_lane.right() + 4, stop_y)) == "Mon: hard stop 21:30"
    saturday_x = preview.width() - 4 - 1.5 * (monday_lane.width() * 2 + 6)
    assert "Sat: protected day" in preview.tooltip_at(QPointF(saturday_x, 150))


def test_a_tall_enough_block_carries_its_label(preview: WeekPreview) -> None:
    image = preview.grab().toImage()
    rects = preview.block_rects()
    (collab,) = [r for r, day, b in rects if day is Weekday.WED and b.kind is BlockKind.COLLAB]
    white = 0
    for x in range(int(collab.left()) + 2, int(collab.right()) - 1):
        for y in range(int(collab.top()) + 2, int(collab.top()) + 14):
            colour = image.pixelColor(x, y)
            if colour.lightness() > 200 and colour != KIND_COLOURS[BlockKind.COLLAB]:
                white += 1
    assert white > 10, "no label drawn inside the block"
    assert image.pixelColor(int(collab.center().x()), int(collab.bottom()) - 3) == QColor(
        KIND_COLOURS[BlockKind.COLLAB]
    )
