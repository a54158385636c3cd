#!/usr/bin/env python3
"""Differential test of `aida dicom dump --json` against pydicom (the oracle).

For every file of the corpus this reads the file with pydicom (`dcmread(force=False)`),
builds pydicom's DICOM JSON Model (PS3.18 Annex F) of the file meta and the dataset, runs
`aida dicom dump --json FILE` once for that file, and compares the two at every depth: the
same tags, the same VRs, the same decoded values, and for binary values the same bytes
(InlineBinary decoded; a BulkDataURI resolved by reading offset/length from the file).

Every difference is either justified by an entry of known_differences.json beside this
script, or the run fails (exit 1). A file that pydicom refuses must be refused by aida too,
or be listed there. Exit 2 is for usage errors and a broken setup (no aida, no pydicom).

Corpora: pydicom's own data files (pydicom/data/test_files, charset_files, palettes), the
`pydicom-data` wheel (module data_store) and the `deid-data` wheel (module deid_data; its two
zip files hold one DICOM file each, extracted once into a cache folder).

    python3 oracle.py --aida .build/debug/aida                  # all corpora
    python3 oracle.py --aida ... --corpus pydicom --limit 20    # a quick look
    python3 oracle.py --aida ... --file path/to/x.dcm -v        # one file, all details
    python3 oracle.py --aida ... --json                         # machine-readable report

Only python3 and pydicom are needed. See Docs/dicom.md (The pydicom oracle) for pydicom's JSON
quirks and how each is normalised here.
"""

from __future__ import annotations

import argparse
import base64
import concurrent.futures
import hashlib
import json
import logging
import math
import os
import re
import struct
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse
import warnings
import zipfile
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
DEFAULT_KNOWN = HERE / "known_differences.json"
DEFLATED_TS = {"1.2.840.10008.1.2.1.99"}  # the only deflated transfer syntax pydicom inflates
BINARY_VRS = {"OB", "OD", "OF", "OL", "OV", "OW", "UN"}
INT_VRS = {"US", "SS", "UL", "SL", "UV", "SV", "IS"}
FLOAT_VRS = {"FL", "FD", "DS"}
# PS3.5 Table 6.2-1: leading spaces are not significant for these VRs.
LEADING_SPACE_INSIGNIFICANT = {"AE", "CS", "DS", "IS", "LO", "SH"}
# The LUT Descriptors whose negative first value pydicom turns unsigned (pydicom.tag._LUT_DESCRIPTOR_TAGS);
# PS3.3 C.11.1.1.1: that value is unsigned whatever the VR.
LUT_DESCRIPTOR_TAGS = {"00281101", "00281102", "00281103", "00283002"}
MAX_SHOWN = 160  # characters of a value shown in a difference


# --------------------------------------------------------------------------------------
# The corpus


def corpus_files(name: str) -> list[tuple[str, Path]]:
    """(display name, absolute path) of every file of one corpus, sorted."""
    roots: list[tuple[str, Path]] = []
    if name == "pydicom":
        import pydicom.data

        base = Path(pydicom.data.__file__).resolve().parent
        roots = [(f"pydicom/{sub}", base / sub) for sub in ("test_files", "charset_files", "palettes")]
    elif name == "pydicom-data":
        roots = [("pydicom-data", _package_data_dir("pydicom-data", "data_store"))]
    elif name == "deid-data":
        roots = [("deid-data", _package_data_dir("deid-data", "deid_data"))]
    else:
        raise ValueError(name)
    files: list[tuple[str, Path]] = []
    for label, root in roots:
        if root is None or not root.is_dir():
            raise SystemExit(f"oracle: corpus {name} is not installed (pip install {name})")
        for path in sorted(p for p in root.rglob("*") if p.is_file()):
            if "__pycache__" in path.parts or path.suffix in (".py", ".pyc"):
                continue
            display = f"{label}/{path.relative_to(root).as_posix()}"
            files.append((display, path))
            if path.suffix == ".zip":
                files.extend(_zip_members(display, path))
    return files


def _package_data_dir(distribution: str, module: str) -> Path | None:
    """`<module>/data` of an installed wheel, found through its record (no import needed)."""
    from importlib import metadata

    try:
        for file in metadata.files(distribution) or []:
            parts = Path(file).parts
            if len(parts) >= 2 and parts[0] == module and parts[1] == "data":
                return Path(file.locate()).resolve().parents[len(parts) - 3]
    except metadata.PackageNotFoundError:
        return None
    return None


def _zip_members(display: str, zip_path: Path) -> list[tuple[str, Path]]:
    """Each member of a corpus zip file, extracted once into a cache folder."""
    stat = zip_path.stat()
    key = hashlib.sha256(f"{zip_path}:{stat.st_size}:{stat.st_mtime_ns}".encode()).hexdigest()[:16]
    cache = Path(tempfile.gettempdir()) / "aida-dicom-oracle" / key
    out = []
    with zipfile.ZipFile(zip_path) as archive:
        for info in archive.infolist():
            if info.is_dir():
                continue
            target = cache / info.filename
            if not target.exists() or target.stat().st_size != info.file_size:
                target.parent.mkdir(parents=True, exist_ok=True)
                partial = target.with_name(f"{target.name}.partial-{os.getpid()}")
                with archive.open(info) as source, open(partial, "wb") as sink:
                    while chunk := source.read(1 << 20):
                        sink.write(chunk)
                os.replace(partial, target)
            out.append((f"{display}!{info.filename}", target.resolve()))
    return out


