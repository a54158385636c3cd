#!/usr/bin/env python3
"""Checks that pydicom reads a file re-written by aida's DICOMWriter as it read the original.

    python3 roundtrip_check.py ORIGINAL REWRITTEN [ORIGINAL REWRITTEN ...]
    python3 roundtrip_check.py --expect '(0010,0010)' --expect '(0040,A730)[0].(0040,A010)' ORIG NEW

For each pair, both files are read with pydicom (dcmread, force=False) and compared at every
depth: the same tags in the meta group and the data set, the same VRs, equal values (pydicom's
decoded values; raw bytes where pydicom cannot decode one), the same number of items. The
rewritten file must be Explicit VR Little Endian. One JSON object per pair goes to stdout:
{"original", "rewritten", "ok", "differences": [...], "normalised": [...], "skipped"?}.
Exit 0 when every pair is ok, 1 when one is not, 2 for usage errors or no pydicom.

Normalisations (each one reported in "normalised" when it applies):
- (0002,0000) File Meta Information Group Length: the writer recomputes it; it differs when the
  Transfer Syntax UID's length changed.
- (0002,0010) Transfer Syntax UID: an implicit VR, big endian or deflated original is re-written
  as Explicit VR Little Endian (1.2.840.10008.1.2.1), which the rewritten UID must then say
  (JPIP Referenced Deflate becomes JPIP Referenced); other originals keep their UID.
- OW, OF, OL, OD, OV values of a big endian original: pydicom keeps these as raw bytes in the
  file's byte order, so they are byte-swapped per word before the comparison.
- Group lengths (gggg,0000) in the data set: the writer recomputes them; they change with the
  encoding (implicit VR headers are shorter) and where the original's were wrong (pydicom's
  693_J2KI.dcm). WriterTests checks the written ones against the written bytes.
- An odd-length value in the original (pydicom reads those as they are): the writer pads it
  to even with the VR's padding byte, so the rewritten bytes are the original plus one NUL or
  space; text values compare equal anyway, as pydicom strips that padding.
- An ambiguous VR pydicom left unresolved in an implicit VR original ('US or SS', 'OB or OW',
  'US or SS or OW'): the rewritten file must have one of the alternatives; the values as
  pydicom decoded each must still be equal. (pydicom 3.0.2 resolves all of the corpus's.)

--expect PATH: differences at PATH (or inside it) are expected rather than failures; each
expected path must differ. They are reported in "expected" with both values.
An original without meta group is read with force=True (pydicom refuses it otherwise); the
rewritten file's generated meta group is then only checked for its Transfer Syntax UID. A file
pydicom cannot read even so is reported "skipped"; the rewritten one must be read all the same.
"""

from __future__ import annotations

import argparse
import json
import logging
import sys
import warnings

try:
    import pydicom
    from pydicom.tag import Tag
except ImportError:  # pragma: no cover
    print("roundtrip_check.py: pydicom is not installed", file=sys.stderr)
    sys.exit(2)

EXPLICIT_LE = "1.2.840.10008.1.2.1"
# The syntaxes the writer converts (PS3.5 A.1-A.5); all others keep their UID.
TARGET_TS = {
    "1.2.840.10008.1.2": EXPLICIT_LE,
    "1.2.840.10008.1.2.2": EXPLICIT_LE,
    "1.2.840.10008.1.2.1.99": EXPLICIT_LE,
    "1.2.840.10008.1.2.4.95": "1.2.840.10008.1.2.4.94",  # JPIP Referenced Deflate -> JPIP Referenced
}
SWAP_WIDTH = {"OW": 2, "OF": 4, "OL": 4, "OD": 8, "OV": 8}


def tag_text(tag) -> str:
    tag = Tag(tag)
    return f"({tag.group:04X},{tag.element:04X})"


def swapped(data: bytes, width: int) -> bytes:
    whole = len(data) - len(data) % width
    out = bytearray(data)
    for i in range(0, whole, width):
        out[i : i + width] = data[i : i + width][::-1]
    return bytes(out)


def value_of(elem):
    """pydicom's decoded value, or the raw bytes (tagged) when decoding fails."""
    try:
        return ("value", elem.value)
    except Exception as error:  # a bad value pydicom cannot convert
        return ("undecodable", repr(error))


