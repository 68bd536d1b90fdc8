#!/usr/bin/python3
"""Print the code point ranges where str.isalnum() and str.isdigit() hold.

The output format matches `test_validate --dump`; surrogates are skipped
because they cannot appear in UTF-8 input.
"""
import sys

for name in ("isalnum", "isdigit"):
    print(name)
    method = getattr(str, name)
    start = None
    for cp in range(sys.maxunicode + 2):
        ok = cp <= sys.maxunicode and not 0xD800 <= cp <= 0xDFFF and method(chr(cp))
        if ok and start is None:
            start = cp
        if not ok and start is not None:
            print(f"{start:x} {cp - 1:x}")
            start = None
