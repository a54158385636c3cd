#!/usr/bin/env python3
"""Run deid and dicognito with their default settings on gen_dataset.py's identified set,
find with an independent pydicom oracle what each left behind, and check that `aida check`
reports every element that leaked (issue 4, Must show; the result is Docs/gate-peers.md).

Steps: generate the identified set; run dicognito's CLI (`python -m dicognito
--output-directory OUT IN`) and deid's documented API with its default recipe
(`get_identifiers` then `replace_identifiers(files, ids=...)`, no recipe: deid.dicom); walk
every element at every depth (file meta and private groups included) of every input file and
list the identifying values the generator wrote; pair each output file with its input by the
SHA-256 of its pixel data (both peers leave pixels alone); list what survived in the output
(the same element unchanged, an input value found in any element, an original UID, or a
personnummer, HSA-id, phone number or e-mail address in any text); run `aida check --json`
on each peer's output and match its findings to the oracle's leaks by file and tag path.
The oracle shares no code with aida. Values are printed masked (first character + ***).

    pip install deid dicognito pydicom numpy
    python3 Tests/Peers/compare_deidentifiers.py --aida .build/debug/aida --out /tmp/peers \
        --report Docs/gate-peers.md

Exit status: 0 when aida reports every leak (apart from what the profile's options keep on
purpose), 1 when it misses one, 2 on a broken setup.
"""
from __future__ import annotations

import argparse, collections, datetime, hashlib, importlib.metadata, json, os, re, shutil
import subprocess, sys, tempfile
from pathlib import Path

import pydicom

REPO = Path(__file__).resolve().parents[2]
ORG_ROOT = "1.2.752.24.7."                      # gen_dataset.py's organisation root
TEXT_VRS = {"AE", "CS", "LO", "LT", "PN", "SH", "ST", "UC", "UN", "UR", "UT"}
VALUE_VRS = TEXT_VRS | {"AS", "DA", "DS", "DT", "IS", "TM", "UI"}
PATIENT_IDS = {"PatientID", "OtherPatientIDs", "OtherPatientIDsSequence", "IssuerOfPatientID"}
REQUEST_IDS = {"AccessionNumber", "StudyID", "RequestedProcedureID", "ScheduledProcedureStepID",
               "PerformedProcedureStepID", "PlacerOrderNumberImagingServiceRequest",
               "FillerOrderNumberImagingServiceRequest"}
DEVICE = {"StationName", "DeviceSerialNumber"}   # K under Retain Device Identity
PNR = re.compile(r"(?<![\d.])(?:19|20)?(\d{2})(\d{2})(\d{2})[-+]?(\d{4})(?![\d.])")
HSA = re.compile(r"SE\d{10}-[A-Za-z0-9]+")
PHONE = re.compile(r"(?<![\d+])(?:\+46[\s-]?|0)[1-9]\d{0,2}[\s-]+\d{2,3}(?:[\s-]?\d{2,4}){1,2}(?!\d)")
EMAIL = re.compile(r"[\w.+-]+@[\w-]+\.[\w.-]+")
DEID_RUN = r"""
import os, sys
from deid.dicom import get_identifiers, replace_identifiers
src, dst = sys.argv[1], sys.argv[2]
for folder, _, names in sorted(os.walk(src)):
    files = sorted(os.path.join(folder, n) for n in names)
    if files:
        out = os.path.join(dst, os.path.relpath(folder, src))
        os.makedirs(out, exist_ok=True)
        ids = get_identifiers(files)
        replace_identifiers(files, ids=ids, save=True, output_folder=out)
"""


def mask(s: str) -> str:
    return (s[:1] + "***") if s else ""


def luhn_ok(ten: str) -> bool:
    total = 0
    for i, ch in enumerate(ten):
        d = int(ch) * (2 if i % 2 == 0 else 1)
        total += d - 9 if d > 9 else d
    return total % 10 == 0