class Comparison:
    def __init__(self, big_endian_original: bool, expected: list[str]):
        self.big_endian = big_endian_original
        self.expected = expected
        self.differences: list[dict] = []
        self.expected_seen: list[dict] = []
        self.normalised: set[str] = set()

    def differ(self, path: str, kind: str, original, rewritten) -> None:
        entry = {"path": path, "kind": kind, "original": str(original)[:200], "rewritten": str(rewritten)[:200]}
        if any(path == e or path.startswith(e + ".") or path.startswith(e + "[") for e in self.expected):
            self.expected_seen.append(entry)
        else:
            self.differences.append(entry)

    def data_sets(self, original, rewritten, root: str) -> None:
        # An explicit stack: nesting depth costs no Python recursion.
        pending = [(original, rewritten, root)]
        while pending:
            a, b, prefix = pending.pop()
            for tag in sorted(set(a.keys()) | set(b.keys())):
                path = prefix + ("." if prefix else "") + tag_text(tag)
                if tag not in b:
                    self.differ(path, "missing", a[tag].value if tag in a else "", "")
                    continue
                if tag not in a:
                    self.differ(path, "added", "", b[tag].value)
                    continue
                self.element(a[tag], b[tag], path, pending)

    def element(self, a, b, path: str, pending: list) -> None:
        vr_a, vr_b = a.VR, b.VR
        if vr_a != vr_b:
            if " or " in vr_a and vr_b in vr_a.split(" or "):
                self.normalised.add("ambiguous VR resolved")
            else:
                self.differ(path, "vr", vr_a, vr_b)
                return
        if vr_b == "SQ":
            items_a, items_b = a.value, b.value
            if len(items_a) != len(items_b):
                self.differ(path, "items", len(items_a), len(items_b))
                return
            for index, (item_a, item_b) in enumerate(zip(items_a, items_b)):
                pending.append((item_a, item_b, f"{path}[{index}]"))
            return
        if a.tag.element == 0 and a.tag.group != 0x0002:
            if a.value != b.value:
                self.normalised.add("group length recomputed")
            return
        value_a, value_b = value_of(a), value_of(b)
        if self.big_endian and vr_b in SWAP_WIDTH and isinstance(value_a[1], bytes):
            value_a = ("value", swapped(value_a[1], SWAP_WIDTH[vr_b]))
            self.normalised.add("big endian OW/OF/OL/OD/OV bytes swapped")
        if value_a[0] == "undecodable" or value_b[0] == "undecodable":
            # pydicom cannot decode one of them: the bytes must still be the same.
            value_a, value_b = ("raw", raw_bytes(a)), ("raw", raw_bytes(b))
        original, new = value_a[1], value_b[1]
        if isinstance(original, bytes) and isinstance(new, bytes) and len(original) % 2 == 1:
            if new in (original + b"\x00", original + b" "):
                self.normalised.add("odd-length value padded")
                return
        if value_a != value_b:
            self.differ(path, "value", original, new)


def raw_bytes(elem):
    value = elem.__dict__.get("_value")
    return value if isinstance(value, bytes) else repr(value)


def check_pair(original: str, rewritten: str, expected: list[str]) -> dict:
    result = {"original": original, "rewritten": rewritten, "ok": False}
    try:
        new = pydicom.dcmread(rewritten)
        new.file_meta  # noqa: B018
    except Exception as error:
        result["differences"] = [{"path": "", "kind": "unreadable", "original": "", "rewritten": repr(error)}]
        return result
    if new.original_encoding != (False, True):
        result["differences"] = [{"path": "", "kind": "encoding", "original": "", "rewritten": str(new.original_encoding)}]
        return result
    try:
        old, forced = pydicom.dcmread(original), False
    except Exception as error:
        # A bare data set (no preamble, no meta group): pydicom reads it only when forced.
        try:
            old, forced = pydicom.dcmread(original, force=True), True
        except Exception:
            result.update(ok=True, skipped=f"pydicom cannot read the original: {error!r}")
            return result
    comparison = Comparison(old.original_encoding[1] is False, expected)
    old_ts = str(old.file_meta.get("TransferSyntaxUID", "") or "")
    new_ts = str(new.file_meta.get("TransferSyntaxUID", "") or "")
    old_meta, new_meta = old.file_meta.copy(), new.file_meta.copy()
    for meta in (old_meta, new_meta):
        meta.pop(0x00020000, None)
    comparison.normalised.add("(0002,0000) recomputed")
    if forced and not old_ts:
        # The writer made the meta group; it must name the encoding it used.
        comparison.normalised.add("original without meta group (read with force=True); written meta group generated")
        if new_ts != EXPLICIT_LE:
            comparison.differ("(0002,0010)", "value", "", new_ts)
        old_meta = new_meta
    target_ts = TARGET_TS.get(old_ts, old_ts)
    if target_ts != old_ts:
        if new_ts != target_ts:
            comparison.differ("(0002,0010)", "value", old_ts, new_ts)
        comparison.normalised.add(f"(0002,0010) {old_ts} -> {target_ts}")
        old_meta.pop(0x00020010, None)
        new_meta.pop(0x00020010, None)
    comparison.data_sets(old_meta, new_meta, "")
    comparison.data_sets(old, new, "")
    preamble = old.preamble if old.preamble is not None else bytes(128)
    if new.preamble != preamble:
        comparison.differ("preamble", "value", preamble[:16].hex(), (new.preamble or b"")[:16].hex())
    missing = [e for e in expected if not any(d["path"].startswith(e) for d in comparison.expected_seen)]
    for path in missing:
        comparison.differences.append({"path": path, "kind": "expected a difference", "original": "", "rewritten": ""})
    result.update(
        ok=not comparison.differences,
        differences=comparison.differences,
        expected=comparison.expected_seen,
        normalised=sorted(comparison.normalised),
    )
    return result


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--expect", action="append", default=[], help="a tag path expected to differ")
    parser.add_argument("paths", nargs="+", help="ORIGINAL REWRITTEN pairs")
    args = parser.parse_args()
    if len(args.paths) % 2:
        parser.error("paths come in pairs: ORIGINAL REWRITTEN")
    warnings.filterwarnings("ignore")
    logging.getLogger("pydicom").setLevel(logging.CRITICAL)
    all_ok = True
    for index in range(0, len(args.paths), 2):
        result = check_pair(args.paths[index], args.paths[index + 1], args.expect)
        all_ok = all_ok and result["ok"]
        print(json.dumps(result), flush=True)
    return 0 if all_ok else 1


if __name__ == "__main__":
    sys.exit(main())
