#!/usr/bin/env python3
"""For the hand check of Docs/gate.md, "The gate on public test files": every element of a DICOM file as pydicom
reads it, at every depth, with the aida findings at the same tag path beside it.

  python3 Docs/gate-corpus/review.py FINDINGS.json FILE [FILE...]

FINDINGS.json: `aida check --json` output covering the files. Elements a person could
type an identifier into (text, names, dates, UIDs, private, unknown) are printed with
their value; numbers and binary data by VR and length only. Findings whose path pydicom
does not show (file-level, flags on absent elements) are listed at the end.
"""
import json
import sys

import pydicom
from pydicom.dataset import Dataset

SHOWN = {"AE", "AS", "CS", "DA", "DT", "LO", "LT", "PN", "SH", "ST", "TM", "UC", "UI", "UR", "UT"}


def tag_text(tag):
    return "(%04X,%04X)" % (tag.group, tag.element)


def walk(dataset, prefix=""):
    for element in dataset:
        path = (prefix + "." if prefix else "") + tag_text(element.tag)
        yield path, element
        if element.VR == "SQ" and element.value is not None:
            for index, item in enumerate(element.value):
                yield from walk(item, "%s[%d]" % (path, index))


def shown(element):
    vr = element.VR
    if vr == "SQ":
        return "<%d items>" % len(element.value or [])
    private = element.tag.is_private
    if vr in SHOWN or private or vr == "UN":
        value = element.value
        if isinstance(value, bytes):
            text = value[:80].decode("latin-1", "replace")
            return "<%d bytes> %r" % (len(value), text)
        if isinstance(value, (list, pydicom.multival.MultiValue)):
            return "\\".join(str(v) for v in value)[:200]
        return str(value)[:200]
    value = element.value
    try:
        length = len(value)
    except TypeError:
        length = 1
    if isinstance(value, bytes):
        return "<%d bytes>" % len(value)
    return str(value)[:60] if length < 20 else "<%d values>" % length


def main():
    findings = json.load(open(sys.argv[1]))["findings"]
    for path in sys.argv[2:]:
        mine = [f for f in findings if f["file"] == path]
        by_path = {}
        for finding in mine:
            by_path.setdefault(finding["path"], []).append(finding)
        print("=" * 100)
        print(path, "-", len(mine), "findings")
        try:
            dataset = pydicom.dcmread(path, force=True)
        except Exception as error:  # the hand check notes what pydicom says
            print("  pydicom cannot read it:", repr(error)[:200])
            dataset = None
        seen = set()
        if dataset is not None:
            sets = [dataset.file_meta] if getattr(dataset, "file_meta", None) is not None else []
            for part in sets + [dataset]:
                for tag_path, element in walk(part):
                    marks = by_path.get(tag_path, [])
                    seen.add(tag_path)
                    flag = ",".join(sorted({f["rule"] for f in marks})) or "-"
                    name = element.keyword or element.name
                    print("  %-40s %-3s %-34s %-22s %s" % (tag_path, element.VR, name[:34], flag, shown(element)))
        for finding in mine:
            if finding["path"] not in seen:
                print("  [not in dump] %s %s: %s" % (finding["path"] or "(file)", finding["rule"], finding["message"]))


if __name__ == "__main__":
    main()
