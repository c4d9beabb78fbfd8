"""SMS encoding and segment count, the way carriers bill them.

GSM-7 holds 160 septets in one message or 153 per part of a long one; an
extension-table character (``€ ^ { } [ ] ~ | \\``) takes two septets and is
never split across parts. Any other character forces UCS-2: 70 UTF-16 code
units, or 67 per part (a surrogate pair is never split either).
"""

from __future__ import annotations

import re

GSM7_BASIC = frozenset(
    "@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !\"#¤%&'()*+,-./0123456789:;<=>?"
    "¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà"
)
GSM7_EXTENSION = frozenset("\f^{}\\[~]|€")
_LIMITS = {"GSM-7": (160, 153), "UCS-2": (70, 67)}
# Scanned in C: a segment count runs for every SMS the send path renders.
_NOT_GSM7 = re.compile("[^" + re.escape("".join(sorted(GSM7_BASIC | GSM7_EXTENSION))) + "]")
_DOUBLE = {"GSM-7": re.compile("[" + re.escape("".join(sorted(GSM7_EXTENSION))) + "]"),
           "UCS-2": re.compile("[\U00010000-\U0010FFFF]")}


def is_gsm7(text: str) -> bool:
    return _NOT_GSM7.search(text) is None


def non_gsm7_chars(text: str) -> list[tuple[int, str]]:
    """(index, char) of every character that forces UCS-2."""
    return [(i, ch) for i, ch in enumerate(text)
            if ch not in GSM7_BASIC and ch not in GSM7_EXTENSION]


def _units(text: str, encoding: str) -> list[int]:
    if encoding == "GSM-7":
        return [2 if ch in GSM7_EXTENSION else 1 for ch in text]
    return [2 if ord(ch) > 0xFFFF else 1 for ch in text]


def _segments(units: list[int], single: int, multi: int) -> int:
    total = sum(units)
    if total <= single:
        return 1 if units else 0
    count, used = 1, 0
    for unit in units:
        if used + unit > multi:
            count, used = count + 1, 0
        used += unit
    return count


def sms_info(text: str) -> dict[str, object]:
    """``{"encoding", "segments", "characters", "units"}`` for an SMS body.

    ``characters`` counts what a person sees; ``units`` counts septets (GSM-7)
    or UTF-16 code units (UCS-2). An empty body is 0 segments.
    """
    encoding = "GSM-7" if is_gsm7(text) else "UCS-2"
    units = _units(text, encoding)
    single, multi = _LIMITS[encoding]
    return {"encoding": encoding, "segments": _segments(units, single, multi),
            "characters": len(text), "units": sum(units)}


def segment_count(text: str) -> int:
    """``sms_info(text)["segments"]``, without building the per-character units
    unless a two-unit character makes the split point matter."""
    encoding = "GSM-7" if is_gsm7(text) else "UCS-2"
    single, multi = _LIMITS[encoding]
    if _DOUBLE[encoding].search(text) is None:
        total = len(text)
        return (1 if total else 0) if total <= single else -(-total // multi)
    return _segments(_units(text, encoding), single, multi)