def patterns(text: str):
    """(start, end, category) of every personnummer, HSA-id, phone number, e-mail address."""
    for m in PNR.finditer(text):
        yy, mm, dd, tail = m.groups()
        if 1 <= int(mm) <= 12 and (1 <= int(dd) <= 31 or 61 <= int(dd) <= 91) and luhn_ok(yy + mm + dd + tail):
            yield m.start(), m.end(), "personnummer"
    for rx, cat in ((HSA, "HSA-id"), (PHONE, "phone"), (EMAIL, "e-mail")):
        for m in rx.finditer(text):
            yield m.start(), m.end(), cat


def text_of(elem) -> str:
    if elem.VR not in VALUE_VRS or elem.value is None or elem.tag == 0x7FE00010:
        return ""
    v = elem.value
    if isinstance(v, bytes):
        return v.decode("latin-1", "replace").strip("\x00 ")
    if isinstance(v, (list, pydicom.multival.MultiValue)):
        return "\\".join(str(x) for x in v)
    return str(v)


def walk(ds, prefix=""):
    """(tag path, keyword, element) of every element at every depth."""
    for elem in ds:
        path = f"{prefix}({elem.tag.group:04X},{elem.tag.element:04X})"
        kw = elem.keyword
        if elem.tag.is_private:
            creator = ds.get((elem.tag.group, elem.tag.element >> 8))
            kw = "PrivateCreator" if elem.tag.element < 0x100 else f"private ({creator.value if creator else '?'})"
        yield path, kw, elem
        if elem.VR == "SQ":
            for i, item in enumerate(elem.value or []):
                yield from walk(item, f"{path}[{i}].")


def walk_file(ds):
    yield from walk(ds.file_meta)
    yield from walk(ds)


def pixel_key(ds) -> str:
    return hashlib.sha256(ds.PixelData).hexdigest()


def category(kw: str, elem) -> str | None:
    v = text_of(elem)
    if not v:
        return None
    if elem.VR == "PN":
        return "patient name" if kw.startswith("Patient") else "staff name"
    if elem.VR == "UI":
        return "original UID" if ORG_ROOT in v else None
    if elem.VR in ("DA", "DT"):
        return "birth date" if kw == "PatientBirthDate" else "exact date"
    if elem.VR == "TM":
        return "exact time"
    if kw in PATIENT_IDS:
        return "patient ID"
    if kw in REQUEST_IDS:
        return "request/study ID"
    if kw.startswith("Institution") and "Address" not in kw:
        return "institution"
    if "Address" in kw:
        return "address"
    if kw in DEVICE:
        return "device"
    return None


def inventory(ds):
    """Identifying items of one input file: [(path, keyword, category, value)] and needles."""
    items, needles = [], {}
    names = [text_of(e) for _, _, e in walk_file(ds) if e.VR == "PN" and text_of(e)]
    for path, kw, elem in walk_file(ds):
        cat, v = category(kw, elem), text_of(elem)
        if cat:
            items.append((path, kw, cat, v))
            if len(v) >= 8 and cat not in ("exact time", "device"):
                needles[v] = cat
        if elem.VR in TEXT_VRS and v:
            for s, e, pcat in patterns(v):
                items.append((path, kw, pcat, v[s:e]))
                needles[v[s:e]] = pcat
    forms = {}
    for name in names:
        parts = [p for p in name.split("^") if p]
        cat = "patient name" if name == str(ds.get("PatientName", "")) else "staff name"
        for form in {"^".join(parts), " ".join(parts), " ".join(reversed(parts[:2]))}:
            if len(form) >= 6:
                needles[form] = forms[form] = cat
    for path, kw, elem in walk_file(ds):                 # a name written into another element
        v = text_of(elem)
        if elem.VR in TEXT_VRS - {"PN"} and v:
            items += [(path, kw, cat, f) for f, cat in forms.items() if f.lower() in v.lower()]
    for d in [v for v, c in needles.items() if c in ("birth date", "exact date")]:
        if len(d) >= 8:
            needles[f"{d[:4]}-{d[4:6]}-{d[6:8]}"] = needles[d]
    return items, needles