# --------------------------------------------------------------------------------------
# pydicom's side: the expected tree


class Expected:
    """One element as pydicom sees it."""

    __slots__ = ("vr", "value", "data", "items", "error", "raw")

    def __init__(self, vr: str):
        self.vr = vr
        self.value: list | None = None  # decoded values of pydicom's JSON "Value" (not SQ/binary)
        self.data: bytes | None = None  # binary VRs: the value bytes pydicom holds
        self.items: list[dict[str, Expected]] | None = None  # SQ
        self.error: str | None = None  # pydicom could not encode it: why
        self.raw: tuple[str | None, bytes] | None = None  # (VR in the file, bytes) when pydicom changed the VR


class _RawRecorder:
    """A raw_element_vr hook that remembers, for elements whose VR pydicom inferred (implicit
    VR) or replaced (explicit UN), the VR in the file and the value bytes."""

    def __init__(self):
        from pydicom import hooks as hooks_module

        self.default = hooks_module.raw_element_vr
        self.seen: dict[tuple[int, int], tuple[str | None, Any]] = {}
        hooks_module.hooks.register_callback("raw_element_vr", self)

    def __call__(self, raw, data, **kwargs):
        self.default(raw, data, **kwargs)
        ds = kwargs.get("ds")
        if ds is not None and (raw.VR is None or raw.VR == "UN") and isinstance(raw.value, bytes):
            self.seen[(id(ds), int(raw.tag))] = (raw.VR, raw.value)


_recorder: _RawRecorder | None = None


def _setup_worker() -> None:
    global _recorder
    import pydicom  # noqa: F401  (fail early in the worker)

    _recorder = _RawRecorder()
    logging.getLogger("pydicom").propagate = False


class _LogCapture(logging.Handler):
    def __init__(self):
        super().__init__(logging.WARNING)
        self.messages: list[str] = []

    def emit(self, record):
        self.messages.append(record.getMessage())


def read_with_pydicom(path: Path, force: bool = False) -> dict:
    """pydicom's view of one file: {"refused": str} or {"tree", "deflated", "warnings", "unencodable"}."""
    from pydicom import dcmread

    capture = _LogCapture()
    logger = logging.getLogger("pydicom")
    logger.addHandler(capture)
    caught: list[str] = []
    try:
        with warnings.catch_warnings(record=True) as records:
            warnings.simplefilter("always")
            try:
                ds = dcmread(str(path), force=force)
            except Exception as exc:  # noqa: BLE001 - anything pydicom raises is a refusal
                return {"refused": f"{type(exc).__name__}: {exc}"}
            unencodable: list[str] = []
            tree: dict[str, Expected] = {}
            meta = getattr(ds, "file_meta", None)
            if meta is not None:
                tree.update(_walk(meta, "", unencodable))
            body = _walk(ds, "", unencodable)
            for key in body:
                if key in tree:
                    unencodable.append(f"({key[:4]},{key[4:]}) is both in the file meta and the dataset")
            tree.update(body)
            caught = [str(r.message) for r in records]
        ts = str(getattr(meta, "TransferSyntaxUID", "")) if meta is not None else ""
        messages = list(dict.fromkeys(caught + capture.messages))
        return {"tree": tree, "deflated": ts in DEFLATED_TS, "warnings": messages, "unencodable": unencodable}
    finally:
        logger.removeHandler(capture)
        if _recorder is not None:
            _recorder.seen.clear()


def _walk(ds, prefix: str, unencodable: list[str]) -> dict[str, Expected]:
    """Mirror of Dataset.to_json_dict, element by element, so that one element pydicom
    cannot encode does not lose the rest (to_json_dict raises for the whole dataset)."""
    out: dict[str, Expected] = {}
    for tag in list(ds.keys()):
        key = f"{int(tag):08X}"
        path = f"{prefix}({key[:4]},{key[4:]})"
        try:
            elem = ds[tag]
        except Exception as exc:  # noqa: BLE001
            raw = ds._dict.get(tag)
            item = Expected(getattr(raw, "VR", None) or _dictionary_vr(tag))
            item.error = f"{type(exc).__name__}: {exc}"
            _fallback(item, getattr(raw, "value", None))
            unencodable.append(f"{path}: {item.error}")
            out[key] = item
            continue
        item = Expected(str(elem.VR))
        recorded = _recorder.seen.get((id(ds), int(tag))) if _recorder else None
        if recorded is not None and recorded[0] != elem.VR:
            item.raw = recorded
        if elem.VR == "SQ":
            item.items = [_walk(child, f"{path}[{i}].", unencodable) for i, child in enumerate(elem.value or [])]
            out[key] = item
            continue
        captured: list[bytes] = []

        def handler(e, captured=captured):
            captured.append(bytes(e.value))
            return "oracle:bulk"

        try:
            # Threshold 0: every non-empty binary value goes through the handler, which keeps
            # the bytes pydicom would have base64-encoded (no base64 round trip).
            j = elem.to_json_dict(bulk_data_element_handler=handler, bulk_data_threshold=0)
        except Exception as exc:  # noqa: BLE001
            item.error = f"{type(exc).__name__}: {exc}"
            _fallback(item, elem.value)
            unencodable.append(f"{path}: {item.error}")
            out[key] = item
            continue
        item.vr = str(j["vr"])
        if "BulkDataURI" in j:
            item.data = captured[0]
        elif "InlineBinary" in j:
            item.data = base64.b64decode(j["InlineBinary"])
        elif item.vr in BINARY_VRS or " or " in item.vr:
            item.data = b""
        else:
            item.value = j.get("Value", [])
        out[key] = item
    return out


