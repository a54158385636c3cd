#!/usr/bin/env python3
"""Generate the confidentiality table's Swift source from the shared standards data.

    python3 Sources/Anonymity/Rules/generate.py [--check | --conflicts] [SHARED_DIR]

SHARED_DIR is the shared folder (holding standards/*.json), taken from the
argument, else $AIDA_SHARED, else <repo>/../shared. The product never reads it at
run time: the generated file is committed. --check writes nothing and exits 1 if
the committed file differs from what this script would write. --conflicts writes
nothing and prints the rows where two options that may be used together give
different actions, as the markdown section of Docs/gate.md (Option conflicts).

Input: PS3.15 Table E.1-1 as of 2024b (confidentiality_profile_attributes.json),
then the rows later editions added (annexE_rows_added_after_2024b_...json). A
later row for a tag replaces the 2024b row for it.

As in Sources/DICOM/Dictionary/generate.py, the rows are emitted as tab-separated
lines in one raw string literal that the Swift side parses once, on first use.
"""

import hashlib
import json
import os
import re
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parents[2]
OUTPUT = "ConfidentialityTableData.swift"

TABLE = "confidentiality_profile_attributes.json"
ADDED = "annexE_rows_added_after_2024b_per_idiscore_2025-06-24.json"

# (Swift case, raw value, 2024b column, column in the added rows), in the order of
# the generated columns. The added rows spell the options idiscore's way.
OPTIONS = [
    ("cleanDescriptors", "clean-descriptors", "cleanDescOpt", "clean_descriptors"),
    ("cleanStructuredContent", "clean-structured-content", "cleanStructContOpt", "clean_structured_content"),
    ("cleanGraphics", "clean-graphics", "cleanGraphOpt", "clean_graphics"),
    ("retainLongitudinalFullDates", "retain-longitudinal-full-dates", "rtnLongFullDatesOpt", "retain_full_dates"),
    ("retainLongitudinalModifiedDates", "retain-longitudinal-modified-dates", "rtnLongModifDatesOpt",
     "retain_modified_dates"),
    ("retainPatientCharacteristics", "retain-patient-characteristics", "rtnPatCharsOpt",
     "retain_patient_characteristics"),
    ("retainDeviceIdentity", "retain-device-identity", "rtnDevIdOpt", "retain_device_identity"),
    ("retainUIDs", "retain-uids", "rtnUIDsOpt", "retain_uid"),
    ("retainSafePrivate", "retain-safe-private", "rtnSafePrivOpt", "retain_safe_private"),
    ("retainInstitutionIdentity", "retain-institution-identity", "rtnInstIdOpt", "retain_institution_identity"),
]

# The two Retain Longitudinal Temporal Information variants are alternatives
# (PS3.15 E.3.6: full dates or modified dates), so their disagreement on the 165
# date rows is not a conflict: a profile names at most one of them. Their
# disagreement is still resolved (most protective) if a profile names both.
ALTERNATIVES = {frozenset({"retain-longitudinal-full-dates", "retain-longitudinal-modified-dates"})}

# The added rows carry no names, and pydicom 3.0.2's dictionary predates most of
# them: these are their PS3.6 names (2025 editions).
ADDED_NAMES = {
    "00081301": "Principal Diagnosis Code Sequence",
    "00081302": "Primary Diagnosis Code Sequence",
    "00081303": "Secondary Diagnoses Code Sequence",
    "00081304": "Histological Diagnoses Code Sequence",
    "00100011": "Person Names to Use Sequence",
    "00100012": "Name to Use",
    "00100013": "Name to Use Comment",
    "00100014": "Third Person Pronouns Sequence",
    "00100015": "Pronoun Code Sequence",
    "00100016": "Pronoun Comment",
    "00100041": "Gender Identity Sequence",
    "00100042": "Sex Parameters for Clinical Use Category Comment",
    "00100043": "Sex Parameters for Clinical Use Category Sequence",
    "00100044": "Gender Identity Code Sequence",
    "00100045": "Gender Identity Comment",
    "00100046": "Sex Parameters for Clinical Use Category Code Sequence",
    "00100047": "Sex Parameters for Clinical Use Category Reference",
    "00102161": "Ethnic Group Code Sequence",
    "00102162": "Ethnic Groups",
    "0040A034": "Effective Start DateTime",
    "0040A035": "Effective Stop DateTime",
    "0040B034": "Annotation DateTime",
    "0040B036": "Segment Definition DateTime",
    "0040B03B": "Montage Name",
    "0040B03F": "Montage Channel Label",
    "300A0054": "Table Top Position Alignment UID",
}

ACTIONS = {"X", "Z", "D", "K", "C", "U", "X/Z", "X/D", "Z/D", "X/Z/D", "X/Z/U*"}
# Most to least protective; a combination counts as its most protective member,
# then as its next, and so on (so X beats X/Z, which beats X/D).
PROTECTION = "XZDUCK"

