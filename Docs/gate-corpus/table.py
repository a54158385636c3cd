#!/usr/bin/env python3
"""Docs/gate.md, its last section: `aida check` on pydicom's test files, pydicom-data and deid-data,
one row per file, beside what pydicom's dump shows and the hand-check verdict.

    python3 Docs/gate-corpus/table.py AIDA

Rewrites Docs/gate.md from the line MARKER on (the end of the page); the text above it is written by hand.

AIDA: the aida executable. Each corpus folder is checked with `aida check --json --no-cache`
and the default profile; the "carries" column is a summary of pydicom's reading of the file
(names, identifiers, institution, dates, private elements, de-identification flag); the
verdict column is the hand check, from Docs/gate-corpus/notes.tsv (corpus, file pattern,
verdict, and optionally what the file carries where pydicom cannot say: a file that is not
DICOM; the first pattern that matches a file wins). A file without a note is an error: every
row is checked by hand.
"""

import collections
import fnmatch
import json
import subprocess
import sys
import warnings
from pathlib import Path

import pydicom

HERE = Path(__file__).resolve().parent
SITE = Path(pydicom.__file__).resolve().parent.parent
CORPORA = [
    ("pydicom", f"pydicom {pydicom.__version__}, `pydicom/data/test_files`", SITE / "pydicom/data/test_files"),
    ("pydicom-data", "pydicom-data 1.0.0, `data_store/data`", SITE / "data_store/data"),
    ("deid-data", "deid-data 0.0.20, `deid_data/data`", SITE / "deid_data/data"),
]
PAGE = HERE.parent / "gate.md"
MARKER = "<!-- Generated below by Docs/gate-corpus/table.py; the verdicts are Docs/gate-corpus/notes.tsv. -->"
RULES = ["table-e1-1", "private-element", "forbidden", "name", "identifier", "personnummer", "hsa-id", "phone",
         "email", "deidentification-flag", "date-not-shifted", "denied-sop-class", "burned-in-annotation",
         "image-type", "uniform-image", "unreadable", "unknown-file-type", "archive"]
SHORT = {"table-e1-1": "table", "private-element": "private", "deidentification-flag": "flags",
         "date-not-shifted": "dates", "denied-sop-class": "sop-class", "burned-in-annotation": "burned-in"}
IDS = {"PatientID", "OtherPatientIDs", "AccessionNumber", "StudyID", "IssuerOfPatientID", "AdmissionID",
       "RequestedProcedureID", "ScheduledProcedureStepID", "PerformedProcedureStepID", "ClinicalTrialSeriesID"}
PLACES = {"InstitutionName", "InstitutionAddress", "InstitutionalDepartmentName", "PatientAddress",
          "CurrentPatientLocation", "RequestingService", "ClinicalTrialCoordinatingCenterName"}


def notes():
    rows = []
    for line in (HERE / "notes.tsv").read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.startswith("#"):
            fields = line.split("\t")
            rows.append((fields[0], fields[1], fields[2], fields[3] if len(fields) > 3 else None))
    return rows


def walk(dataset):
    for element in dataset:
        yield element
        if element.VR == "SQ" and element.value is not None:
            for item in element.value:
                yield from walk(item)


def carries(path):
    """What pydicom's dump shows, in a few words."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        try:
            dataset = pydicom.dcmread(str(path), force=True, stop_before_pixels=True)
            elements = list(walk(dataset))
        except Exception as error:  # noqa: BLE001 - what pydicom says is the summary
            return f"pydicom: {type(error).__name__}"
    names, ids, places, dates, private, flag = [], set(), set(), 0, 0, None
    for element in elements:
        if element.tag.is_private:
            private += 0 if element.tag.is_private_creator else 1
            continue
        value = element.value
        if value in (None, "", b"") or (isinstance(value, (list, tuple)) and not any(value)):
            continue
        keyword = element.keyword
        if element.VR == "PN" and any(c.isalnum() for c in str(value)) and str(value) not in names:
            names.append(str(value))
        elif keyword in IDS:
            ids.add(keyword)
        elif keyword in PLACES:
            places.add(keyword)
        elif element.VR in ("DA", "DT", "TM"):
            dates += 1
        elif keyword == "PatientIdentityRemoved":
            flag = str(value)
    if not elements:
        return "nothing pydicom can read as elements"
    parts = []
    if names:
        shown = ", ".join(f"`{name}`" for name in names[:3])
        parts.append(f"names {shown}" + (f" +{len(names) - 3}" if len(names) > 3 else ""))
    if ids:
        parts.append(f"{len(ids)} ID element{'s' * (len(ids) > 1)}")
    if places:
        parts.append("institution" if any(p.startswith("Institution") for p in places) else "places")
    if dates:
        parts.append(f"{dates} dates/times")
    if private:
        parts.append(f"{private} private")
    if flag:
        parts.append(f"identity removed: {flag}")
    return "; ".join(parts) or "no names, IDs, dates or private elements"


def main(argv):
    if len(argv) != 1:
        print(__doc__.strip(), file=sys.stderr)
        return 2
    aida = argv[0]
    hand = notes()
    out = []
    totals = collections.Counter()
    for corpus, title, root in CORPORA:
        run = subprocess.run([aida, "check", "--json", "--no-cache", str(root)], capture_output=True, text=True)
        report = json.loads(run.stdout)
        by_file = collections.defaultdict(collections.Counter)
        for finding in report["findings"]:
            by_file[finding["file"]][finding["rule"]] += 1
        files = sorted(str(p) for p in root.rglob("*") if p.is_file())
        checked = [f for f in files if f not in report["notChecked"]]
        refused = [f for f in checked if by_file[f]]
        count = sum(sum(c.values()) for c in by_file.values())
        totals.update(files=len(checked), refused=len(refused), findings=count, skipped=len(report["notChecked"]))
        out += [f"#### {corpus}: {title}", "",
                f"{len(checked)} files checked, {len(refused)} refused, {len(checked) - len(refused)} accepted, "
                f"{count} findings; {len(report['notChecked'])} not checked (dataset metadata by name).", "",
                "| file | kind | findings by rule | carries (pydicom) | hand check |", "|---|---|---|---|---|"]
        for path in files:
            relative = str(Path(path).relative_to(root))
            note = next((n for n in hand if n[0] == corpus and fnmatch.fnmatchcase(relative, n[1])), None)
            if note is None:
                raise SystemExit(f"table.py: no hand-check note for {corpus} {relative}")
            verdict, said = note[2], note[3]
            if path in report["notChecked"]:
                kind, rules, what = "not checked", "", "metadata by name"
            else:
                counts = by_file[path]
                kind = "refused" if counts else "accepted"
                rules = ", ".join(f"{SHORT.get(r, r)} {counts[r]}" for r in RULES if counts[r])
                unknown = set(counts) - set(RULES)
                if unknown:
                    raise SystemExit(f"table.py: rules not in RULES: {unknown}")
                what = said or carries(path)
            out.append(f"| `{relative}` | {kind} | {rules} | {what} | {verdict} |")
        out.append("")
    summary = (f"In all: {totals['files']} files checked, {totals['refused']} refused, "
               f"{totals['files'] - totals['refused']} accepted, {totals['findings']} findings; "
               f"{totals['skipped']} not checked.")
    page = PAGE.read_text(encoding="utf-8") if PAGE.exists() else ""
    head = page.split(MARKER)[0].rstrip("\n") + "\n\n" if MARKER in page else page
    PAGE.write_text(head + "\n".join([MARKER, "", summary, ""] + out).rstrip("\n") + "\n", encoding="utf-8")
    print(summary)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