def find_needles(text: str, needles: dict, vr: str):
    low = text.lower()
    for n, cat in needles.items():
        if vr == "UI" and cat != "original UID":
            continue                                     # a date inside a random UID is chance
        start = low.find(n.lower())
        while start >= 0:
            end = start + len(n)
            before, after = low[start - 1:start], low[end:end + 1]
            if not (before.isalnum() or after.isalnum()):
                yield start, end, cat
            start = low.find(n.lower(), start + 1)


def scan_output(out_ds, in_items, needles):
    """Leaks in one output file: {path: (keyword, {category}, {masked})}."""
    leaks = {}
    values = {p: text_of(e) for p, _, e in walk_file(out_ds)}
    for path, kw, cat, v in in_items:                   # the same element, unchanged
        if path in values and v and v == values[path] and cat not in ("personnummer", "HSA-id", "phone", "e-mail"):
            leaks.setdefault(path, (kw, set(), set()))[1].add(cat)
            leaks[path][2].add(mask(v))
    for path, kw, elem in walk_file(out_ds):           # any input value, anywhere; patterns; root
        v = text_of(elem)
        if not v:
            continue
        spans = list(find_needles(v, needles, elem.VR))
        if elem.VR in TEXT_VRS:
            spans += list(patterns(v))
        if elem.VR == "UI" and ORG_ROOT in v:
            spans.append((v.index(ORG_ROOT), len(v), "original UID"))
        spans = [s for s in spans if not any(o[0] <= s[0] and s[1] <= o[1] and (o[1] - o[0]) > (s[1] - s[0]) for o in spans)]
        for s, e, cat in spans:
            leaks.setdefault(path, (kw, set(), set()))[1].add(cat)
            leaks[path][2].add(mask(v[s:e]))
    return leaks


def run(cmd, **kw):
    return subprocess.run(cmd, capture_output=True, text=True, **kw)


def dicom_files(root: Path):
    return sorted(p for p in root.rglob("*") if p.is_file())


def outcome(path, v, out_values, leaks) -> str:
    """What a peer did with one identifying input value at its tag path."""
    if path not in out_values:
        return "removed"
    if v and (v == out_values[path] or len(v) >= 6 and v.lower() in out_values[path].lower()):
        return "leaked"
    if not out_values[path]:
        return "emptied"
    return "leaked (other value)" if path in leaks else "replaced"


def peer_notes(bin_dir: Path, identified: Path, work: Path) -> dict:
    """What the peers' own command-line entry points do with this set (facts for the report)."""
    notes = {}
    if (bin_dir / "dicognito").exists():
        r = run([str(bin_dir / "dicognito"), "--version"])
        notes["dicognito"] = (f"the `dicognito` script its README documents exits {r.returncode}"
                              + (f" (`{r.stderr.strip().splitlines()[-1]}`), so it is run as `python -m dicognito`, "
                                 "which calls the same `main` with the arguments" if r.returncode else "")
                              + "; without `--seed` it draws its replacement values and its date offset at random on "
                              "each run, so those (and a `name` finding where a drawn name happens to share a given "
                              "name with the real one) differ between runs, the leaks do not")
    if (bin_dir / "deid").exists():
        cli = work / "deid-cli"
        shutil.rmtree(cli, ignore_errors=True)
        cli.mkdir(parents=True)
        r = run([str(bin_dir / "deid"), "--outfolder", str(cli), "identifiers", "--action", "all", "--input", str(identified)])
        notes["deid"] = (f"`deid --outfolder OUT identifiers --action all --input IN` (the same two calls, one "
                         f"output folder) exits {r.returncode} and writes {len(dicom_files(cli))} of "
                         f"{len(dicom_files(identified))} files: it names each output by its input's base name "
                         f"and skips a name already written ({(r.stdout + r.stderr).count('already exists')} "
                         "`already exists` errors), so the API is called once per folder instead")
    return notes


def aida_check(aida: str, folder: Path, profile: Path | None = None):
    r = run([aida, "check", "--json", str(folder)] + (["--profile", str(profile)] if profile else []))
    if r.returncode not in (0, 1):
        sys.exit(f"aida check failed ({r.returncode}): {r.stderr.strip()}")
    findings = collections.defaultdict(list)
    report = json.loads(r.stdout)
    for f in report["findings"]:
        findings[os.path.realpath(f["file"])].append(f)
    return r.returncode, report, findings


