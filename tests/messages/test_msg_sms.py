"""SMS encoding and segments on known strings."""

from __future__ import annotations

import pytest

from gateway.messages.sms import sms_info


@pytest.mark.parametrize("text,encoding,segments,units", [
    ("", "GSM-7", 0, 0),
    ("a" * 160, "GSM-7", 1, 160),
    ("a" * 161, "GSM-7", 2, 161),
    ("a" * 306, "GSM-7", 2, 306),
    ("a" * 307, "GSM-7", 3, 307),
    ("€" * 80, "GSM-7", 1, 160),          # extension chars count two septets
    ("a" * 159 + "€", "GSM-7", 2, 161),
    ("a" * 158 + "^", "GSM-7", 1, 160),
    ("{}[]~|\\", "GSM-7", 1, 14),
    ("a" * 152 + "€" + "a" * 10, "GSM-7", 2, 164),  # an escape pair is never split
    ("a" * 159 + "中", "UCS-2", 3, 160),   # one Chinese character forces UCS-2
    ("中" * 70, "UCS-2", 1, 70),
    ("中" * 71, "UCS-2", 2, 71),
    ("中" * 134, "UCS-2", 2, 134),
    ("中" * 135, "UCS-2", 3, 135),
    ("It’s fixed", "UCS-2", 1, 10),       # a curly apostrophe is not GSM-7
    ("😀" * 35, "UCS-2", 1, 70),           # emoji take two UTF-16 code units
    ("😀" * 36, "UCS-2", 2, 72),
])
def test_known_strings(text, encoding, segments, units):
    info = sms_info(text)
    assert (info["encoding"], info["segments"], info["units"]) == (encoding, segments, units)
    assert info["characters"] == len(text)
