"""The `focusdesk` command line (SPEC §6).

Exit codes: 0 success, 2 bad usage, 3 the app is not running, 1 any other
error. Every non-zero exit prints exactly one line on stderr. The parser
(`parser.py`) names each command's handler; a command imports only its own
module, and Qt only where it needs it, so every command starts fast.
"""

from __future__ import annotations

import os
import re
import sys
from collections.abc import Sequence

from focusdesk.cli.errors import EXIT_OK, CliError
from focusdesk.cli.parser import Handler, build_parser
from focusdesk.paths import DataPaths

__all__ = ["build_parser", "main"]


def main(argv: Sequence[str] | None = None) -> int:
    # Before anything is written: the log, its backups, exports and runtime
    # files are the user's alone (labels and notes are private).
    os.umask(0o077)
    # The language first: help, usage and argparse's error lines are in it too.
    _use_language_setting(DataPaths.resolve(_data_dir_option(argv)))
    parser = build_parser()
    args = parser.parse_args(argv)
    paths = DataPaths.resolve(args.data_dir)
    handler: Handler = args.handler
    try:
        return handler(args, paths)
    except CliError as error:
        print(f"focusdesk: {error}", file=sys.stderr)
        return error.exit_code
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        # `focusdesk week | head`: the reader went away; not our error.
        return EXIT_OK


def _data_dir_option(argv: Sequence[str] | None) -> str | None:
    """`--data-dir DIR` / `--data-dir=DIR` as given, before argparse reads it (None: not given)."""
    words = list(sys.argv[1:] if argv is None else argv)
    for index, word in enumerate(words):
        if word == "--":
            break
        if word == "--data-dir" and index + 1 < len(words):
            return words[index + 1]
        if word.startswith("--data-dir="):
            return word.split("=", 1)[1]
    return None


def _use_language_setting(paths: DataPaths) -> None:
    """Human-readable output in the `language` setting's language (else the desktop's).

    Only the top-level `language = "xx"` line is looked for: reading the settings
    through the store (tomllib, the pattern limits) would add ≈ 50 ms to every
    command. A value the app would refuse is ignored here too.
    """
    try:
        text = paths.settings_file.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        return
    head = _TABLE.split(text, maxsplit=1)[0]  # top-level keys come before the first [table]
    found = _LANGUAGE_LINE.search(head)
    if found is not None:
        from focusdesk.core.i18n import LANGUAGES, set_language

        if found["code"] in LANGUAGES:
            set_language(found["code"])


_TABLE = re.compile(r"^\s*\[", re.MULTILINE)
_LANGUAGE_LINE = re.compile(
    r"""^\s*language\s*=\s*["'](?P<code>[a-z]*)["']\s*(#.*)?$""", re.MULTILINE
)


if __name__ == "__main__":
    sys.exit(main())
