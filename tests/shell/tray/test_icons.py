"""The tray icon tells every boundary state apart, also without colour."""

from __future__ import annotations

import itertools
import math
import os
import subprocess
import sys
from pathlib import Path

import pytest
from PySide6.QtCore import QSize
from PySide6.QtGui import QColor, QGuiApplication, QImage, QPainter, QPalette, qGray

from focusdesk.core.status import EngineState, StatusSnapshot
from focusdesk.shell.tray.icons import ICON_SIZES, panel_is_dark, render_state_icon, status_icon

LIGHT_PANEL = QColor("#ececec")
DARK_PANEL = QColor("#2b2b2b")

#: Each state as the tray shows it mid-block (timed states) or outside one.
STATES: dict[str, tuple[EngineState, float | None]] = {
    "off": (EngineState.OFF, None),
    "on": (EngineState.ON, None),
    "focus": (EngineState.FOCUS, 0.4),
    "buffer": (EngineState.BUFFER, 0.4),
    "paused": (EngineState.PAUSED, 0.4),
    "alarm": (EngineState.ALARM, None),
    # A timed state whose length is unknown still has its own shape.
    "focus-no-progress": (EngineState.FOCUS, None),
    "buffer-no-progress": (EngineState.BUFFER, None),
    "paused-no-progress": (EngineState.PAUSED, None),
}


def on_panel_in_grey(image: QImage, *, dark_panel: bool) -> list[int]:
    """The icon composited on its panel colour, as grey levels: what a colour-blind eye gets."""
    flat = QImage(image.size(), QImage.Format.Format_RGB32)
    flat.fill(DARK_PANEL if dark_panel else LIGHT_PANEL)
    painter = QPainter(flat)
    painter.drawImage(0, 0, image)
    painter.end()
    return [qGray(flat.pixel(x, y)) for y in range(flat.height()) for x in range(flat.width())]


def visibly_different_share(a: list[int], b: list[int]) -> float:
    """Share of pixels whose grey level differs by more than 40 of 255."""
    return sum(abs(x - y) > 40 for x, y in zip(a, b, strict=True)) / len(a)


def silhouette(image: QImage) -> list[bool]:
    """Which pixels are solidly painted: the shape alone, with colour and shading gone."""
    return [
        image.pixelColor(x, y).alpha() > 128
        for y in range(image.height())
        for x in range(image.width())
    ]


@pytest.mark.parametrize("dark_panel", [False, True], ids=["light-panel", "dark-panel"])
@pytest.mark.parametrize("size", [16, 22, 32, 64])
def test_every_state_has_its_own_silhouette(
    qapp: QGuiApplication, size: int, dark_panel: bool
) -> None:
    shapes = {
        name: silhouette(render_state_icon(state, progress, size, dark_panel=dark_panel))
        for name, (state, progress) in STATES.items()
    }
    for first, second in itertools.combinations(shapes, 2):
        differing = sum(a != b for a, b in zip(shapes[first], shapes[second], strict=True))
        share = differing / (size * size)
        assert share >= 0.04, f"{first} and {second} share a shape at {size}px ({share:.1%} differ)"


@pytest.mark.parametrize("dark_panel", [False, True], ids=["light-panel", "dark-panel"])
@pytest.mark.parametrize("size", [16, 22, 32, 64])
def test_every_state_differs_in_greyscale(
    qapp: QGuiApplication, size: int, dark_panel: bool
) -> None:
    greys = {
        name: on_panel_in_grey(
            render_state_icon(state, progress, size, dark_panel=dark_panel), dark_panel=dark_panel
        )
        for name, (state, progress) in STATES.items()
    }
    for first, second in itertools.combinations(greys, 2):
        share = visibly_different_share(greys[first], greys[second])
        assert share >= 0.04, f"{first} and {second} look alike at {size}px ({share:.1%} differ)"


@pytest.mark.parametrize("size", ICON_SIZES)
def test_icon_is_the_requested_size_and_not_blank(qapp: QGuiApplication, size: int) -> None:
    for state, progress in STATES.values():
        image = render_state_icon(state, progress, size, dark_panel=False)
        assert (image.width(), image.height()) == (size, size)
        painted = sum(
            image.pixelColor(x, y).alpha() > 128 for y in range(size) for x in range(size)
        )
        assert painted >= size * size * 0.08, f"{state} at {size}px is almost empty"
        # A transparent corner: the icon sits on the panel, it does not paint a square.
        assert image.pixelColor(0, 0).alpha() == 0


def _colour_at_clock(image: QImage, hour: float) -> QColor:
    """The colour on the ring's centre line at a clock position (12 = top)."""
    size = image.width()
    stroke = max(2.0, size * 0.11)
    radius = size / 2 - size / 16 - stroke / 2
    angle = math.radians(hour / 12 * 360)
    x = size / 2 + radius * math.sin(angle)
    y = size / 2 - radius * math.cos(angle)
    return image.pixelColor(int(x), int(y))


@pytest.mark.parametrize("size", [32, 64])
def test_progress_ring_shows_the_remaining_time_clockwise_from_twelve(
    qapp: QGuiApplication, size: int
) -> None:
    quarter_done = render_state_icon(EngineState.FOCUS, 0.25, size, dark_panel=False)
    three_quarters_done = render_state_icon(EngineState.FOCUS, 0.75, size, dark_panel=False)

    assert (
        visibly_different_share(
            on_panel_in_grey(quarter_done, dark_panel=False),
            on_panel_in_grey(three_quarters_done, dark_panel=False),
        )
        >= 0.04
    )
    # With a quarter done, three quarters remain: 9 o'clock is still on the arc.
    # With three quarters done only 12→3 o'clock remains: 9 o'clock is bare track.
    arc = _colour_at_clock(quarter_done, 1.5)
    assert _colour_at_clock(quarter_done, 9).alpha() == 255
    assert _colour_at_clock(quarter_done, 9) == arc
    assert _colour_at_clock(three_quarters_done, 1.5) == arc
    assert _colour_at_clock(three_quarters_done, 9).alpha() < 200


