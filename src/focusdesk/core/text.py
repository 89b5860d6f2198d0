"""Text from the edges made storable: invalid UTF-8 and lone surrogates become U+FFFD.

Python hands over command-line bytes that are not UTF-8 as lone surrogates
(`surrogateescape`), JSON can spell a lone surrogate (`"\\ud800"`), and a Qt
widget may pass one through; SQLite then refuses the whole row with a
`UnicodeEncodeError`. Text is cleaned where it enters (argv, the socket) and
once more where it is written, so a strange label never costs a logged block.
"""

from __future__ import annotations

REPLACEMENT = "\ufffd"


def clean_text(text: str) -> str:
    """`text` as valid Unicode: unchanged when it is, else each unreadable part as U+FFFD."""
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        pass
    else:
        return text
    try:
        # Bytes Python escaped (argv, file names): what was UTF-8 reads right again.
        return text.encode("utf-8", "surrogateescape").decode("utf-8", "replace")
    except UnicodeEncodeError:
        return "".join(REPLACEMENT if 0xD800 <= ord(ch) <= 0xDFFF else ch for ch in text)
