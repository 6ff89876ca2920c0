"""Text from the knowledge file or the command line, made safe to show: one line, no control characters."""

from __future__ import annotations

# C0 controls but tab and newline, DEL, C1 controls, the bidirectional overrides that can reorder what a
# terminal shows, and lone surrogates. They are printed as visible escapes, never passed to the terminal.
_UNSAFE = "[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069\ud800-\udfff]"


def _escape(char: str) -> str:
    """\\xNN for a control character, and for a byte that was not UTF-8: Python hands such a byte of the command
    line over as the surrogate U+DC80-U+DCFF, and \\xNN shows the byte itself. \\uNNNN for the rest."""
    code = ord(char)
    if 0xDC80 <= code <= 0xDCFF:
        code -= 0xDC00
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def visible(text: str) -> str:
    """Collapse white space to single spaces and show control characters as \\xNN / \\uNNNN."""
    # The common case, checked in C: printable text has no white space but " " (no tab, newline, NBSP).
    if text.isprintable() and "  " not in text and text[:1] != " " and text[-1:] != " ":
        return text
    text = " ".join(text.split())
    if text.isprintable():
        return text
    import re  # only text with a control character in it pays for the pattern

    return re.sub(_UNSAFE, lambda m: _escape(m[0]), text)