# The one row that is not a tag or a mask: every element of an odd group.
PRIVATE_KEY = "ggggeeee"
KEY = re.compile(r"[0-9A-Fx]{8}")


def shared_dir(argument):
    root = Path(argument or os.environ.get("AIDA_SHARED") or REPO.parent / "shared")
    # Accept the shared folder itself or its standards/ subfolder.
    if (root / "standards" / TABLE).exists():
        return root / "standards"
    return root


def load(folder, name):
    data = (folder / name).read_bytes()
    return json.loads(data), hashlib.sha256(data).hexdigest()


def key(tag):
    # "(0010,0010)" -> "00100010"; "(50XX,XXXX)" -> "50xxxxxx";
    # "(GGGG,EEEE) WHERE GGGG IS ODD" -> the private key.
    if tag.upper().startswith("(GGGG,EEEE)"):
        return PRIVATE_KEY
    m = re.fullmatch(r"\(([0-9A-Fa-fXx]{4}),([0-9A-Fa-fXx]{4})\)", tag.strip())
    if not m:
        raise SystemExit(f"generate.py: bad tag {tag!r}")
    text = (m.group(1) + m.group(2)).upper().replace("X", "x")
    if not KEY.fullmatch(text):
        raise SystemExit(f"generate.py: bad tag {tag!r}")
    return text


def clean_name(name):
    # One extracted name carries its footnote: "Icon Image Sequence\n\n(see Note 11)".
    return " ".join(re.sub(r"\(see Note \d+\)", "", name).split())


def action(code, where):
    if code not in ACTIONS:
        raise SystemExit(f"generate.py: unknown action {code!r} in {where}")
    return code


def protection(code):
    return [PROTECTION.index(c) for c in sorted(code.replace("*", "").split("/"), key=PROTECTION.index)]


def most_protective(codes):
    return min(codes, key=protection)


def rows(folder):
    """The merged table: {key: (name, basic, {raw option: action})}, and a report."""
    table, table_digest = load(folder, TABLE)
    added, added_digest = load(folder, ADDED)
    dictionary = json.loads((folder / "dicom_dictionary.json").read_text(encoding="utf-8"))["elements"]
    known_columns = {"name", "tag", "basicProfile", "stdCompIOD", "id"} | {o[2] for o in OPTIONS}
    known_added = {"tag", "basicProfile", "name"} | {o[3] for o in OPTIONS}

    merged = {}
    for row in table:
        unknown = set(row) - known_columns
        if unknown:
            raise SystemExit(f"generate.py: unknown columns {sorted(unknown)} in {row['tag']}")
        k = key(row["tag"])
        if k in merged:
            raise SystemExit(f"generate.py: {row['tag']} twice in {TABLE}")
        options = {o[1]: action(row[o[2]], row["tag"]) for o in OPTIONS if row.get(o[2])}
        merged[k] = (clean_name(row["name"]), action(row["basicProfile"], row["tag"]), options)
    base_count = len(merged)

    replaced = []
    new = []
    seen = set()
    for row in added:
        unknown = set(row) - known_added
        if unknown:
            raise SystemExit(f"generate.py: unknown columns {sorted(unknown)} in added {row['tag']}")
        k = key(row["tag"])
        if k in seen:
            raise SystemExit(f"generate.py: {row['tag']} twice in {ADDED}")
        seen.add(k)
        options = {o[1]: action(row[o[3]], row["tag"]) for o in OPTIONS if row.get(o[3])}
        name = row.get("name") or ADDED_NAMES.get(k) or dictionary.get(k, {}).get("name") or \
            (merged[k][0] if k in merged else None)
        if not name:
            raise SystemExit(f"generate.py: no name for added row {row['tag']}")
        (replaced if k in merged else new).append(k)
        merged[k] = (name, action(row["basicProfile"], row["tag"]), options)

    report = {
        "base": base_count, "added": len(added), "replaced": len(replaced), "new": len(new),
        "total": len(merged), "sources": [(TABLE, table_digest), (ADDED, added_digest)],
    }
    return merged, report


def conflicts(merged):
    """Rows where two options that may be used together give different actions."""
    out = []
    for k in sorted(merged):
        name, basic, options = merged[k]
        pairs = []
        names = sorted(options)
        for i, a in enumerate(names):
            for b in names[i + 1:]:
                if options[a] != options[b] and frozenset({a, b}) not in ALTERNATIVES:
                    pairs.append((a, b))
        if pairs:
            involved = sorted({o for p in pairs for o in p}, key=[o[1] for o in OPTIONS].index)
            resolved = most_protective([options[o] for o in involved])
            out.append((k, name, basic, [(o, options[o]) for o in involved], resolved))
    return out


