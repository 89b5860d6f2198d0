"""Do not disturb during focus: GNOME's banner setting (restored, even after a crash),
KDE's inhibition (held on a connection of its own), and a plain "not here" elsewhere."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from focusdesk.shell.desktop.do_not_disturb import (
    RESTORE_FILE,
    GnomeBanners,
    KdeInhibition,
    NoDoNotDisturb,
    do_not_disturb_for_desktop,
    restore_after_crash,
)


class FakeGsettings:
    def __init__(self, value: str = "true", fail_set: bool = False) -> None:
        self.value = value
        self.fail_set = fail_set
        self.calls: list[list[str]] = []

    def __call__(self, argv: list[str]) -> str | None:
        self.calls.append(argv)
        assert argv[2:4] == ["org.gnome.desktop.notifications", "show-banners"]
        if argv[1] == "get":
            return self.value + "\n"
        if self.fail_set:
            return None
        self.value = argv[4]
        return ""


class FakeBus:
    def __init__(self) -> None:
        self.calls: list[tuple[str, tuple[Any, ...]]] = []
        self.closed = False

    def call(self, member: str, signature: str, body: tuple[Any, ...]) -> tuple[Any, ...]:
        self.calls.append((member, body))
        return (7,) if member == "Inhibit" else ()

    def close(self) -> None:
        self.closed = True


def test_gnome_banners_go_off_during_focus_and_come_back_as_they_were(tmp_path: Path) -> None:
    gsettings = FakeGsettings("true")
    dnd = GnomeBanners(tmp_path / RESTORE_FILE, "gsettings", gsettings)
    dnd.engage()
    assert gsettings.value == "false"
    assert json.loads((tmp_path / RESTORE_FILE).read_text()) == {"gnome_show_banners": "true"}
    dnd.engage()  # a second engage keeps the user's value, not ours
    assert json.loads((tmp_path / RESTORE_FILE).read_text()) == {"gnome_show_banners": "true"}
    dnd.release()
    assert gsettings.value == "true"
    assert not (tmp_path / RESTORE_FILE).exists()


def test_a_user_who_had_banners_off_keeps_them_off(tmp_path: Path) -> None:
    gsettings = FakeGsettings("false")
    dnd = GnomeBanners(tmp_path / RESTORE_FILE, "gsettings", gsettings)
    dnd.engage()
    dnd.release()
    assert gsettings.value == "false"


def test_after_a_crash_mid_block_the_next_start_restores_the_setting(tmp_path: Path) -> None:
    gsettings = FakeGsettings("true")
    GnomeBanners(tmp_path / RESTORE_FILE, "gsettings", gsettings).engage()
    assert gsettings.value == "false"  # ... and FocusDesk dies here
    restore_after_crash(tmp_path, which=lambda _name: "gsettings", run=gsettings)
    assert gsettings.value == "true"
    assert not (tmp_path / RESTORE_FILE).exists()


def test_a_failed_change_leaves_no_restore_file(tmp_path: Path) -> None:
    dnd = GnomeBanners(tmp_path / RESTORE_FILE, "gsettings", FakeGsettings(fail_set=True))
    dnd.engage()
    assert not (tmp_path / RESTORE_FILE).exists()


def test_kde_inhibits_on_its_own_connection_and_closes_it_on_release() -> None:
    buses: list[FakeBus] = []

    def open_bus() -> FakeBus:
        buses.append(FakeBus())
        return buses[-1]

    dnd = KdeInhibition(open_bus)
    dnd.engage()
    dnd.engage()
    assert len(buses) == 1
    assert buses[0].calls == [("Inhibit", ("io.github.focusdesk.FocusDesk", "Focus block", {}))]
    dnd.release()
    assert buses[0].calls[-1] == ("UnInhibit", (7,)) and buses[0].closed


def test_the_desktop_decides_and_elsewhere_it_says_it_is_not_available(tmp_path: Path) -> None:
    def pick(desktop: str, gsettings: str | None = "/usr/bin/gsettings") -> Any:
        return do_not_disturb_for_desktop(
            tmp_path, FakeBus, {"XDG_CURRENT_DESKTOP": desktop}, lambda _n: gsettings
        )

    assert isinstance(pick("ubuntu:GNOME"), GnomeBanners)
    assert isinstance(pick("KDE"), KdeInhibition)
    other = pick("XFCE")
    assert isinstance(other, NoDoNotDisturb)
    assert other.unavailable_reason() == "not available on XFCE (GNOME and KDE Plasma only)"
    assert pick("GNOME", gsettings=None).unavailable_reason() == (
        "GNOME's gsettings command is not installed"
    )
