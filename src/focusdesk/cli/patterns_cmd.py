"""Placeholder: filled in by its owner (see /work/team/PROTOCOL.md)."""

from __future__ import annotations

import argparse


def register(commands: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    pass