def test_progress_ring_changes_at_tray_size_too(qapp: QGuiApplication) -> None:
    a = render_state_icon(EngineState.BUFFER, 0.25, 16, dark_panel=True)
    b = render_state_icon(EngineState.BUFFER, 0.75, 16, dark_panel=True)
    share = visibly_different_share(
        on_panel_in_grey(a, dark_panel=True), on_panel_in_grey(b, dark_panel=True)
    )
    assert share >= 0.04


def test_off_ring_follows_the_panel_brightness(qapp: QGuiApplication) -> None:
    light = render_state_icon(EngineState.OFF, None, 32, dark_panel=False)
    dark = render_state_icon(EngineState.OFF, None, 32, dark_panel=True)
    # The ring's ink contrasts with its panel: dark ink on light, light ink on dark.
    assert _colour_at_clock(light, 0).lightnessF() < 0.5
    assert _colour_at_clock(dark, 0).lightnessF() > 0.5


def test_too_small_a_size_is_refused_with_a_clear_message(qapp: QGuiApplication) -> None:
    with pytest.raises(ValueError, match="too small"):
        render_state_icon(EngineState.ON, None, 4, dark_panel=False)


def test_status_icon_carries_every_tray_size_and_a_hidpi_pixmap(qapp: QGuiApplication) -> None:
    snapshot = StatusSnapshot(
        state=EngineState.FOCUS, pattern_id="p", remaining_seconds=600, total_seconds=1200
    )
    icon = status_icon(snapshot, dark_panel=False)
    available = {(size.width(), size.height()) for size in icon.availableSizes()}
    assert {(s, s) for s in ICON_SIZES} <= available
    hidpi = icon.pixmap(QSize(16, 16), 2.0)
    assert hidpi.devicePixelRatio() == 2.0
    assert (hidpi.width(), hidpi.height()) == (32, 32)
    # The HiDPI pixmap is drawn at 32 px, not a blown-up 16 px one.
    expected = render_state_icon(EngineState.FOCUS, 0.5, 32, dark_panel=False)
    assert hidpi.toImage().convertToFormat(expected.format()) == expected


def test_panel_brightness_is_read_from_the_application(qapp: QGuiApplication) -> None:
    scheme = qapp.styleHints().colorScheme()
    from PySide6.QtCore import Qt

    if scheme != Qt.ColorScheme.Unknown:
        assert panel_is_dark(qapp) is (scheme == Qt.ColorScheme.Dark)
        return
    original = qapp.palette()
    try:
        dark = QPalette(original)
        dark.setColor(QPalette.ColorRole.Window, QColor("#202124"))
        qapp.setPalette(dark)
        assert panel_is_dark(qapp) is True
        light = QPalette(original)
        light.setColor(QPalette.ColorRole.Window, QColor("#f5f5f5"))
        qapp.setPalette(light)
        assert panel_is_dark(qapp) is False
    finally:
        qapp.setPalette(original)


def test_a_one_colour_glyph_keeps_every_shape_apart(qapp: QGuiApplication) -> None:
    white = QColor("white")
    shapes = {
        name: silhouette(render_state_icon(state, progress, 64, dark_panel=True, ink=white))
        for name, (state, progress) in STATES.items()
    }
    for first, second in itertools.combinations(shapes, 2):
        differing = sum(a != b for a, b in zip(shapes[first], shapes[second], strict=True))
        assert differing / 64**2 >= 0.04, f"{first} and {second} share a shape in one colour"
    alarm = render_state_icon(EngineState.ALARM, None, 64, dark_panel=True, ink=white)
    assert alarm.pixelColor(32, 34).alpha() == 0, "the exclamation mark is cut out"


# Rendered in a fresh interpreter: pool threads started by other tests would
# still be alive (Qt retires them after 30 s idle) and hide a new one.
_COUNT_POOL_THREADS_AFTER_RENDERING = """
import os, pathlib
from PySide6.QtGui import QGuiApplication
from focusdesk.core.status import EngineState, StatusSnapshot
from focusdesk.shell.tray.icons import status_icon
app = QGuiApplication([])
for state in (EngineState.FOCUS, EngineState.BUFFER, EngineState.PAUSED):
    for dark_panel in (False, True):
        snapshot = StatusSnapshot(state, "p", remaining_seconds=600, total_seconds=1000)
        status_icon(snapshot, dark_panel=dark_panel)
tasks = pathlib.Path("/proc/self/task").iterdir()
print(sum((t / "comm").read_text().strip() == "Thread (pooled)" for t in tasks))
"""


@pytest.mark.skipif(not Path("/proc/self/task").is_dir(), reason="needs Linux /proc")
def test_drawing_a_block_icon_starts_no_qt_worker_threads() -> None:
    # A translucent fill of 96+ spans makes Qt's raster engine split it over
    # its GUI thread pool; redrawn each minute of a block, that woke the app
    # ~150 times a minute (benchmarks/idle_cpu.py).
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    env.pop("QT_NO_GUI_THREADPOOL", None)
    result = subprocess.run(
        [sys.executable, "-c", _COUNT_POOL_THREADS_AFTER_RENDERING],
        env=env,
        capture_output=True,
        text=True,
        check=True,
        timeout=60,
    )
    assert result.stdout.strip() == "0"