def covering(fs, path: str):
    """The findings of one file at this tag path, at a sequence holding it, or on the whole file."""
    return [f for f in fs if (f.get("path") or "") in ("", path) or path.startswith(f["path"] + "[")]


def run_peer(name, cmd, identified, out, inputs, needles, aida):
    shutil.rmtree(out, ignore_errors=True)
    r = run([c.replace("{out}", str(out)).replace("{in}", str(identified)) for c in cmd])
    if r.returncode:
        sys.exit(f"{name} failed ({r.returncode}): {r.stderr.strip()[-2000:]}")
    rc, report, findings = aida_check(aida, out)
    leaks, outcomes, matched = [], collections.defaultdict(collections.Counter), set()
    outs = dicom_files(out)
    pairs, shifts, added = collections.defaultdict(set), collections.defaultdict(set), collections.Counter()
    for of in outs:
        ods = pydicom.dcmread(of)
        _, ids, items, _ = inputs[pixel_key(ods)]
        found = scan_output(ods, items, needles)
        out_values = {p: text_of(e) for p, _, e in walk_file(ods)}
        in_paths = {p for p, _, _ in walk_file(ids)}
        added.update((p, kw, text_of(e)[:24]) for p, kw, e in walk_file(ods) if p not in in_paths)
        for path, kw, cat, v in items:
            what = outcome(path, v, out_values, found)
            outcomes[(path, kw, cat)][what] += 1
            if what == "replaced":
                pairs[(path, kw)].add((v, out_values[path]))
                if kw == "AcquisitionDateTime":                  # DT: the shift to the second
                    t = lambda x: datetime.datetime.strptime(x[:14], "%Y%m%d%H%M%S")
                    shifts[str(ids.PatientID)].add(t(out_values[path]) - t(v))
        key = os.path.realpath(of)
        for path, (kw, cats, masked) in sorted(found.items()):
            hits = covering(findings.get(key, []), path)
            matched |= {id(f) for f in hits}
            leaks.append(dict(file=of.relative_to(out).as_posix(), path=path, keyword=kw, categories=sorted(cats),
                              masked=sorted(masked), aida=sorted({f["rule"] for f in hits})))
    other = collections.Counter((f.get("path") or "", f["rule"], f["message"])
                                for fs in findings.values() for f in fs if id(f) not in matched)
    consistent = {k: len({a for a, _ in v}) == len({b for _, b in v}) == len(v) for k, v in pairs.items()}
    return dict(files=len(outs), leaks=leaks, outcomes=outcomes, rc=rc, report=report, other=other,
                consistent=consistent, shifts=shifts, added=added)


def kept_private_profile(aida: str, leaks, work: Path):
    """The default profile with every leaked top-level private element listed as kept."""
    keep = sorted({(l["keyword"][9:-1], int(l["path"][1:5], 16), int(l["path"][6:10], 16) & 0xFF)
                   for l in leaks if l["keyword"].startswith("private (") and "[" not in l["path"]})
    text = run([aida, "profile", "default"]).stdout
    if not keep or "private-elements: []" not in text:
        return None, keep
    lines = "".join(f"\n  - creator: \"{c}\"\n    group: 0x{g:04X}\n    element: 0x{e:02X}\n"
                    "    reason: kept to probe the free-text checks" for c, g, e in keep)
    path = work / "profile-private-kept.yaml"
    path.write_text(text.replace("private-elements: []", "private-elements:" + lines))
    return path, keep


def rows_of(leaks):
    rows = collections.OrderedDict()
    for l in sorted(leaks, key=lambda l: l["path"]):
        r = rows.setdefault((l["path"], l["keyword"]), dict(cats=set(), masked=set(), files=0, rules=set(), missed=0))
        r["cats"] |= set(l["categories"])
        r["masked"] |= set(l["masked"])
        r["rules"] |= set(l["aida"])
        r["files"] += 1
        r["missed"] += not l["aida"]
    return rows


