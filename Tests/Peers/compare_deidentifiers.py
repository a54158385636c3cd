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

The pseudo-peer `none` is the identified set copied unchanged (what a researcher would push
without de-identifying): every identifying value the oracle lists is a leak, and counts as
reported only when aida has a finding at that file and that exact tag path (for a personnummer,
HSA-id, phone number, e-mail address or name inside a text: a finding of that kind, or one on
the whole element). With `none` the generator's default (anonymized) output is also checked:
`aida check --json` must give zero findings (--anonymized-check, on by default with `none`).
`--peers none` needs only pydicom and numpy.

    pip install deid dicognito pydicom numpy
    python3 Tests/Peers/compare_deidentifiers.py --aida .build/debug/aida --out /tmp/peers \
        --report Docs/gate-peers.md
    python3 Tests/Peers/compare_deidentifiers.py --peers none --aida .build/debug/aida

Exit status: 0 when aida reports every leak of every selected peer (apart from what the
profile's options keep on purpose) and nothing on the anonymized set, 1 when it misses one or
reports something there (the misses are printed on stderr), 2 on a broken setup.
"""
from __future__ import annotations

import argparse, collections, datetime, hashlib, importlib.metadata, importlib.util, json, os, re
import shutil, subprocess, sys, tempfile
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
PEERS = ("none", "dicognito", "deid")             # --peers; `none` is the input copied unchanged
# The aida rule that reports one kind of value found inside a text; any other rule at the same
# tag path is about the whole element, so it reports every value the element holds.
TEXT_RULE = {"personnummer": "personnummer", "HSA-id": "hsa-id", "phone": "phone", "e-mail": "email",
             "patient name": "name", "staff name": "name"}
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


class SetupError(Exception):
    """The setup is broken (a peer, the generator or aida cannot run): exit status 2."""


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


def leaked_values(out_ds, in_items, needles):
    """Every identifying value left in one output file: (tag path, keyword, category, value)."""
    values = {p: text_of(e) for p, _, e in walk_file(out_ds)}
    for path, kw, cat, v in in_items:                   # the same element, unchanged
        if path in values and v and v == values[path] and cat not in ("personnummer", "HSA-id", "phone", "e-mail"):
            yield path, kw, cat, v
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
            yield path, kw, cat, v[s:e]


def scan_output(out_ds, in_items, needles):
    """Leaks in one output file: {path: (keyword, {category}, {masked})}."""
    leaks = {}
    for path, kw, cat, v in leaked_values(out_ds, in_items, needles):
        leaks.setdefault(path, (kw, set(), set()))[1].add(cat)
        leaks[path][2].add(mask(v))
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
        raise SetupError(f"aida check failed ({r.returncode}): {r.stderr.strip()}")
    findings = collections.defaultdict(list)
    try:
        report = json.loads(r.stdout)
    except ValueError:
        raise SetupError(f"aida check --json wrote no JSON: {r.stdout[:200]!r} {r.stderr.strip()[-500:]}")
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
        raise SetupError(f"{name} failed ({r.returncode}): {r.stderr.strip()[-2000:]}")
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


def reports_value(fs, path: str, cat: str):
    """The rules of the findings at exactly this tag path that report a value of this category:
    the category's own text rule, or any rule about the whole element."""
    return sorted({f["rule"] for f in fs if (f.get("path") or "") == path
                   and (f["rule"] not in TEXT_RULE.values() or f["rule"] == TEXT_RULE.get(cat))})


def run_none(identified, out, inputs, needles, aida, keeps_device):
    """The pseudo-peer `none`: the identified set copied unchanged, every identifying value in it
    a leak that aida must report at its own file and tag path."""
    shutil.rmtree(out, ignore_errors=True)
    shutil.copytree(identified, out)
    rc, report, findings = aida_check(aida, out)
    leaks, matched = [], set()
    outs = dicom_files(out)
    for of in outs:
        ods = pydicom.dcmread(of)
        _, _, items, _ = inputs[pixel_key(ods)]
        fs = findings.get(os.path.realpath(of), [])
        seen = set()
        for path, kw, cat, v in [*items, *leaked_values(ods, items, needles)]:
            if (path, cat, v) in seen:
                continue
            seen.add((path, cat, v))
            rules = reports_value(fs, path, cat)
            matched |= {id(f) for f in fs if (f.get("path") or "") == path and f["rule"] in rules}
            leaks.append(dict(file=of.relative_to(out).as_posix(), path=path, keyword=kw, category=cat,
                              masked=mask(v), value=v, aida=rules, at_path=sorted({f["rule"] for f in fs if f.get("path") == path}),
                              kept=keeps_device and kw in DEVICE))
    other = collections.Counter((f.get("path") or "", f["rule"], f["message"])
                                for fs in findings.values() for f in fs if id(f) not in matched)
    return dict(files=len(outs), leaks=leaks, rc=rc, report=report, other=other)


def anonymized_check(args, work: Path, aida: str):
    """`aida check --json` on the generator's default output, the same sizes: zero findings expected."""
    folder = work / "anonymized"
    shutil.rmtree(folder, ignore_errors=True)
    gen = [sys.executable, args.generator, "--out", str(folder), "--patients", str(args.patients),
           "--slices", str(args.slices), "--studies", str(args.studies)]
    r = run(gen)
    if r.returncode:
        raise SetupError("the generator failed: " + " ".join(gen) + "\n" + r.stderr.strip()[-2000:])
    rc, report, _ = aida_check(aida, folder)
    return dict(files=len(dicom_files(folder)), rc=rc, report=report)


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


def report(args, peers, notes, results, n_in, keeps_device, probe, none=None, anon=None) -> tuple[str, int]:
    ver = importlib.metadata.version
    names = [p[0] for p in peers]
    title = (" and ".join(sorted(names)) + " on the identified set") if names else "aida check on the identified set itself"
    out = [f"# {title}\n",
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
           "Values are masked: first character and `***`.\n"]
    if not names:
        text, n_miss = report_none(args, none, anon, keeps_device) if none else ("", 0)
        if anon and not none:
            text, n_miss = "\n".join(report_anonymized(args, anon)) + "\n", int(not anon_clean(anon))
        return "\n".join(out) + text, n_miss
    out += ["| peer | version | how it was run (its defaults) |", "|---|---|---|"]
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
    text, n_miss = "\n".join(out) + "\n", len(real)
    if none:
        more, k = report_none(args, none, anon, keeps_device)
        text, n_miss = text + more, n_miss + k
    elif anon:
        text, n_miss = text + "\n".join(report_anonymized(args, anon)) + "\n", n_miss + int(not anon_clean(anon))
    return text, n_miss


def anon_clean(anon) -> bool:
    return anon["rc"] == 0 and not anon["report"]["findings"]


def report_anonymized(args, anon) -> list[str]:
    rules = collections.Counter(f["rule"] for f in anon["report"]["findings"])
    verdict = ("zero findings, as the issue asks" if anon_clean(anon) else "**" + ", ".join(
        f"{r} {k}" for r, k in sorted(rules.items())) + f"** in {len({f['file'] for f in anon['report']['findings']})} files")
    return ["\n### The anonymized set\n",
            f"The generator's default output, the same sizes (`gen_dataset.py --patients {args.patients} --slices "
            f"{args.slices} --studies {args.studies}`, {anon['files']} files, headers as a Basic Profile "
            "de-identification with its options writes them): `aida check --json` exits "
            f"{anon['rc']}, {anon['report']['files']} files checked, {len(anon['report']['findings'])} findings: {verdict}."]


def report_none(args, r, anon, keeps_device) -> tuple[str, int]:
    """The section on the identified set pushed as it is: what the oracle found, what aida said."""
    leaks = r["leaks"]
    out = ["\n## The identified set itself (no de-identification)\n",
           f"The pseudo-peer `none` is the identified set copied unchanged, what a researcher would push without "
           f"de-identifying: every identifying value the oracle lists in its {r['files']} files is a leak. A value "
           "counts as reported only when `aida check --json` has a finding in that file at that exact tag path "
           "(a sequence item's element at its own path, not its sequence's): for a personnummer, HSA-id, phone "
           "number, e-mail address or name inside a text, a finding of that kind (rule `personnummer`, `hsa-id`, "
           "`phone`, `email`, `name`), otherwise any finding there, which is about the whole element.\n",
           "| category | tag paths | elements × files | distinct values | aida reports (value × file) | by rules |",
           "|---|---|---|---|---|---|"]
    by_cat = collections.defaultdict(list)
    for l in leaks:
        by_cat[l["category"]].append(l)
    for cat, ls in sorted(by_cat.items()):
        rep = sum(1 for l in ls if l["aida"])
        kept = sum(1 for l in ls if not l["aida"] and l["kept"])
        paths = sorted({l["path"] for l in ls})
        out.append(f"| {cat} | {len(paths)}: " + ", ".join(f"`{p}`" for p in paths)
                   + f" | {len({(l['file'], l['path']) for l in ls})} | {len({l['value'] for l in ls})} | {rep} of {len(ls)}"
                   + (f" ({kept} kept by the profile: retain-device-identity)" if kept else "")
                   + f" | {', '.join(sorted({ru for l in ls for ru in l['aida']})) or '—'} |")
    rep = sum(1 for l in leaks if l["aida"])
    out.append(f"| all | {len({l['path'] for l in leaks})} | {len({(l['file'], l['path']) for l in leaks})} | "
               f"{len({(l['category'], l['value']) for l in leaks})} | {rep} of {len(leaks)} | |")
    crossed = collections.Counter(l["path"] for l in leaks if l["category"] == "patient name"
                                  and not l["keyword"].startswith(("Patient", "private")))
    if crossed:
        out.append("\n" + "; ".join(f"`{p}` holds the patient's own name in {k} of the files" for p, k in sorted(crossed.items()))
                   + " (the generator draws staff names at random from the same name lists), so it counts under "
                   "patient name there as well as under staff name.")
    rules = collections.Counter(f["rule"] for f in r["report"]["findings"])
    refused = len({f["file"] for f in r["report"]["findings"]})
    out.append(f"\n`aida check --json` on it: exit {r['rc']}, {refused}/{r['files']} files refused, "
               f"{len(r['report']['findings'])} findings: " + ", ".join(f"{k} {v}" for k, v in sorted(rules.items())) + ".")
    if r["other"]:
        out += ["\nFindings on no value of the oracle's (an element that should be there and is not, or a finding "
                "of another kind at a path that holds one):\n", "| tag path | rule | message | files |", "|---|---|---|---|"]
        out += [f"| `{p}` | {ru} | {m} | {k} |" for (p, ru, m), k in sorted(r["other"].items())]
    missed = [l for l in leaks if not l["aida"] and not l["kept"]]
    kept = sorted({(l["path"], l["keyword"]) for l in leaks if not l["aida"] and l["kept"]})
    if missed:
        out.append(f"\n**aida misses {len(missed)} of the {len(leaks)} values** (value × file): "
                   + "; ".join(f"`{p}` {kw} ({cat}) in {n} files" for (p, kw, cat), n in sorted(collections.Counter(
                       (l["path"], l["keyword"], l["category"]) for l in missed).items())) + ".")
    else:
        out.append(f"\naida reports every one of the {len(leaks)} values at its own file and tag path"
                   + (" but " + " and ".join(f"`{p}` {kw}" for p, kw in kept)
                      + ", which the default profile keeps on purpose (retain-device-identity)" if kept else "") + ".")
    n_miss = len(missed)
    if anon:
        out += report_anonymized(args, anon)
        n_miss += int(not anon_clean(anon))
    return "\n".join(out) + "\n", n_miss


PEER_RUNS = {
    "dicognito": ([sys.executable, "-m", "dicognito", "--output-directory", "{out}", "{in}"],
                  "`python -m dicognito --output-directory OUT IN`: no other option (a random seed, no kept elements, "
                  "burned-in guard `--assume-burned-in-annotation if-yes --on-burned-in-annotation warn`)"),
    "deid": ([sys.executable, "-c", DEID_RUN, "{in}", "{out}"],
             "per folder, as its getting-started pages do: `ids = get_identifiers(files)`, then `replace_identifiers("
             "files, ids=ids, save=True, output_folder=OUT/<same folder>)`; no recipe given, so its default "
             "`deid/data/deid.dicom`; `remove_private=False`, `strip_sequences=False` (the defaults)"),
}


def peer_list(text: str) -> list[str]:
    names = [n.strip() for n in text.split(",") if n.strip()]
    unknown = [n for n in names if n not in PEERS]
    if unknown or not names:
        raise argparse.ArgumentTypeError(f"peers are among {','.join(PEERS)}, not {text!r}")
    return [n for n in PEERS if n in names]


def print_misses(none, results, anon, keeps_device):
    """Every value aida did not report, one line each, on stderr."""
    lines = []
    for l in (none or {}).get("leaks", []):
        if not l["aida"] and not l["kept"]:
            lines.append(f"none: {l['file']} {l['path']} {l['keyword']} [{l['category']}] {l['masked']}: "
                         f"aida at this path: {', '.join(l['at_path']) or 'nothing'}")
    for n, r in results.items():
        for l in r["leaks"]:
            if not l["aida"] and not (keeps_device and l["keyword"] in DEVICE):
                lines.append(f"{n}: {l['file']} {l['path']} {l['keyword']} [{', '.join(l['categories'])}] "
                             f"{', '.join(l['masked'])}: not reported")
    if anon:
        for f in anon["report"]["findings"]:
            lines.append(f"anonymized set: {f['file']} {f.get('path') or ''} {f['rule']}: {f['message']}")
        if anon["rc"] != 0 and not anon["report"]["findings"]:
            lines.append(f"anonymized set: aida check exits {anon['rc']} with no finding")
    if lines:
        print(f"MISSES ({len(lines)}):", *lines, sep="\n", file=sys.stderr)


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--out", help="working folder (default: a new temporary one)")
    ap.add_argument("--aida", default=shutil.which("aida"), help="the aida binary (default: aida on PATH)")
    ap.add_argument("--generator", default=str(REPO.parent / "shared/bench/gen_dataset.py"))
    ap.add_argument("--report", help="also write the Markdown report to this file")
    ap.add_argument("--peers", type=peer_list, default=list(PEERS),
                    help="comma-separated among " + ",".join(PEERS) + " (default: all); none = the input unchanged")
    ap.add_argument("--anonymized-check", action=argparse.BooleanOptionalAction, default=None,
                    help="also check that aida finds nothing in the generator's default output "
                         "(default: on when none is among the peers)")
    ap.add_argument("--patients", type=int, default=3)
    ap.add_argument("--slices", type=int, default=4)
    ap.add_argument("--studies", type=int, default=2)
    args = ap.parse_args()
    try:
        return compare(args)
    except SetupError as e:
        print(e, file=sys.stderr)
        return 2


def compare(args) -> int:
    if not args.aida or not Path(args.aida).exists():
        raise SetupError("no aida binary: pass --aida PATH")
    if not Path(args.generator).exists():
        raise SetupError(f"no generator at {args.generator}: pass --generator PATH")
    missing = [n for n in args.peers if n != "none" and importlib.util.find_spec(n) is None]
    if missing:
        raise SetupError(f"not installed: {', '.join(missing)} (pip install {' '.join(missing)}, or --peers none)")
    anonymized = "none" in args.peers if args.anonymized_check is None else args.anonymized_check
    work = Path(args.out or tempfile.mkdtemp(prefix="aida-peers-")).resolve()
    identified = work / "identified"
    shutil.rmtree(identified, ignore_errors=True)
    gen = [sys.executable, args.generator, "--out", str(identified), "--patients", str(args.patients),
           "--slices", str(args.slices), "--studies", str(args.studies), "--identified"]
    r = run(gen)
    if r.returncode:
        raise SetupError("the generator failed: " + " ".join(gen) + "\n" + r.stderr.strip()[-2000:])
    peers = [(n, *PEER_RUNS[n]) for n in args.peers if n != "none"]
    inputs, needles = {}, {}
    for f in dicom_files(identified):
        ds = pydicom.dcmread(f)
        inputs[pixel_key(ds)] = (f, ds, *inventory(ds))
        needles.update(inputs[pixel_key(ds)][3])
    if not inputs:
        raise SetupError(f"the generator wrote no file under {identified}")
    for f, ds, items, _ in inputs.values():             # the oracle must see everything in the input itself
        seen = scan_output(ds, items, needles)
        if {p for p, *_ in items} - set(seen):
            raise SetupError(f"oracle self-check failed on {f}: {sorted({p for p, *_ in items} - set(seen))}")
    keeps_device = "retain-device-identity" in run([args.aida, "profile", "default"]).stdout
    notes = peer_notes(Path(sys.executable).parent, identified, work) if peers else {}
    notes = {n: t for n, t in notes.items() if n in args.peers}
    none = run_none(identified, work / "none", inputs, needles, args.aida, keeps_device) if "none" in args.peers else None
    results = {n: run_peer(n, cmd, identified, work / n, inputs, needles, args.aida) for n, cmd, _ in peers}
    probe = None
    if results:
        prof, keep = kept_private_profile(args.aida, [l for r in results.values() for l in r["leaks"]], work)
        if prof:
            probe = dict(keep=keep, leaks={})
            for n in results:
                _, _, findings = aida_check(args.aida, work / n, prof)
                probe["leaks"][n] = [dict(l, aida=sorted({f["rule"] for f in covering(findings.get(os.path.realpath(work / n / l["file"]), []), l["path"])}))
                                     for l in results[n]["leaks"] if l["keyword"].startswith("private (")]
    anon = anonymized_check(args, work, args.aida) if anonymized else None
    text, misses = report(args, peers, notes, results, len(inputs), keeps_device, probe, none, anon)
    print(text)
    if args.report:
        Path(args.report).write_text(text)
    all_leaks = {n: r["leaks"] for n, r in results.items()}
    if none:
        all_leaks["none"] = [{k: v for k, v in l.items() if k != "value"} for l in none["leaks"]]
    (work / "leaks.json").write_text(json.dumps(all_leaks, indent=1))
    print_misses(none, results, anon, keeps_device)
    print(f"{'FAIL' if misses else 'PASS'}: peers {','.join(args.peers)}"
          + (", anonymized set checked" if anon else "") + f"; {misses} misses; work folder {work}", file=sys.stderr)
    return 1 if misses else 0


if __name__ == "__main__":
    sys.exit(main())
