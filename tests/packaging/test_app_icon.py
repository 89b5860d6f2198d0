"""The committed icon PNGs are what packaging/render_icons.py makes of the SVG."""

from __future__ import annotations

import importlib.util
from pathlib import Path
from types import ModuleType

import pytest
from packaging_layout import HICOLOR, ICON_SIZES, REPO
from PySide6.QtGui import QImage


def load_render_icons() -> ModuleType:
    spec = importlib.util.spec_from_file_location(
        "render_icons", REPO / "packaging" / "render_icons.py"
    )
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def largest_channel_difference(a: QImage, b: QImage) -> int:
    a = a.convertToFormat(QImage.Format.Format_RGBA8888)
    b = b.convertToFormat(QImage.Format.Format_RGBA8888)
    assert a.size() == b.size()
    return max(abs(x - y) for x, y in zip(a.constBits(), b.constBits(), strict=True))  # type: ignore[call-overload]


@pytest.mark.usefixtures("qapp")
def test_the_committed_pngs_match_a_fresh_render_of_the_svg(tmp_path: Path) -> None:
    render_icons = load_render_icons()

    render_icons.render(render_icons.SOURCE_SVG, tmp_path)

    for size in ICON_SIZES:
        committed = QImage(str(render_icons.png_path(HICOLOR, size)))
        fresh = QImage(str(render_icons.png_path(tmp_path, size)))
        # A little slack for anti-aliasing differences between Qt versions;
        # an edited SVG without re-rendered PNGs differs by far more.
        assert largest_channel_difference(committed, fresh) <= 16, (
            f"{size}px PNG is stale: run .venv/bin/python packaging/render_icons.py"
        )


@pytest.mark.usefixtures("qapp")
def test_the_icon_is_opaque_in_the_middle_and_transparent_in_the_corners() -> None:
    image = QImage(str(HICOLOR / "256x256" / "apps" / "io.github.focusdesk.FocusDesk.png"))

    assert image.pixelColor(128, 128).alpha() == 255
    assert image.pixelColor(0, 0).alpha() == 0