AFTER = {"dicognito": " (dicognito draws a replacement given name from the file's Patient Sex, so one staff name "
                       "in files of a male and of a female patient gets two replacements with the same surname.)",
         "deid": " (The default recipe removes every element whose keyword contains UID, `REMOVE contains:UID`: "
                  "SOP Instance, Study, Series and Frame of Reference UIDs and the file meta's Media Storage SOP "
                  "Instance UID, so none leaks but no file says any more which series and study its slice belongs "
                  "to. Its `ADD PatientID var:entity_id`, `ADD StudyDate var:item_timestamp` and the like add nothing "
                  "unless the caller supplies those variables, so Patient ID, Accession Number and the dates are "
                  "simply gone. Patient Identity Removed is set to YES in files whose private groups and Image "
                  "Comments still hold the personnummer.)"}


def did_well(r) -> str:
    """Facts about what a peer got right: categories never leaked, consistent replacements, dates, additions."""
    cats = collections.defaultdict(collections.Counter)
    for (_, _, cat), c in r["outcomes"].items():
        cats[cat].update(c)
    clean = sorted(c for c, n in cats.items() if not any(w.startswith("leaked") for w in n))
    text = f"Never leaked: {', '.join(clean) or 'nothing'}."
    if r["consistent"]:
        bad = [k[1] for k, ok in r["consistent"].items() if not ok]
        text += (f" Replacements are consistent across files (one input value, one output value; distinct inputs, "
                 f"distinct outputs) for {len(r['consistent']) - len(bad)} of the {len(r['consistent'])} replaced elements"
                 + (f" (not: {', '.join(bad)})" if bad else "") + ".")
    if r["shifts"]:
        every = sorted({d for v in r["shifts"].values() for d in v})
        hours = [d.total_seconds() / 3600 for d in every]
        text += (" Acquisition DateTime moved by " + ", ".join(f"{h:+.0f} h ({abs(h) / 24:.1f} days)" for h in hours) + " "
                 + ("in every file, one offset for all patients" if len(every) == 1 else
                    "(" + ", ".join(f"{len(v)} per patient" for v in r["shifts"].values()) + ")") + ".")
    if r["added"]:
        text += " Added: " + ", ".join(f"{kw} `{v}`" if v else kw for (_, kw, v) in sorted(r["added"])) + "."
    return text


