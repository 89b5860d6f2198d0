"""About and help, from the tray menu: the version, where FocusDesk keeps its
files (data folder, log file, settings, your patterns) and where the docs are.

Every path can be opened or copied; links open in the desktop's own handler
(FocusDesk itself never goes on the network).
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import Qt, QUrl
from PySide6.QtGui import QDesktopServices, QGuiApplication
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QGridLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from focusdesk.core.i18n import _

#: The project's home, as the desktop metadata (metainfo.xml) names it.
HOMEPAGE = "https://github.com/focusdesk/focusdesk"
DOCS_URL = f"{HOMEPAGE}#readme"

UrlOpener = Callable[[QUrl], object]


def local_readme(package_dir: Path) -> Path | None:
    """The README of a source checkout (an editable install), if there is one."""
    candidate = package_dir.parent.parent / "README.md"
    return candidate if candidate.is_file() else None


class AboutDialog(QDialog):
    """Version, files and docs; `open_url` is the desktop's opener (injected for tests)."""

    def __init__(
        self,
        version: str,
        files: list[tuple[str, Path]],
        readme: Path | None = None,
        *,
        open_url: UrlOpener = QDesktopServices.openUrl,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(_("About FocusDesk"))
        self.setObjectName("about")
        self._open_url = open_url

        title = QLabel(f"<b>FocusDesk {version}</b>")
        font = title.font()
        font.setPointSizeF(font.pointSizeF() * 1.3)
        title.setFont(font)
        blurb = QLabel(
            _(
                "Focus blocks, buffers, a hard stop and a boundary signal, laid out by your "
                "day pattern. Everything stays on this computer."
            )
        )
        blurb.setWordWrap(True)

        grid = QGridLayout()
        self.path_labels: dict[str, QLabel] = {}
        self.open_buttons: dict[str, QPushButton] = {}
        for row, (name, path) in enumerate(files):
            grid.addWidget(QLabel(_("{name}:").format(name=name)), row, 0)
            shown = QLabel(str(path))
            shown.setWordWrap(True)
            shown.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
            grid.addWidget(shown, row, 1)
            button = QPushButton(_("Open"))
            button.setEnabled(path.exists())
            button.setToolTip(
                _("Open {path}").format(path=path)
                if path.exists()
                else _("{path} does not exist yet").format(path=path)
            )
            button.clicked.connect(
                lambda _=False, p=path: self._open_url(QUrl.fromLocalFile(str(p)))
            )
            grid.addWidget(button, row, 2)
            copy = QPushButton(_("Copy"))
            copy.setToolTip(_("Copy the path"))
            copy.clicked.connect(lambda _=False, p=path: _copy(str(p)))
            grid.addWidget(copy, row, 3)
            self.path_labels[name] = shown
            self.open_buttons[name] = button
        grid.setColumnStretch(1, 1)

        online = _("Documentation (README, online)")
        links = [f'<a href="{DOCS_URL}">{online}</a>']
        if readme is not None:
            local = QUrl.fromLocalFile(str(readme)).toString()
            here = _("README on this computer")
            links.insert(0, f'<a href="{local}">{here}</a>')

        commands = (
            "<code>focusdesk --help</code>, <code>focusdesk status</code>, "
            "<code>focusdesk week</code>"
        )
        self.docs = QLabel(
            " · ".join(links) + "<br>" + _("Command line: {commands}").format(commands=commands)
        )

        self.docs.setWordWrap(True)
        self.docs.setOpenExternalLinks(False)
        self.docs.linkActivated.connect(lambda link: self._open_url(QUrl(link)))

        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)

        layout = QVBoxLayout(self)
        layout.addWidget(title)
        layout.addWidget(blurb)
        layout.addLayout(grid)
        layout.addWidget(self.docs)
        layout.addWidget(buttons)
        self.setMinimumWidth(560)


def _copy(text: str) -> None:
    clipboard = QGuiApplication.clipboard()
    if clipboard is not None:
        clipboard.setText(text)
