"""`focusdesk patterns …` as a script or a user would run it."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from focusdesk.cli import main
from focusdesk.core.pattern_loader import BUILTIN_ORDER


def run(*args: str, env_dir: Path | None = None) -> subprocess.CompletedProcess[str]:
    """The real console entry, in a fresh process: exit codes and stderr as a shell sees them."""
    env = {"PATH": "/usr/bin:/bin", "HOME": str(env_dir or Path.cwd())}
    if env_dir is not None:
        env["FOCUSDESK_DATA_DIR"] = str(env_dir)
    return subprocess.run(
        [sys.executable, "-m", "focusdesk", *args],
        capture_output=True,
        text=True,
        env=env,
        check=False,
    )


def test_list_shows_the_six_builtins_and_marks_the_default(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["--data-dir", str(tmp_path), "patterns", "list"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert [line.split()[1] if line.startswith("*") else line.split()[0] for line in lines] == list(
        BUILTIN_ORDER
    )
    assert lines[0].startswith("* boundary-fortress")


def test_show_prints_the_week_plan(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--data-dir", str(tmp_path), "patterns", "show", "boundary-fortress"]) == 0
    out = capsys.readouterr().out
    assert "Mon–Fri hard stop 18:30" in out
    assert "09:30–11:00" in out and "focus" in out
    assert "Sat–Sun protected — no work" in out
    assert "[ ] Write down tomorrow's one big task" in out


def test_show_unknown_id_is_a_usage_error_on_one_line(tmp_path: Path) -> None:
    result = run("patterns", "show", "nope", env_dir=tmp_path)
    assert result.returncode == 2
    assert result.stderr.count("\n") == 1
    assert "no pattern 'nope'" in result.stderr


def test_check_a_good_file(tmp_path: Path) -> None:
    builtin = Path(__file__).resolve().parents[2] / "resources" / "patterns" / "time-weave.toml"
    result = run("patterns", "check", str(builtin), env_dir=tmp_path)
    assert result.returncode == 0, result.stderr
    assert "OK — Time-Weave (time-weave)" in result.stdout


def test_check_a_broken_file_exits_non_zero_with_one_clear_line(tmp_path: Path) -> None:
    broken = tmp_path / "broken.toml"
    broken.write_text(
        'id = "b"\nname = "B"\nmodel = "balance"\n[days.mon]\n'
        'blocks = [{ kind = "nap", start = "10:00", end = "11:00" }]\n',
        encoding="utf-8",
    )
    result = run("patterns", "check", str(broken), env_dir=tmp_path)
    assert result.returncode == 1
    assert result.stdout == ""
    assert result.stderr.count("\n") == 1
    assert str(broken) in result.stderr
    assert "line 5" in result.stderr and "unknown block kind 'nap'" in result.stderr


def test_check_a_missing_file(tmp_path: Path) -> None:
    result = run("patterns", "check", str(tmp_path / "absent.toml"), env_dir=tmp_path)
    assert result.returncode == 1
    assert "cannot read" in result.stderr and "absent.toml" in result.stderr


def test_use_switches_the_active_pattern_in_that_data_dir_only(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    mine, other = tmp_path / "a", tmp_path / "b"
    assert main(["--data-dir", str(mine), "patterns", "use", "caregiver-pro"]) == 0
    assert "Active pattern: Caregiver-Pro" in capsys.readouterr().out
    main(["--data-dir", str(mine), "patterns", "list"])
    assert "* caregiver-pro" in capsys.readouterr().out
    main(["--data-dir", str(other), "patterns", "list"])
    assert "* boundary-fortress" in capsys.readouterr().out


def test_use_reads_the_data_dir_from_the_environment(tmp_path: Path) -> None:
    assert run("patterns", "use", "time-weave", env_dir=tmp_path).returncode == 0
    assert "* time-weave" in run("patterns", "list", env_dir=tmp_path).stdout


def test_use_unknown_pattern_changes_nothing(tmp_path: Path) -> None:
    result = run("patterns", "use", "nope", env_dir=tmp_path)
    assert result.returncode == 2
    assert "no pattern 'nope'" in result.stderr
    assert not (tmp_path / "settings.toml").exists()


def test_user_patterns_are_listed_and_broken_ones_reported(tmp_path: Path) -> None:
    patterns = tmp_path / "patterns"
    patterns.mkdir()
    (patterns / "mine.toml").write_text(
        'id = "mine"\nname = "Mine"\nmodel = "integration"\n', encoding="utf-8"
    )
    (patterns / "bad.toml").write_text('id = "bad"\n', encoding="utf-8")
    out = run("patterns", "list", env_dir=tmp_path).stdout
    assert "mine  " in out and "(integration, yours)" in out
    assert "! " in out and "bad.toml" in out and "missing required field 'name'" in out


@pytest.mark.parametrize("args", [["patterns"], ["patterns", "frobnicate"], ["--no-such-flag"]])
def test_wrong_arguments_exit_2_with_one_line(tmp_path: Path, args: list[str]) -> None:
    result = run(*args, env_dir=tmp_path)
    assert result.returncode == 2
    assert result.stderr.count("\n") == 1
    assert result.stderr.startswith("focusdesk")


def test_check_shows_every_problem_not_just_the_first(tmp_path: Path) -> None:
    broken = tmp_path / "broken.toml"
    broken.write_text(
        'id = "b"\nname = "B"\nmodel = "balance"\n[days.mon]\nhard_stop = "25:00"\n'
        'blocks = [{ kind = "nap", start = "10:00", end = "11:00" }]\n',
        encoding="utf-8",
    )
    result = run("patterns", "check", str(broken), env_dir=tmp_path)
    assert result.returncode == 1
    first, *rest = result.stderr.splitlines()
    assert first == f"focusdesk: {broken}: 2 problems:"
    assert len(rest) == 2
    assert any("hard_stop" in line for line in rest)
    assert any("unknown block kind 'nap'" in line for line in rest)
    assert "more problem" not in result.stderr