def report(args, peers, notes, results, n_in, keeps_device, probe) -> tuple[str, int]:
    ver = importlib.metadata.version
    names = [p[0] for p in peers]
    out = [f"# deid and dicognito on the identified set\n",
           f"Written by `Tests/Peers/compare_deidentifiers.py` on {datetime.date.today()} (issue 4, Must show). "
           f"The set: `gen_dataset.py --identified --patients {args.patients} --slices {args.slices} --studies "
           f"{args.studies}`, {n_in} CT files. Python {sys.version.split()[0]}, pydicom {ver('pydicom')}; "
           "`aida check --json` with the default profile.\n",
           "The oracle (pydicom only, no aida code) lists every identifying element of each input file at every "
           "depth, file meta and private groups included, with its value; pairs each output file with its input by "
           "the SHA-256 of the pixel data; and reports an output element as leaked when it is the same element with "
           "the same value, when it holds an input value anywhere (a name in any written form, an ID, a date, an "
           f"address, an original UID), when it holds a UID under the generator's root `{ORG_ROOT}`, or when its "
           "text holds a personnummer (date and Luhn checked), an HSA-id, a phone number or an e-mail address. "
           "Values are masked: first character and `***`.\n",
           "| peer | version | how it was run (its defaults) |", "|---|---|---|"]
    out += [f"| {n} | {ver(n)} | {how} |" for n, _, how in peers]
    out += [""] + [f"- {n}: {note}." for n, note in notes.items()]
    out += ["\n## Summary\n", "Elements: distinct tag paths; an element with several kinds of value counts under each. "
            "Device: Station Name and Device Serial Number, which the default profile keeps (Retain Device Identity).\n",
            "| peer | elements leaked | by category | aida on the output | leaks aida reports |", "|---|---|---|---|---|"]
    misses = []
    for n in names:
        r = results[n]; rows = rows_of(r["leaks"])
        cats = collections.Counter(c for row in rows.values() for c in row["cats"])
        refused = len({f["file"] for f in r["report"]["findings"]})
        rep = sum(1 for l in r["leaks"] if l["aida"])
        dev = sum(1 for l in r["leaks"] if not l["aida"] and keeps_device and l["keyword"] in DEVICE)
        out.append(f"| {n} | {len(rows)} | " + ", ".join(f"{c} {k}" for c, k in sorted(cats.items())) +
                   f" | exit {r['rc']}, {refused}/{r['files']} files refused, {len(r['report']['findings'])} findings"
                   f" | {rep} of {len(r['leaks'])} (element × file); {dev} device, kept by the profile; "
                   f"{len(r['leaks']) - rep - dev} others |")
        misses += [(n, p, kw, row) for (p, kw), row in rows.items() if row["missed"]]
    out += ["\n## What each peer did with each identifying element\n",
            f"Per tag path of the input, in how many of the {n_in} files the value was removed, emptied, replaced "
            "or leaked.\n", "| tag path | keyword | category | " + " | ".join(names) + " |",
            "|---|---|---|" + "---|" * len(names)]
    for key in sorted({k for n in names for k in results[n]["outcomes"]}):
        cells = [", ".join(f"{w} {c}" for w, c in sorted(results[n]["outcomes"][key].items())) for n in names]
        out.append(f"| `{key[0]}` | {key[1]} | {key[2]} | " + " | ".join(cells) + " |")
    for n in names:
        r = results[n]; rows = rows_of(r["leaks"])
        rules = collections.Counter(f["rule"] for f in r["report"]["findings"])
        out += [f"\n## {n} {ver(n)}\n", "| tag path | keyword | category | leaked (masked) | files | aida |",
                "|---|---|---|---|---|---|"]
        for (p, kw), row in rows.items():
            verdict = ", ".join(sorted(row["rules"])) if not row["missed"] else f"**not reported in {row['missed']} files**" + (
                " (kept: Retain Device Identity)" if keeps_device and kw in DEVICE else "")
            m = sorted(row["masked"])
            out.append(f"| `{p}` | {kw} | {', '.join(sorted(row['cats']))} | {', '.join(m[:4])}{' …' if len(m) > 4 else ''}"
                       f" | {row['files']}/{r['files']} | {verdict} |")
        out += ["", did_well(r) + AFTER.get(n, "")]
        out.append(f"\n`aida check --json` on this output: exit {r['rc']}, {r['report']['files']} files, "
                   f"{len(r['report']['findings'])} findings: " + ", ".join(f"{k} {v}" for k, v in sorted(rules.items())) + ".")
        if r["other"]:
            out += ["\nFindings on elements where the oracle saw no leak (the value is the peer's, not the "
                    "generator's, or an element is missing; the default profile refuses it all the same):\n",
                    "| tag path | rule | message | files |", "|---|---|---|---|"]
            out += [f"| `{p}` | {ru} | {m} | {k} |" for (p, ru, m), k in sorted(r["other"].items())]
    out.append("\n## Leaks aida does not report\n")
    real = [m for m in misses if not (keeps_device and m[2] in DEVICE)]
    out.append("With the default profile: " + ("none apart from the device elements below; every other leaked element "
               "is a finding at its own tag path (or its sequence's) in every file." if not real else "**gate misses:**") + "\n")
    for n, p, kw, row in misses:
        out.append(f"- {n}: `{p}` {kw} ({', '.join(sorted(row['cats']))}) in {row['missed']} files"
                   + (": kept on purpose, the default profile names retain-device-identity" if (n, p, kw, row) not in real
                      else ": **gate miss**"))
    if probe:
        out += ["\nWith the leaked private elements kept by the profile (" + ", ".join(
                f"`{c}` ({g:04X},xx{e:02X})" for c, g, e in probe["keep"]) + "), the gate's free-text checks are all that "
                "stands between them and a share. aida looks for the name components of the file's own Person "
                "Name values, and both peers replaced or removed those, so a real name elsewhere has nothing to be "
                "matched against:\n", "| peer | tag path | category | aida then reports |", "|---|---|---|---|"]
        for n in names:
            for (p, kw), row in rows_of(probe["leaks"][n]).items():
                out.append(f"| {n} | `{p}` | {', '.join(sorted(row['cats']))} | " +
                           (", ".join(sorted(row["rules"])) + (f"; **not reported in {row['missed']} files**" if row["missed"] else "")
                            if row["rules"] else f"**nothing, in {row['missed']} files**") + " |")
    return "\n".join(out) + "\n", len(real)


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--out", help="working folder (default: a new temporary one)")
    ap.add_argument("--aida", default=shutil.which("aida"), help="the aida binary (default: aida on PATH)")
    ap.add_argument("--generator", default=str(REPO.parent / "shared/bench/gen_dataset.py"))
    ap.add_argument("--report", help="also write the Markdown report to this file")
    ap.add_argument("--patients", type=int, default=3)
    ap.add_argument("--slices", type=int, default=4)
    ap.add_argument("--studies", type=int, default=2)
    args = ap.parse_args()
    if not args.aida or not Path(args.aida).exists():
        print("no aida binary: pass --aida PATH", file=sys.stderr)
        return 2
    work = Path(args.out or tempfile.mkdtemp(prefix="aida-peers-")).resolve()
    identified = work / "identified"
    shutil.rmtree(identified, ignore_errors=True)
    gen = [sys.executable, args.generator, "--out", str(identified), "--patients", str(args.patients),
           "--slices", str(args.slices), "--studies", str(args.studies), "--identified"]
    if run(gen).returncode:
        print("the generator failed: " + " ".join(gen), file=sys.stderr)
        return 2
    peers = [("dicognito", [sys.executable, "-m", "dicognito", "--output-directory", "{out}", "{in}"],
              "`python -m dicognito --output-directory OUT IN`: no other option (a random seed, no kept elements, "
              "burned-in guard `--assume-burned-in-annotation if-yes --on-burned-in-annotation warn`)"),
             ("deid", [sys.executable, "-c", DEID_RUN, "{in}", "{out}"],
              "per folder, as its getting-started pages do: `ids = get_identifiers(files)`, then `replace_identifiers("
              "files, ids=ids, save=True, output_folder=OUT/<same folder>)`; no recipe given, so its default "
              "`deid/data/deid.dicom`; `remove_private=False`, `strip_sequences=False` (the defaults)")]
    inputs, needles = {}, {}
    for f in dicom_files(identified):
        ds = pydicom.dcmread(f)
        inputs[pixel_key(ds)] = (f, ds, *inventory(ds))
        needles.update(inputs[pixel_key(ds)][3])
    for f, ds, items, _ in inputs.values():             # the oracle must see everything in the input itself
        seen = scan_output(ds, items, needles)
        if {p for p, *_ in items} - set(seen):
            print(f"oracle self-check failed on {f}: {sorted({p for p, *_ in items} - set(seen))}", file=sys.stderr)
            return 2
    keeps_device = "retain-device-identity" in run([args.aida, "profile", "default"]).stdout
    notes = peer_notes(Path(sys.executable).parent, identified, work)
    results = {n: run_peer(n, cmd, identified, work / n, inputs, needles, args.aida) for n, cmd, _ in peers}
    prof, keep = kept_private_profile(args.aida, [l for r in results.values() for l in r["leaks"]], work)
    probe = None
    if prof:
        probe = dict(keep=keep, leaks={})
        for n in results:
            _, _, findings = aida_check(args.aida, work / n, prof)
            probe["leaks"][n] = [dict(l, aida=sorted({f["rule"] for f in covering(findings.get(os.path.realpath(work / n / l["file"]), []), l["path"])}))
                                 for l in results[n]["leaks"] if l["keyword"].startswith("private (")]
    text, real = report(args, peers, notes, results, len(inputs), keeps_device, probe)
    print(text)
    if args.report:
        Path(args.report).write_text(text)
    (work / "leaks.json").write_text(json.dumps({n: r["leaks"] for n, r in results.items()}, indent=1))
    return 1 if real else 0


if __name__ == "__main__":
    sys.exit(main())