def display(k):
    if k == PRIVATE_KEY:
        return "(gggg,eeee), gggg odd"
    return f"({k[:4]},{k[4:]})"


def conflicts_markdown(merged):
    found = conflicts(merged)
    dates = sum(1 for _, _, o in merged.values()
                if o.get("retain-longitudinal-full-dates") != o.get("retain-longitudinal-modified-dates"))
    lines = [
        "## Option conflicts in Table E.1-1",
        "",
        f"Generated by `python3 Sources/Anonymity/Rules/generate.py --conflicts`: the {len(found)} rows of the",
        "merged table where two options that a profile may name together give different actions. (The Full",
        f"Dates and Modified Dates variants of Retain Longitudinal Temporal Information disagree on {dates} date",
        "rows, but they are alternatives: a profile names at most one of them.)",
        "",
        "PS3.15 E.3 gives no precedence between options, so the gate applies one rule, in",
        "`ConfidentialityTable.action(for:options:)`: among the actions of the options the profile names,",
        "the most protective wins, in the order X > Z > D > U > C > K, a combination counting as its most",
        "protective member (then its next). Here that means C (dates shifted or otherwise cleaned, as the",
        "Modified Dates option does to every other date) beats K (Retain Device Identity's real value):",
        "a real calibration or manufacture date next to shifted acquisition dates would reveal the shift.",
        "With Retain Device Identity alone, or together with Full Dates, these rows are K.",
        "",
        "| tag | name | basic | options in conflict | resolved |",
        "|---|---|---|---|---|",
    ]
    for k, name, basic, involved, resolved in found:
        opts = ", ".join(f"{o} {a}" for o, a in involved)
        lines.append(f"| {display(k)} | {name} | {basic} | {opts} | {resolved} |")
    return "\n".join(lines) + "\n"


def field(text):
    text = str(text)
    if "\t" in text or "\n" in text or "\r" in text or '"""#' in text or text != text.strip():
        raise SystemExit(f"generate.py: unexpected character in {text!r}")
    return text


def source(merged, report):
    lines = [
        "// swift-format-ignore-file",
        "// Generated by Sources/Anonymity/Rules/generate.py from the shared standards data:",
    ]
    for name, digest in report["sources"]:
        lines.append(f"//   standards/{name} (sha256 {digest})")
    lines += [
        "// Do not edit: change generate.py and rerun it (python3 Sources/Anonymity/Rules/generate.py).",
        "//",
        f"// PS3.15 Table E.1-1: {report['base']} rows of 2024b, {report['new']} added and {report['replaced']}"
        " replaced by later editions.",
        "// Rows: tag (GGGGEEEE), mask (x = any hex digit, even groups only) or \"ggggeeee\" (odd groups),",
        "// basic profile action, then one action or nothing per option, in the order of",
        "// ProfileOption.allCases:",
    ] + [f"//   {o[1]}" for o in OPTIONS] + [
        "// then the name.",
        "",
    ]
    body = []
    for k in sorted(merged):
        name, basic, options = merged[k]
        body.append("\t".join(field(f) for f in [k, basic] + [options.get(o[1], "") for o in OPTIONS] + [name]))
    out = "\n".join(lines)
    out += "\nenum ConfidentialityTableData {\n"
    out += f"    static let rowCount = {len(merged)}\n\n"
    out += "    /// The merged table, one row a line, in tag order.\n"
    out += "    static let rows: String = #\"\"\"\n" + "\n".join(body) + "\n\"\"\"#\n"
    out += "}\n"
    return out


def main(argv):
    check = "--check" in argv
    show_conflicts = "--conflicts" in argv
    rest = [a for a in argv if a not in ("--check", "--conflicts")]
    if len(rest) > 1 or any(a.startswith("-") for a in rest) or (check and show_conflicts):
        print(__doc__.strip(), file=sys.stderr)
        return 2
    folder = shared_dir(rest[0] if rest else None)
    if not (folder / TABLE).exists():
        print(f"generate.py: no {TABLE} in {folder}", file=sys.stderr)
        return 2
    merged, report = rows(folder)
    if show_conflicts:
        sys.stdout.write(conflicts_markdown(merged))
        return 0
    text = source(merged, report)
    path = HERE / OUTPUT
    current = path.read_text(encoding="utf-8") if path.exists() else None
    if check:
        if current != text:
            print(f"generate.py: out of date: {OUTPUT}", file=sys.stderr)
            return 1
        return 0
    if current != text:
        path.write_text(text, encoding="utf-8")
        print(f"wrote Sources/Anonymity/Rules/{OUTPUT}")
    print(f"{report['base']} rows of 2024b + {report['added']} added rows: {report['new']} new, "
          f"{report['replaced']} replaced; {report['total']} rows")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
