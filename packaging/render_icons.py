"""Render the FocusDesk app icon's PNG sizes from its hand-written SVG.

    .venv/bin/python packaging/render_icons.py            # rewrite the PNGs
    .venv/bin/python packaging/render_icons.py --out DIR  # render into DIR instead

The SVG in resources/icons/hicolor/scalable/apps/ is the source of truth; the
PNGs sit next to it in the freedesktop hicolor layout, so installing them is a
plain copy. Rendering uses PySide6's QtSvg offscreen: no extra tools needed.
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

APP_ID = "io.github.focusdesk.FocusDesk"
SIZES = (16, 24, 32, 48, 64, 128, 256)
REPO = Path(__file__).resolve().parent.parent
HICOLOR = REPO / "resources" / "icons" / "hicolor"
SOURCE_SVG = HICOLOR / "scalable" / "apps" / f"{APP_ID}.svg"


def png_path(root: Path, size: int) -> Path:
    """Where the PNG of one size lives under a hicolor-style root."""
    return root / f"{size}x{size}" / "apps" / f"{APP_ID}.png"


def render(svg: Path, root: Path) -> list[Path]:
    """Render `svg` at every size in SIZES into `root`; return the files written."""
    # Qt is imported here so that `png_path` and the constants stay importable
    # by tests without a QGuiApplication.
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtCore import Qt
    from PySide6.QtGui import QGuiApplication, QImage, QPainter
    from PySide6.QtSvg import QSvgRenderer

    app = QGuiApplication.instance() or QGuiApplication([])  # noqa: F841 - keeps Qt alive
    renderer = QSvgRenderer(str(svg))
    if not renderer.isValid():
        raise SystemExit(f"render_icons: {svg} is not a valid SVG")
    written = []
    for size in SIZES:
        image = QImage(size, size, QImage.Format.Format_ARGB32_Premultiplied)
        image.fill(Qt.GlobalColor.transparent)
        painter = QPainter(image)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform)
        renderer.render(painter)
        painter.end()
        target = png_path(root, size)
        target.parent.mkdir(parents=True, exist_ok=True)
        if not image.convertToFormat(QImage.Format.Format_ARGB32).save(str(target), "PNG"):
            raise SystemExit(f"render_icons: could not write {target}")
        written.append(target)
    return written


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=HICOLOR, help="hicolor-style output root")
    args = parser.parse_args(argv)
    for path in render(SOURCE_SVG, args.out):
        print(path)
    return 0


if __name__ == "__main__":
    sys.exit(main())
