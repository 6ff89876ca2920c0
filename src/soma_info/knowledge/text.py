"""Text from the knowledge file or the command line, made safe to show: one line, no control characters."""

from __future__ import annotations

# C0 controls but tab and newline, DEL, C1 controls, and the bidirectional overrides that can reorder
# what a terminal shows. They are printed as visible escapes, never passed to the terminal.
_UNSAFE = "[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]"


def visible(text: str) -> str:
    """Collapse white space to single spaces and show control characters as \\xNN / \\uNNNN."""
    # The common case, checked in C: printable text has no white space but " " (no tab, newline, NBSP).
    if text.isprintable() and "  " not in text and text[:1] != " " and text[-1:] != " ":
        return text
    text = " ".join(text.split())
    if text.isprintable():
        return text
    import re  # only text with a control character in it pays for the pattern

    return re.sub(_UNSAFE, lambda m: f"\\x{ord(m[0]):02x}" if ord(m[0]) < 0x100 else f"\\u{ord(m[0]):04x}", text)
