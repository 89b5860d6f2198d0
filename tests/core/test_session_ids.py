"""Session ids: random version-4 UUIDs as 32 hex digits (made without the uuid module)."""

from __future__ import annotations

import subprocess
import sys
import uuid

from focusdesk.core.sessions import new_session_id


def test_a_session_id_is_a_version_4_uuid_in_hex() -> None:
    ids = [new_session_id() for _ in range(200)]
    assert len(set(ids)) == 200
    for text in ids:
        parsed = uuid.UUID(hex=text)
        assert parsed.hex == text and len(text) == 32
        assert parsed.version == 4 and parsed.variant == uuid.RFC_4122


def test_making_one_imports_neither_uuid_nor_platform() -> None:
    script = (
        "import sys; from focusdesk.core.sessions import new_session_id; new_session_id();"
        "print([m for m in ('uuid', 'platform', '_uuid') if m in sys.modules])"
    )
    done = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, check=True, timeout=60
    )
    assert done.stdout.strip() == "[]"
