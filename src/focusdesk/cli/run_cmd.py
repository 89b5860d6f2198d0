"""Placeholder: filled in by its owner (see /work/team/PROTOCOL.md)."""

from __future__ import annotations

import argparse


def register(commands: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    pass


def run_app(args: argparse.Namespace, paths: object) -> int:
    raise SystemExit("focusdesk: the tray app is not built yet")
