"""The settings' sound part: which sound each event plays, a test button, and whether sound works."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtWidgets import (
    QComboBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QWidget,
)

from focusdesk.core.i18n import N_, _
from focusdesk.shell.desktop.sound import BUNDLED, ChildSoundPlayer, Sound, SoundPlayer

OWN_FILE = N_("Your own file…")

#: Asks for a WAV file; the chosen path, or "" when cancelled.
FilePicker = Callable[[QWidget], str]


def _pick_wav(parent: QWidget) -> str:
    path, _filter = QFileDialog.getOpenFileName(
        parent, _("Choose a sound"), str(Path.home()), _("WAV sounds (*.wav)")
    )
    return path


class SoundPicker(QComboBox):
    """The bundled sounds of one event, the user's own file if chosen, and "Your own file…"."""

    def __init__(self, sound: Sound, pick_file: FilePicker, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.sound = sound
        self._pick_file = pick_file
        self._previous = 0
        for name in BUNDLED[sound]:
            self.addItem(_(name), name)
        self.addItem(_(OWN_FILE), None)
        self.activated.connect(self._on_activated)

    def set_choice(self, choice: str) -> None:
        """Show `choice` ("" is the first bundled sound; a path shows as its file name)."""
        if not choice:
            self.setCurrentIndex(0)
        elif choice in BUNDLED[self.sound]:
            self.setCurrentIndex(self.findData(choice))
        else:
            self._add_own(choice)
        self._previous = self.currentIndex()

    def choice(self) -> str:
        """The bundled sound's name or the user's file; "" for the default."""
        data = self.currentData()
        if not isinstance(data, str) or self.currentIndex() == 0:
            return ""
        return data

    def _on_activated(self, index: int) -> None:
        if self.itemData(index) is not None:
            self._previous = index
            return
        path = self._pick_file(self)
        if path:
            self._add_own(path)
            self._previous = self.currentIndex()
        else:
            self.setCurrentIndex(self._previous)

    def _add_own(self, path: str) -> None:
        index = self.findData(path)
        if index < 0:
            index = self.count() - 1  # before "Your own file…"
            self.insertItem(index, Path(path).name, path)
            self.setItemData(index, path, role=3)  # the tooltip: the whole path
        self.setCurrentIndex(index)


class SoundPanel(QWidget):
    """Pickers for the hard stop and a block's end, a test button each, and the sound check."""

    def __init__(
        self,
        sound: SoundPlayer | ChildSoundPlayer | None,
        volume: Callable[[], int],
        pick_file: FilePicker = _pick_wav,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self._sound = sound
        self._volume = volume
        form = QFormLayout(self)
        form.setContentsMargins(0, 0, 0, 0)
        self.pickers: dict[Sound, SoundPicker] = {}
        self.test_buttons: dict[Sound, QPushButton] = {}
        for sound_kind, label in (
            (Sound.HARD_STOP, _("Hard stop:")),
            (Sound.BLOCK_END, _("Block end:")),
        ):
            picker = SoundPicker(sound_kind, pick_file)
            button = QPushButton(_("Test sound"))
            button.setEnabled(sound is not None)
            button.clicked.connect(lambda _=False, s=sound_kind: self.test(s))
            row = QHBoxLayout()
            row.addWidget(picker, 1)
            row.addWidget(button)
            form.addRow(label, row)
            self.pickers[sound_kind] = picker
            self.test_buttons[sound_kind] = button
        self.status = QLabel()
        self.status.setWordWrap(True)
        self.result = QLabel()
        self.result.setWordWrap(True)
        form.addRow(_("Sound check:"), self.status)
        form.addRow("", self.result)

    def refresh_status(self) -> None:
        """Ask again where sounds play and what would stop them (the answer may come later)."""
        if self._sound is None:
            self.status.setText(_("Not known here."))
            return
        if not self.status.text():
            self.status.setText(_("Checking…"))
        self._sound.describe(self.status.setText)

    def test(self, sound: Sound) -> None:
        """Play the chosen sound at the slider's volume; show what happened once known."""
        if self._sound is None:
            return
        picker = self.pickers[sound]
        name, volume = picker.currentText(), self._volume()
        self.result.setText(_("Playing “{name}” at {volume} %…").format(name=name, volume=volume))

        def done(problem: str) -> None:
            if problem:
                self.result.setText(
                    _("“{name}” cannot be heard: {problem}.").format(name=name, problem=problem)
                )
            else:
                self.result.setText(
                    _("Played “{name}” at {volume} %.").format(name=name, volume=volume)
                )
            self.refresh_status()

        self._sound.test(sound, picker.choice(), volume, done)