def _dictionary_vr(tag) -> str:
    from pydicom.datadict import dictionary_VR

    try:
        return str(dictionary_VR(tag))
    except KeyError:
        return "UN"


def _fallback(item: Expected, value: Any) -> None:
    """For an element pydicom cannot encode: the text of its value, split at backslashes, or
    its bytes, so that aida's output can still be checked loosely."""
    if isinstance(value, bytes):
        if item.vr in BINARY_VRS:
            item.data = value
        else:
            item.value = value.decode("latin-1").split("\\")
    elif value is None or value == "":
        item.value = []
    elif isinstance(value, (list, tuple)) or type(value).__name__ == "MultiValue":
        item.value = [str(v) for v in value]
    else:
        item.value = [str(value)]


# --------------------------------------------------------------------------------------
# aida's side


def run_aida(aida: list[str], path: Path, options: list[str], timeout: float) -> subprocess.Popen:
    return subprocess.Popen(
        aida + ["dicom", "dump", "--json", *options, str(path)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        stdin=subprocess.DEVNULL,
    )


def collect_aida(process: subprocess.Popen, timeout: float, started: float) -> dict:
    remaining = max(0.1, timeout - (time.monotonic() - started))
    try:
        out, err = process.communicate(timeout=remaining)
    except subprocess.TimeoutExpired:
        process.kill()
        out, err = process.communicate()
        return {"status": "timeout", "stderr": err.decode("utf-8", "replace")[-2000:], "seconds": timeout}
    seconds = time.monotonic() - started
    result = {
        "exit": process.returncode,
        "stderr": err.decode("utf-8", "replace")[-2000:],
        "seconds": round(seconds, 3),
    }
    if process.returncode < 0:
        result["status"] = "crashed"
        return result
    lines = [line for line in out.split(b"\n") if line.strip()]
    if process.returncode == 0 and len(lines) == 1:
        try:
            result["json"] = json.loads(lines[0])
            result["status"] = "parsed"
        except ValueError as exc:
            result["status"] = "bad-output"
            result["problem"] = f"stdout is not JSON: {exc}"
    elif process.returncode == 1 and not lines:
        result["status"] = "refused"
    else:
        result["status"] = "bad-output"
        result["problem"] = f"exit {process.returncode} with {len(lines)} line(s) on stdout (expected exit 0 and 1 line, or exit 1 and none)"
    return result


# --------------------------------------------------------------------------------------
# The comparison


class Comparer:
    def __init__(self, path: Path, deflated: bool, threshold: int | None, inline_binary: bool):
        self.path = path
        self.deflated = deflated
        self.threshold = threshold
        self.inline_binary = inline_binary
        self.differences: list[dict] = []
        self.elements = 0  # elements of pydicom's tree looked at, at every depth
        self._file = None

    def close(self):
        if self._file is not None:
            self._file.close()

    def diff(self, kind: str, path: str, pydicom: Any = None, aida: Any = None, detail: str = ""):
        self.differences.append(
            {"kind": kind, "path": path, "pydicom": _show(pydicom), "aida": _show(aida), "detail": detail}
        )

    def dataset(self, expected: dict[str, Expected], got: Any, prefix: str):
        if not isinstance(got, dict):
            self.diff("format", prefix or "(top)", "an object", got, "a dataset must be a JSON object")
            return
        for key in sorted(set(expected) | set(got)):
            path = f"{prefix}({key[:4]},{key[4:]})" if len(key) == 8 else f"{prefix}{key}"
            if key not in got:
                e = expected[key]
                self.diff("missing", path, f"{e.vr} {_summary(e)}", None, "pydicom has it, aida does not")
            elif key not in expected:
                if not re.fullmatch(r"[0-9A-F]{8}", key):
                    self.diff("format", path, None, key, "keys are 8 upper-case hex digits")
                else:
                    self.diff("extra", path, None, got[key], "aida has it, pydicom does not")
            else:
                self.element(expected[key], got[key], path)

    def element(self, e: Expected, g: Any, path: str):
        self.elements += 1
        if not isinstance(g, dict) or "vr" not in g:
            self.diff("format", path, None, g, 'an element is {"vr": ..., ...}')
            return
        unknown = set(g) - {"vr", "Value", "InlineBinary", "BulkDataURI"}
        if unknown or sum(k in g for k in ("Value", "InlineBinary", "BulkDataURI")) > 1:
            self.diff("format", path, None, sorted(g), "keys: vr and at most one of Value, InlineBinary, BulkDataURI")
        vr = g["vr"]
        if vr != e.vr:
            if vr == "UN" and e.raw is not None:
                # pydicom read these bytes with a VR from its dictionary (implicit VR, or UN in
                # the file); aida kept them as UN. Still check that aida's bytes are the file's.
                self.diff("un-kept", path, e.vr, "UN", f"VR in the file: {e.raw[0] or 'implicit'}")
                got = self.binary_bytes(g, path)
                if got is not None and got != e.raw[1]:
                    self.diff("bytes", path, _hexsum(e.raw[1]), _hexsum(got), _first_difference(e.raw[1], got))
            elif " or " in e.vr:
                self.diff("vr-ambiguous", path, e.vr, vr, "pydicom could not resolve an ambiguous VR")
            else:
                self.diff("vr", path, e.vr, vr)
            if e.data is not None and vr in BINARY_VRS and not (vr == "UN" and e.raw is not None):
                # Both binary (say OB and OW): the bytes must still be the same.
                got = self.binary_bytes(g, path, expected_length=len(e.data))
                if got is not None and got != e.data:
                    self.diff("bytes", path, _hexsum(e.data), _hexsum(got), _first_difference(e.data, got))
            return
        if e.items is not None:
            items = g.get("Value", [])
            if "Value" in g and not isinstance(items, list):
                self.diff("format", path, None, items, "an SQ Value is a list of objects")
                return
            if len(items) != len(e.items):
                self.diff("items", path, len(e.items), len(items), "number of sequence items")
            for i, (ei, gi) in enumerate(zip(e.items, items)):
                self.dataset(ei, gi, f"{path}[{i}].")
            return
        if e.data is not None:
            got = self.binary_bytes(g, path, expected_length=len(e.data))
            if got is None:
                return
            if got != e.data:
                self.diff("bytes", path, _hexsum(e.data), _hexsum(got), _first_difference(e.data, got))
            return
        self.values(e, g, path)

    def binary_bytes(self, g: dict, path: str, expected_length: int | None = None) -> bytes | None:
        """The bytes of a binary element of aida's output; checks the form (inline or bulk)
        against the contract."""
        if "Value" in g:
            self.diff("format", path, None, g["Value"], "a binary VR has InlineBinary or BulkDataURI, not Value")
            return None
        if "InlineBinary" in g:
            try:
                data = base64.b64decode(g["InlineBinary"], validate=True)
            except (ValueError, TypeError) as exc:
                self.diff("format", path, None, g["InlineBinary"], f"InlineBinary is not base64: {exc}")
                return None
            form = "InlineBinary"
        elif "BulkDataURI" in g:
            data = self.resolve(g["BulkDataURI"], path)
            if data is None:
                return None
            form = "BulkDataURI"
        else:
            data, form = b"", None
        length = len(data) if expected_length is None else expected_length
        if length:
            if self.inline_binary or self.deflated:
                want = "InlineBinary"
            else:
                want = "BulkDataURI" if length > (self.threshold if self.threshold is not None else 1024) else "InlineBinary"
            if form != want:
                why = "--inline-binary" if self.inline_binary else "deflated" if self.deflated else f"{length} bytes"
                self.diff("binary-form", path, want, form, f"expected {want} ({why})")
        return data

    def resolve(self, uri: Any, path: str) -> bytes | None:
        if not isinstance(uri, str):
            self.diff("format", path, None, uri, "BulkDataURI is a string")
            return None
        parts = urllib.parse.urlsplit(uri)
        query = urllib.parse.parse_qs(parts.query)
        target = urllib.parse.unquote(parts.path)
        try:
            offset, length = int(query["offset"][0]), int(query["length"][0])
        except (KeyError, ValueError, IndexError):
            self.diff("bulk-uri", path, None, uri, "expected file:///abs/path?offset=O&length=L")
            return None
        if parts.scheme != "file" or not os.path.isabs(target) or os.path.realpath(target) != os.path.realpath(self.path):
            self.diff("bulk-uri", path, f"file://{self.path}", uri, "BulkDataURI must point into the file itself")
            return None
        size = self.path.stat().st_size
        if offset < 0 or length < 0 or offset + length > size:
            self.diff("bulk-uri", path, None, uri, f"offset/length outside the file ({size} bytes)")
            return None
        if self._file is None:
            self._file = open(self.path, "rb")
        self._file.seek(offset)
        return self._file.read(length)

    def values(self, e: Expected, g: dict, path: str):
        got = g.get("Value", [])
        if not isinstance(got, list):
            self.diff("format", path, None, got, "Value is a list")
            return
        if "InlineBinary" in g or "BulkDataURI" in g:
            self.diff("format", path, None, sorted(g), f"VR {e.vr} has a Value, not binary")
            return
        want = e.value or []
        note = f"pydicom could not encode this element ({e.error}); compared with its raw text" if e.error else ""
        a = _normalise(want, e.vr, path, loose=bool(e.error))
        b = _normalise(got, e.vr, path, loose=bool(e.error))
        if a is None or b is None:
            self.diff("value", path, want, got, note or "value of the wrong JSON type for the VR")
            return
        # N9: a value that is only padding ("  ") is no value for pydicom (no "Value"), and one
        # empty value ([null]) for a reader that keeps the value count: the same element.
        a, b = ([] if x in ([None], [("", "", "")]) else x for x in (a, b))
        if len(a) != len(b):
            self.diff("value", path, want, got, note or f"{len(a)} value(s) vs {len(b)}")
            return
        for i, (x, y) in enumerate(zip(a, b)):
            if not _same(x, y, e.vr):
                kind = "pn" if e.vr == "PN" else "value"
                where = f" (value {i + 1})" if len(a) > 1 else ""
                self.diff(kind, path, want, got, (note + where).strip())
                return


def _normalise(values: list, vr: str, path: str, loose: bool) -> list | None:
    """The comparable form of a JSON Value list. Each normalisation here is a place where the
    DICOM JSON Model (or DICOM itself) allows two spellings of one value; see the notes."""
    out = []
    for v in values:
        if vr == "PN":
            out.append(_pn(v))
            continue
        if v is None or v == "":
            # N1: an empty value in a multi-valued element: null (the JSON Model) or "" (pydicom).
            out.append(None)
            continue
        if vr in INT_VRS:
            # N2: IS may come as a JSON number or as a string holding the integer.
            if isinstance(v, bool):
                return None
            if isinstance(v, str):
                try:
                    v = int(v.strip())
                except ValueError:
                    if not loose:
                        return None
                    v = v.strip()
            elif isinstance(v, float) and v.is_integer():
                v = int(v)
            elif not isinstance(v, int):
                if not loose:
                    return None
            if path.endswith(tuple(f"({t[:4]},{t[4:]})" for t in LUT_DESCRIPTOR_TAGS)) and not out and isinstance(v, int):
                # N3: the first value of a LUT Descriptor is unsigned (PS3.3 C.11.1.1.1); pydicom
                # adds 65536 to a negative SS first value, aida may keep the signed reading.
                v &= 0xFFFF
            out.append(v)
            continue
        if vr in FLOAT_VRS:
            # N4: DS "1.50", "1.5", 1.5 and 1.50 are one value; compare as binary64. NaN and
            # the infinities may be spelled NaN/Infinity (Python's json) or as strings.
            if isinstance(v, bool):
                return None
            if isinstance(v, str):
                try:
                    v = float(v.strip())
                except ValueError:
                    if not loose:
                        return None
                    out.append(v.strip())
                    continue
            if not isinstance(v, (int, float)):
                return None
            v = float(v)
            if vr == "FL" and math.isfinite(v):
                # N5: an FL value printed as binary32 shortest ("0.1") or widened to binary64
                # (0.10000000149011612) is the same value: compare as binary32.
                try:
                    v = struct.unpack("<f", struct.pack("<f", v))[0]
                except OverflowError:
                    pass
            out.append(v)
            continue
        if vr == "AT":
            out.append(v if isinstance(v, str) else None if not loose else str(v))
            continue
        if not isinstance(v, str):
            if loose:
                v = str(v)
            else:
                return None
        # N6: trailing spaces and NULs are padding; pydicom strips them from some values and
        # not others (inner values of CS/DA/TM/UI, and UR keeps a NUL after a space).
        v = v.rstrip(" \x00")
        if vr in LEADING_SPACE_INSIGNIFICANT:
            # N7: leading spaces are not significant for AE CS DS IS LO SH (PS3.5 6.2).
            v = v.lstrip(" ")
        out.append(v or None)
    return out


def _pn(v: Any) -> tuple | None:
    # N8: a person name is three groups; an absent group, a null and "" are the same; an
    # empty name may be null, {} or {"Alphabetic": ""}; trailing "^" (empty trailing
    # components) and trailing spaces in a group are not significant (PS3.5 6.2.1).
    if v is None or v == "":
        return ("", "", "")
    if isinstance(v, str):
        return None  # the JSON Model spells a PN value as an object
    if not isinstance(v, dict) or set(v) - {"Alphabetic", "Ideographic", "Phonetic"}:
        return None
    groups = []
    for name in ("Alphabetic", "Ideographic", "Phonetic"):
        group = v.get(name) or ""
        if not isinstance(group, str):
            return None
        groups.append(group.rstrip(" ").rstrip("^").rstrip(" "))
    return tuple(groups)


def _same(x: Any, y: Any, vr: str) -> bool:
    if isinstance(x, float) and isinstance(y, float):
        return x == y or (math.isnan(x) and math.isnan(y))
    return x == y and type(x) is type(y)


def _summary(e: Expected) -> str:
    if e.items is not None:
        return f"{len(e.items)} item(s)"
    if e.data is not None:
        return f"{len(e.data)} bytes"
    return _show(e.value)


def _show(value: Any) -> Any:
    """A value for a report: itself when short, else the start of its JSON text."""
    if value is None or isinstance(value, (int, float, bool)):
        return value
    if isinstance(value, str):
        return value if len(value) <= MAX_SHOWN else value[:MAX_SHOWN] + "…"
    text = json.dumps(value, ensure_ascii=False, default=str)
    return json.loads(text) if len(text) <= MAX_SHOWN else text[:MAX_SHOWN] + "…"


def _hexsum(data: bytes) -> str:
    return f"{len(data)} bytes sha256:{hashlib.sha256(data).hexdigest()[:16]}"


def _first_difference(a: bytes, b: bytes) -> str:
    for i, (x, y) in enumerate(zip(a, b)):
        if x != y:
            return f"first differing byte at value offset {i}: {x:#04x} vs {y:#04x}"
    return f"lengths differ: {len(a)} vs {len(b)}"


# --------------------------------------------------------------------------------------
# One file, in a worker process


def check_file(job: dict) -> dict:
    path = Path(job["path"])
    aida: dict = {"status": "skipped"}
    reader = None
    if job["aida"]:
        started = time.monotonic()
        try:
            process = run_aida(job["aida"], path, job["aida_options"], job["timeout"])
        except OSError as exc:
            return {"file": job["display"], "corpus": job["corpus"], "status": "error", "differences": [{"kind": "oracle-error", "path": "", "pydicom": None, "aida": None, "detail": f"cannot run aida: {exc}"}]}

        def collect():
            aida.update(collect_aida(process, job["timeout"], started))

        # A thread drains aida's output (and keeps its clock) while pydicom reads the file.
        reader = threading.Thread(target=collect)
        reader.start()
    py = read_with_pydicom(path)
    if reader is not None:
        reader.join()
    result: dict[str, Any] = {
        "file": job["display"],
        "corpus": job["corpus"],
        "path": str(path),
        "size": path.stat().st_size,
        "pydicom": {k: py[k] for k in ("refused", "warnings", "unencodable") if k in py},
        "aida": {k: aida[k] for k in ("status", "exit", "stderr", "seconds", "problem") if k in aida},
        "differences": [],
    }
    if "deflated" in py:
        result["deflated"] = py["deflated"]
    diffs = result["differences"]
    status = aida["status"]
    if "refused" in py:
        if status == "refused":
            result["status"] = "both-refused"
            _check_refusal_message(aida, path, diffs)
        elif status == "parsed":
            result["status"] = "pydicom-refused"
            diffs.append({"kind": "pydicom-refused", "path": "", "pydicom": _show(py["refused"]), "aida": "parsed", "detail": "pydicom refuses this file, aida reads it"})
            # Still check what aida read, against pydicom's dcmread(force=True).
            forced = read_with_pydicom(path, force=True)
            if "tree" in forced:
                comparer = Comparer(path, forced["deflated"], job["threshold"], job["inline_binary"])
                try:
                    comparer.dataset(_expected_tree(forced, job), aida["json"], "")
                finally:
                    comparer.close()
                for d in comparer.differences:
                    d["detail"] = (d["detail"] + "; " if d["detail"] else "") + "against pydicom's force=True reading"
                diffs.extend(comparer.differences)
        elif status == "skipped":
            result["status"] = "pydicom-refused"
        else:
            result["status"] = "aida-failed"
            diffs.append({"kind": f"aida-{status}", "path": "", "pydicom": "refused", "aida": aida.get("problem") or _show(aida.get("stderr", "")), "detail": ""})
        return result
    if status == "refused":
        result["status"] = "aida-refused"
        _check_refusal_message(aida, path, diffs)
        diffs.append({"kind": "aida-refused", "path": _error_path(aida.get("stderr", "")), "pydicom": "read", "aida": _describe_error(aida.get("stderr", "")), "detail": "pydicom reads this file, aida refuses it"})
        return result
    if status == "skipped":
        result["status"] = "read"
        return result
    if status != "parsed":
        result["status"] = "aida-failed"
        diffs.append({"kind": f"aida-{status}", "path": "", "pydicom": "read", "aida": aida.get("problem") or _show(aida.get("stderr", "")), "detail": f"exit {aida.get('exit')}"})
        return result
    comparer = Comparer(path, py["deflated"], job["threshold"], job["inline_binary"])
    try:
        comparer.dataset(_expected_tree(py, job), aida["json"], "")
    finally:
        comparer.close()
    diffs.extend(comparer.differences)
    result["elements"] = comparer.elements
    result["status"] = "differing" if diffs else "equal"
    return result


def _stderr_errors(stderr: str) -> list[dict]:
    """The error lines of aida's stderr: JSON objects (with --json) or text lines."""
    errors = []
    for line in stderr.splitlines():
        line = line.strip()
        if not line:
            continue
        try:
            obj = json.loads(line)
        except ValueError:
            obj = None
        errors.append(obj if isinstance(obj, dict) else {"text": line})
    return errors


def _describe_error(stderr: str) -> str:
    shown = []
    for error in _stderr_errors(stderr):
        if "text" in error:
            shown.append(error["text"])
        else:
            shown.append(f"{error.get('error')} at {error.get('path')} offset {error.get('offset')}: {error.get('message')}")
    return _show(" | ".join(shown))


def _expected_tree(py: dict, job: dict) -> dict[str, Expected]:
    tree = py["tree"]
    if job["headers_only"] and "7FE00010" in tree:
        # --headers-only stops before the top-level Pixel Data: nothing from there on.
        tree = {k: v for k, v in tree.items() if k < "7FE00010"}
    return tree


def _check_refusal_message(aida: dict, path: Path, diffs: list[dict]):
    """The contract: exit 1 and an error line on stderr naming the file."""
    stderr = aida.get("stderr", "")
    named = False
    for error in _stderr_errors(stderr):
        if "text" in error:
            named = named or str(path) in error["text"]
        elif isinstance(error.get("file"), str):
            named = named or os.path.realpath(error["file"]) == os.path.realpath(path)
    if not named:
        diffs.append({"kind": "aida-message", "path": "", "pydicom": None, "aida": _show(stderr.strip()), "detail": "the error on stderr should name the file"})


def _error_path(stderr: str) -> str:
    for error in _stderr_errors(stderr):
        if isinstance(error.get("path"), str):
            return error["path"]
    match = re.search(r"\([0-9A-Fa-f]{4},[0-9A-Fa-f]{4}\)(\[\d+\]\.\([0-9A-Fa-f]{4},[0-9A-Fa-f]{4}\))*", stderr)
    return match.group(0) if match else ""


# --------------------------------------------------------------------------------------
# The allow-list


def _glob(pattern: str) -> re.Pattern:
    """'*' matches anything (also '/'), '?' one character; everything else is literal (so the
    brackets of tag paths need no escaping)."""
    return re.compile("".join(".*" if c == "*" else "." if c == "?" else re.escape(c) for c in pattern) + r"\Z", re.S)


class KnownDifferences:
    def __init__(self, path: Path):
        self.entries: list[dict] = []
        self.problems: list[str] = []
        if not path.exists():
            return
        try:
            data = json.loads(path.read_text())
        except ValueError as exc:
            self.problems.append(f"{path}: not JSON: {exc}")
            return
        for i, entry in enumerate(data.get("differences", [])):
            if not isinstance(entry, dict) or not entry.get("reason") or not entry.get("file"):
                self.problems.append(f"{path}: entry {i} needs at least file and reason")
                continue
            self.entries.append(
                {
                    **entry,
                    "_file": _glob(entry["file"]),
                    "_path": _glob(entry.get("path", "*")),
                    "_kind": _glob(entry.get("kind", "*")),
                    "_used": 0,
                }
            )

    def justify(self, file: str, difference: dict) -> str | None:
        for entry in self.entries:
            if (
                entry["_file"].match(file)
                and entry["_kind"].match(difference["kind"])
                and entry["_path"].match(difference["path"])
            ):
                entry["_used"] += 1
                return entry["reason"]
        return None

    def unused(self) -> list[dict]:
        return [{k: v for k, v in e.items() if not k.startswith("_")} for e in self.entries if not e["_used"]]


# --------------------------------------------------------------------------------------
# Reporting


def summarise(results: list[dict], corpora: dict[str, int], seconds: float, known: KnownDifferences) -> dict:
    count = lambda status: sum(r["status"] == status for r in results)  # noqa: E731
    diffs = [d for r in results for d in r["differences"]]
    unexplained = [d for d in diffs if not d.get("justified")]
    kinds: dict[str, int] = {}
    for d in diffs:
        kinds[d["kind"]] = kinds.get(d["kind"], 0) + 1
    return {
        "files": len(results),
        "corpora": corpora,
        "compared": count("equal") + count("differing"),
        "elements_compared": sum(r.get("elements", 0) for r in results),
        "equal": count("equal"),
        "differing": count("differing"),
        "pydicom_refused": sum("refused" in r.get("pydicom", {}) for r in results),
        "both_refused": count("both-refused"),
        "pydicom_refused_aida_read": count("pydicom-refused"),
        "aida_refused": count("aida-refused"),
        "aida_failed": count("aida-failed"),
        "pydicom_warned": sum(bool(r.get("pydicom", {}).get("warnings")) for r in results),
        "pydicom_unencodable": sum(bool(r.get("pydicom", {}).get("unencodable")) for r in results),
        "differences": len(diffs),
        "justified": len(diffs) - len(unexplained),
        "unexplained": len(unexplained),
        "kinds": dict(sorted(kinds.items())),
        "seconds": round(seconds, 1),
        "aida_ran": any(r.get("aida", {}).get("status") not in (None, "skipped") for r in results),
        "allow_list_problems": known.problems,
    }


def render(summary: dict, results: list[dict], verbose: bool, limit_per_file: int = 25) -> str:
    s = summary
    lines = [
        f"DICOM oracle (pydicom as reference): {s['files']} files ("
        + ", ".join(f"{k} {v}" for k, v in s["corpora"].items())
        + f") in {s['seconds']} s",
        f"  compared {s['compared']} ({s['elements_compared']} elements at every depth): equal {s['equal']}, differing {s['differing']}",
        f"  pydicom refused {s['pydicom_refused']}: aida refused {s['both_refused']} of them too, read {s['pydicom_refused_aida_read']}"
        if s["aida_ran"]
        else f"  pydicom refused {s['pydicom_refused']} (aida not run)",
        f"  aida refused {s['aida_refused']} that pydicom reads; aida failed (crash, timeout, bad output) on {s['aida_failed']}",
        f"  pydicom warned on {s['pydicom_warned']}; could not encode some element of {s['pydicom_unencodable']}",
        f"  differences {s['differences']}: justified {s['justified']}, unexplained {s['unexplained']}"
        + (f"  by kind: {json.dumps(s['kinds'])}" if s["kinds"] else ""),
    ]
    for problem in s["allow_list_problems"]:
        lines.append(f"  allow-list problem: {problem}")
    for r in results:
        shown = [d for d in r["differences"] if verbose or not d.get("justified")]
        extra = []
        if verbose:
            for w in r.get("pydicom", {}).get("warnings", [])[:5]:
                extra.append(f"    pydicom warned: {_show(w)}")
            for u in r.get("pydicom", {}).get("unencodable", [])[:5]:
                extra.append(f"    pydicom could not encode {_show(u)}")
            if "refused" in r.get("pydicom", {}):
                extra.append(f"    pydicom refused: {_show(r['pydicom']['refused'])}")
        if not shown and not extra and r["status"] in ("equal", "read", "both-refused"):
            continue
        seconds = r.get("aida", {}).get("seconds")
        lines.append(f"{r['file']}: {r['status']}" + (f" (aida {seconds} s)" if seconds is not None else ""))
        lines.extend(extra)
        for d in shown[:limit_per_file]:
            text = f"    [{d['kind']}] {d['path'] or '(file)'}"
            if d["pydicom"] is not None or d["aida"] is not None:
                text += f"  pydicom={json.dumps(d['pydicom'], ensure_ascii=False)} aida={json.dumps(d['aida'], ensure_ascii=False)}"
            if d.get("detail"):
                text += f"  ({d['detail']})"
            if d.get("justified"):
                text += f"  -- known: {d['justified']}"
            lines.append(text)
        if len(shown) > limit_per_file:
            lines.append(f"    … and {len(shown) - limit_per_file} more")
    return "\n".join(lines)


# --------------------------------------------------------------------------------------


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0], formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--aida", help="the aida executable (default $AIDA_BIN, else .build/debug/aida of the package)")
    parser.add_argument("--corpus", choices=["pydicom", "pydicom-data", "deid-data", "all"], default="all")
    parser.add_argument("--limit", type=int, help="at most N files (per corpus order, after --corpus)")
    parser.add_argument("--file", action="append", default=[], help="only this file (a path, or a glob over corpus names); repeatable")
    parser.add_argument("--json", action="store_true", help="print a machine-readable report on stdout")
    parser.add_argument("--jobs", type=int, default=2, help="files checked at once (default 2)")
    parser.add_argument("--timeout", type=float, default=10.0, help="seconds aida may take per file (default 10)")
    group = parser.add_mutually_exclusive_group()
    group.add_argument("--bulk-threshold", type=int, help="passed to aida; binary values longer than N bytes must be BulkDataURI")
    group.add_argument("--inline-binary", action="store_true", help="passed to aida; every binary value must be InlineBinary")
    parser.add_argument("--headers-only", action="store_true", help="passed to aida; pydicom's elements from the top-level Pixel Data on are not expected")
    parser.add_argument("--known", default=str(DEFAULT_KNOWN), help="the allow-list (default known_differences.json beside this script)")
    parser.add_argument("--pydicom-only", action="store_true", help="do not run aida: list what pydicom reads, refuses, warns on")
    parser.add_argument("-v", "--verbose", action="store_true", help="also show justified differences, warnings, refusals")
    args = parser.parse_args(argv)

    try:
        import pydicom
    except ImportError:
        print("oracle: pydicom is not installed (pip install pydicom)", file=sys.stderr)
        return 2
    if pydicom.__version__ != "3.0.2":
        print(f"oracle: warning: pydicom {pydicom.__version__}, the notes describe 3.0.2", file=sys.stderr)

    aida: list[str] = []
    if not args.pydicom_only:
        binary = args.aida or os.environ.get("AIDA_BIN") or str(HERE.parents[2] / ".build" / "debug" / "aida")
        if not (os.path.isfile(binary) and os.access(binary, os.X_OK)):
            print(f"oracle: no aida executable at {binary} (build it, or pass --aida)", file=sys.stderr)
            return 2
        aida = [os.path.abspath(binary)]

    names = ["pydicom", "pydicom-data", "deid-data"] if args.corpus == "all" else [args.corpus]
    files: list[tuple[str, str, Path]] = []
    corpora: dict[str, int] = {}
    for name in names:
        found = corpus_files(name)
        corpora[name] = len(found)
        files.extend((name, display, path) for display, path in found)
    if args.file:
        chosen = []
        for pattern in args.file:
            if os.path.exists(pattern):
                real = Path(pattern).resolve()
                match = [f for f in files if f[2] == real] or [("file", str(real), real)]
            else:
                match = [f for f in files if _glob(pattern).match(f[1]) or _glob("*" + pattern).match(f[1])]
                if not match:
                    print(f"oracle: no corpus file matches {pattern}", file=sys.stderr)
                    return 2
            chosen.extend(m for m in match if m not in chosen)
        files = chosen
        corpora = {}
        for corpus, _, _ in files:
            corpora[corpus] = corpora.get(corpus, 0) + 1
    if args.limit is not None:
        files = files[: args.limit]
        corpora = {}
        for corpus, _, _ in files:
            corpora[corpus] = corpora.get(corpus, 0) + 1

    options: list[str] = []
    if args.bulk_threshold is not None:
        options = ["--bulk-threshold", str(args.bulk_threshold)]
    elif args.inline_binary:
        options = ["--inline-binary"]
    if args.headers_only:
        options.append("--headers-only")
    jobs = [
        {
            "corpus": corpus,
            "display": display,
            "path": str(path),
            "aida": aida,
            "aida_options": options,
            "timeout": args.timeout,
            "threshold": args.bulk_threshold,
            "inline_binary": args.inline_binary,
            "headers_only": args.headers_only,
        }
        for corpus, display, path in files
    ]
    # Big files first, so that the two workers finish together.
    order = sorted(range(len(jobs)), key=lambda i: -Path(jobs[i]["path"]).stat().st_size)
    started = time.monotonic()
    results: list[dict | None] = [None] * len(jobs)
    if args.jobs <= 1:
        _setup_worker()
        for i in order:
            results[i] = check_file(jobs[i])
    else:
        with concurrent.futures.ProcessPoolExecutor(max_workers=args.jobs, initializer=_setup_worker) as pool:
            futures = {pool.submit(check_file, jobs[i]): i for i in order}
            for future in concurrent.futures.as_completed(futures):
                i = futures[future]
                try:
                    results[i] = future.result()
                except Exception as exc:  # noqa: BLE001 - a bug here must not hide the rest
                    results[i] = {"file": jobs[i]["display"], "corpus": jobs[i]["corpus"], "status": "error", "differences": [{"kind": "oracle-error", "path": "", "pydicom": None, "aida": None, "detail": f"{type(exc).__name__}: {exc}"}]}
    seconds = time.monotonic() - started
    done = [r for r in results if r is not None]

    known = KnownDifferences(Path(args.known))
    for r in done:
        r.setdefault("differences", [])
        for d in r["differences"]:
            d["justified"] = known.justify(r["file"], d)
    summary = summarise(done, corpora, seconds, known)
    failed = summary["unexplained"] > 0 or bool(known.problems) or any(r["status"] == "error" for r in done)
    summary["passed"] = not failed
    if args.pydicom_only:
        failed = False
    text = render(summary, done, args.verbose)
    unused = known.unused()
    if unused and not args.file and args.limit is None and args.corpus == "all" and not args.pydicom_only:
        text += "\nallow-list entries that matched nothing (remove them?):\n" + "\n".join(
            f"    {json.dumps(u, ensure_ascii=False)}" for u in unused
        )
    if args.json:
        report = {"summary": summary, "text": text, "unused_allow_list": unused, "files": done}
        json.dump(report, sys.stdout, ensure_ascii=False, indent=1, default=str)
        sys.stdout.write("\n")
    else:
        print(text)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
