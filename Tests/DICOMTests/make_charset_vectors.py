#!/usr/bin/env python3
"""Writes CharacterSetVectors.swift: test vectors for SpecificCharacterSet, taken
from pydicom 3.0.2, so that the Swift tests need no Python.

    python3 Tests/DICOMTests/make_charset_vectors.py

CHARSET_FUZZ=1000 makes many more random vectors, for a deeper check before committing
the default-sized file.

Every expected value is what pydicom itself returns for the bytes; nothing is typed
by hand except the inputs, which come from pydicom's charset test files, the cases
of pydicom's tests/test_charset.py, and seeded random byte strings. Vectors are JSON
(ASCII-only) inside a raw string literal.
"""

import codecs
import json
import os
import pathlib
import random
import warnings

import pydicom
import pydicom.charset as charset
from pydicom import config, dcmread
from pydicom.data import get_charset_files, get_testdata_file
from pydicom.dataelem import DataElement
from pydicom.multival import MultiValue
from pydicom.valuerep import PersonName, TEXT_VR_DELIMS, PN_DELIMS
from pydicom.values import convert_PN, convert_single_string, convert_text

assert pydicom.__version__ == "3.0.2", pydicom.__version__
config.settings.reading_validation_mode = config.WARN
OUT = pathlib.Path(__file__).with_name("CharacterSetVectors.swift")
CHARSET_VRS = {"SH", "LO", "ST", "LT", "PN", "UC", "UT"}
FUZZ = int(os.environ.get("CHARSET_FUZZ", "24"))


def capture(function):
    """Runs `function`, returning its result (None if it raised: pydicom's reader fails
    on a few inputs, e.g. an empty PN component when ISO 2022 IR 87 is the first term)
    and pydicom's warning texts."""
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        try:
            result = function()
        except (IndexError, UnicodeError, LookupError):
            result = None
    return result, [str(w.message) for w in caught]


def as_values(value):
    """A converted element value as pydicom's strings, [] for VM 0."""
    if value is None or value == "":
        return []
    if isinstance(value, (MultiValue, list)):
        return [str(v) for v in value]
    return [str(value)]


def reader_values(raw, encodings, vr):
    """What pydicom's reader (values.convert_*) makes of a value."""
    if vr == "PN":
        return as_values(convert_PN(raw, encodings))
    if vr in ("ST", "LT", "UT"):
        return as_values(convert_single_string(raw, encodings, vr))
    return as_values(convert_text(raw, encodings, vr))


def element_values(raw, terms, vr):
    """What pydicom's DataElement made from bytes, then decode_element, yields."""
    elem = DataElement(0x00100010 if vr == "PN" else 0x00081030, vr, raw)
    charset.decode_element(elem, terms)
    return as_values(elem.value)


# -- 1. Elements of pydicom's charset test files, as its reader decodes them --------

def file_vectors():
    vectors = []

    def walk(ds, name, terms, path):
        if 0x00080005 in ds:
            # The reader has already converted (0008,0005); rebuild its bytes, padded.
            terms = as_values(ds.SpecificCharacterSet) or [""]
            raw = "\\".join(terms).encode()
            raw += b" " * (len(raw) % 2)
            vectors.append({"file": name, "path": path + "00080005", "vr": "CS",
                            "terms": terms, "bytes": raw.hex(), "values": terms, "decoded": ""})
        for tag in list(ds.keys()):
            raw = ds.get_item(tag)
            if raw.VR == "SQ":
                for index, item in enumerate(ds[tag].value):
                    walk(item, name, terms, f"{path}{tag:08X}/{index}/")
                continue
            if raw.VR not in CHARSET_VRS or not isinstance(raw.value, bytes):
                continue
            encodings = ds._character_set
            decoded, _ = capture(lambda: charset.decode_bytes(raw.value, encodings, TEXT_VR_DELIMS))
            vectors.append({"file": name, "path": f"{path}{tag:08X}", "vr": raw.VR,
                            "terms": terms, "bytes": raw.value.hex(),
                            "values": as_values(ds[tag].value), "decoded": decoded})

    for path in sorted(get_charset_files("*.dcm")) + [get_testdata_file("CT_small.dcm")]:
        name = pathlib.Path(path).name
        walk(dcmread(path), name, [], "")
    return vectors


# -- 2. The decoding cases of pydicom's tests/test_charset.py -------------------------

ENCODED_NAMES = [
    ("ISO 2022 IR 13", b"\x1b\x29\x49\xd4\xcf\xc0\xde\x5e\x1b\x29\x49\xc0\xdb\xb3"),
    ("ISO 2022 IR 100", b"\x1b\x2d\x41\x42\x75\x63\x5e\x1b\x2d\x41\x4a\xe9\x72\xf4\x6d\x65"),
    ("ISO 2022 IR 101", b"\x1b\x2d\x42\x57\x61\xb3\xea\x73\x61"),
    ("ISO 2022 IR 109", b"\x1b\x2d\x43\x61\x6e\x74\x61\xfd\x6e\x6f\x6d\x6f"),
    ("ISO 2022 IR 110", b"\x1b\x2d\x44\x76\xe0\x72\x64\x73"),
    ("ISO 2022 IR 127", b"\x1b\x2d\x47\xe2\xc8\xc7\xe6\xea\x5e\x1b\x2d\x47\xe4\xe6\xd2\xc7\xd1"),
    ("ISO 2022 IR 126", b"\x1b\x2d\x46\xc4\xe9\xef\xed\xf5\xf3\xe9\xef\xf2"),
    ("ISO 2022 IR 138", b"\x1b\x2d\x48\xf9\xf8\xe5\xef\x5e\x1b\x2d\x48\xe3\xe1\xe5\xf8\xe4"),
    ("ISO 2022 IR 144", b"\x1b\x2d\x4c\xbb\xee\xda\x63\x65\xdc\xd1\x79\x70\xd3"),
    ("ISO 2022 IR 148", b"\x1b\x2d\x4d\xc7\x61\x76\x75\xfe\x6f\xf0\x6c\x75"),
    ("ISO 2022 IR 166", b"\x1b\x2d\x54\xb9\xd2\xc1\xca\xa1\xd8\xc5"),
]
GREEK = b"\xc4\xe9\xef\xed\xf5\xf3\xe9\xef\xf2"
MULTI = (b"Buc^J\xe9r\xf4me\\\x1b\x2d\x46" + GREEK + b"\\\x1b\x2d\x4C"
         b"\xbb\xee\xda\x63\x65\xdc\xd1\x79\x70\xd3")

# (test name, terms, VR, bytes)
CHARSET_TEST_CASES = [
    ("test_bad_charset", ["ISO 2022 IR 126"], "PN", b"CITIZEN"),
    ("test_empty_charset", [""], "PN", b"CITIZEN"),
    ("test_bad_encoded_single_encoding", ["ISO_IR 192"], "PN", GREEK),
    ("test_code_extensions_not_allowed", ["ISO_IR 192", "ISO 2022 IR 100", "ISO 2022 IR 144"],
     "PN", b"Buc^J\xc3\xa9r\xc3\xb4me"),
    ("test_bad_decoded_multi_byte_encoding", ["ISO 2022 IR 159"], "PN", b"\x1b$(D" + GREEK),
    ("test_unknown_escape_sequence", ["ISO_IR 100"], "PN", b"\x1b\x2d\x46" + GREEK),
    ("test_patched_charset", ["ISO_IR 192"], "PN", b"Buc^J\xc3\xa9r\xc3\xb4me"),
    ("test_patched_charset", ["ISO IR 192"], "PN", b"Buc^J\xc3\xa9r\xc3\xb4me"),
    ("test_patched_charset", ["ISO_IR 100", "ISO-IR 144"], "PN", b"Buc^J\xe9r\xf4me"),
    ("test_patched_charset", ["ISOIR 192"], "PN", b"Buc^J\xc3\xa9r\xc3\xb4me"),
    ("test_patched_charset", ["utf8"], "PN", b"Buc^J\xc3\xa9r\xc3\xb4me"),
    ("test_patched_code_extension_charset", ["ISO 2022 IR 100", "ISO 2022 IR 126"], "PN",
     b"Dionysios=\x1b\x2d\x46" + GREEK),
    ("test_patched_code_extension_charset", ["ISO_2022-IR 100", "ISO 2022 IR 126"], "PN",
     b"Dionysios=\x1b\x2d\x46" + GREEK),
    ("test_patched_code_extension_charset", ["ISO 2022 IR 100", "ISO_2022_IR+126"], "PN",
     b"Dionysios=\x1b\x2d\x46" + GREEK),
    ("test_multi_charset_default_value", ["ISO 2022 IR 100", "ISO 2022 IR 144"], "PN",
     b"Buc^J\xe9r\xf4me"),
    ("test_multi_charset_default_value", ["ISO 2022 IR 100", "ISO 2022 IR 144"], "LO",
     b"R\xf6ntgenaufnahme"),
    ("test_single_byte_multi_charset_personname", ["ISO 2022 IR 100", "ISO 2022 IR 126"], "PN",
     b"Dionysios=\x1b\x2d\x46" + GREEK),
    ("test_single_byte_multi_charset_personname",
     ["ISO 2022 IR 100", "ISO 2022 IR 144", "ISO 2022 IR 126"], "PN", MULTI),
    ("test_single_byte_multi_charset_text", ["ISO 2022 IR 100", "ISO 2022 IR 126"], "LO",
     b"Dionysios is \x1b\x2d\x46" + GREEK),
    ("test_single_byte_multi_charset_text",
     ["ISO 2022 IR 100", "ISO 2022 IR 144", "ISO 2022 IR 126"], "LO", MULTI),
    ("test_missing_escape_for_single_byte_code_extensions", ["", "ISO 2022 IR 13"], "PN",
     b"ASCII+\x1b\x29\x49\xd4\xcf\xc0\xde\x5e\xc0\xdb\xb3"),
    ("test_invalid_second_encoding", ["ISO 2022 IR 100", "ISO 2022 IR 146"], "PN", b"CITIZEN"),
    ("test_invalid_character_set", ["UNSUPPORTED"], "PN", b"CompressedSamples^CT1"),
] + [("test_single_byte_code_extensions", ["", term], "PN", b"ASCII+" + raw)
     for term, raw in ENCODED_NAMES]


def case_vector(test, terms, vr, raw):
    encodings, term_warnings = capture(lambda: charset.convert_encodings(terms))
    element, element_warnings = capture(lambda: element_values(raw, terms, vr))
    return {"test": test, "terms": terms, "vr": vr, "bytes": raw.hex(),
            "encodings": encodings, "warnings": term_warnings,
            "element": element, "reader": capture(lambda: reader_values(raw, encodings, vr))[0],
            "decoded": capture(lambda: charset.decode_bytes(raw, encodings, TEXT_VR_DELIMS))[0]}


# -- 3. (0008,0005) terms to pydicom's Python encodings and warnings -------------------

TERM_LISTS = [
    [], [""], ["ISO_IR 6"], ["ISO_IR 100"], ["ISO_IR 192"], ["ISO_IR 192 "], ["GB18030"],
    ["ISO IR 100"], ["ISO-IR 100"], ["ISO_IR100"], ["ISO_IR 999"], ["ISO IR 999"],
    ["ISO 2022 IR 87"], ["ISO_2022 IR 87"], ["ISO-2022-IR-149"], ["ISO 2022-IR 999"],
    ["ISO 2022 IR 100 "], [" ISO_IR 100"], ["ISO_IR_100"], ["ISO 2022 IR 6", "ISO 2022 IR 87"],
    ["utf8"], ["UTF-8"], ["latin1"], ["Latin-1"], ["iso8859.1"], ["iso_8859.1"], ["utf8."],
    ["cp1252"], ["windows-1251"], ["koi8-r"], ["tis620"], ["shift-jis"], ["x-mac-japanese"],
    ["euc-kr"], ["gb2312"], ["GBK"], ["ISO 2022 GBK"], ["ISO 2022 58"], ["cp936"],
    ["iso2022jp"], ["ISO-2022-JP-2"], ["ascii"], ["US-ASCII"], ["646"], ["mbcs"], ["euc_jp"],
    ["big5"], ["utf_16"], ["UNSUPPORTED"], ["ISOIR 192"], ["ISO\nIR 100"], ["ISO 2022\nIR 100"],
    ["ISO_IR 126", "GBK", "ISO 2022 IR 144", "ISO_IR 192"],
    ["ISO_IR 192", "ISO 2022 IR 100", "ISO 2022 IR 144"], ["GB18030", "ISO 2022 IR 100"],
    ["ISO IR 192", "ISO 2022 IR 100"], ["", "ISO 2022 IR 87", "ISO 2022 IR 159"],
    ["ISO 2022 IR 13", "ISO 2022 IR 87"], ["", "ISO 2022 IR 149"], ["", "ISO 2022 IR 58"],
    ["ISO 2022 IR 100", "ISO 2022 IR 146"], ["ISO_2022-IR 100", "ISO 2022 IR 126"],
    ["ISO 2022 IR 100", "ISO_2022_IR+126"], ["", ""], ["ISO_IR 100", ""],
]


def term_vector(terms):
    encodings, found = capture(lambda: charset.convert_encodings(terms))
    return {"terms": terms, "encodings": encodings, "warnings": found}


# -- 4. Seeded random byte strings through decode_bytes and PersonName ----------------

FUZZ_TERM_LISTS = [
    ["ISO_IR 100"], ["ISO_IR 101"], ["ISO_IR 109"], ["ISO_IR 110"], ["ISO_IR 126"],
    ["ISO_IR 127"], ["ISO_IR 138"], ["ISO_IR 144"], ["ISO_IR 148"], ["ISO_IR 166"],
    ["ISO_IR 13"], ["ISO_IR 192"], ["GB18030"], ["GBK"], [], ["ISO 2022 IR 87"],
    ["ISO 2022 IR 159"], ["ISO 2022 IR 149"], ["ISO 2022 IR 58"], ["ISO 2022 58"],
    ["", "ISO 2022 IR 87"], ["ISO 2022 IR 13", "ISO 2022 IR 87"],
    ["", "ISO 2022 IR 87", "ISO 2022 IR 159"], ["", "ISO 2022 IR 149"], ["", "ISO 2022 IR 58"],
    ["ISO 2022 IR 100", "ISO 2022 IR 126", "ISO 2022 IR 144"], ["ISO 2022 IR 87", "ISO 2022 IR 13"],
    ["ISO 2022 IR 149", "ISO 2022 IR 100"], ["latin_1", "iso8859_2"], ["ascii"], ["cp1252"],
    ["ISO 2022 IR 159", "ISO 2022 IR 87"], ["ISO 2022 IR 13"],
]
ESCAPES = [b"\x1b(B", b"\x1b(J", b"\x1b)I", b"\x1b$B", b"\x1b$@", b"\x1b$(D", b"\x1b$)C",
           b"\x1b$)A", b"\x1b$A", b"\x1b$(C", b"\x1b-A", b"\x1b-B", b"\x1b-F", b"\x1b-L",
           b"\x1b-T", b"\x1b.A", b"\x1bN", b"\x1b", b"\x1b$", b"\x1b$(", b"\x1b&@\x1b$B",
           b"\x1b(I", b"\x1b-Z", b"\x1bx"]
SAMPLES = ["山田太郎", "やまだ", "ﾔﾏﾀﾞ", "洪吉洞", "김희중", "王小东", "Διονυσιος", "Jérôme",
           "Люкceмбypг", "שרון", "قباني", "นามสกุล", "鷗外", "𠀋", "€", "\\", "ḿ", "齩"]
PIECE_ENCODINGS = ["iso2022_jp", "iso2022_jp_2", "euc_kr", "gb2312", "gbk", "gb18030",
                   "shift_jis", "utf_8", "latin_1", "iso8859_7", "iso8859_5", "tis_620"]


def random_bytes(rng):
    out = bytearray()
    for _ in range(rng.randint(1, 7)):
        kind = rng.random()
        if kind < 0.2:
            out += rng.choice(ESCAPES)
        elif kind < 0.4:
            out += rng.choice([b"^", b"=", b"\\", b"\r\n", b"\t", b"\x0c", b" ", b"A", b"Yamada"])
        elif kind < 0.65:
            try:
                out += rng.choice(SAMPLES).encode(rng.choice(PIECE_ENCODINGS))
            except UnicodeEncodeError:
                out += b"?"
        elif kind < 0.85:
            out += bytes(rng.randrange(0x80, 0x100) for _ in range(rng.randint(1, 4)))
        else:
            out += bytes(rng.randrange(0x20, 0x7f) for _ in range(rng.randint(1, 4)))
    return bytes(out)


def fuzz_vectors():
    rng = random.Random(20240611)
    vectors = []
    for terms in FUZZ_TERM_LISTS:
        encodings, _ = capture(lambda: charset.convert_encodings(terms))
        for _ in range(FUZZ):
            raw = random_bytes(rng)
            decoded, _ = capture(lambda: charset.decode_bytes(raw, encodings, TEXT_VR_DELIMS))
            name, _ = capture(lambda: str(PersonName(raw, encodings)))
            reader, _ = capture(lambda: reader_values(raw, encodings, "PN"))
            values, _ = capture(lambda: reader_values(raw, encodings, "LO"))
            vectors.append({"terms": terms, "bytes": raw.hex(), "decoded": decoded,
                            "personName": name, "readerPN": reader, "readerLO": values})
    return vectors


# -- 5. The codecs alone: strict success and errors="replace" -------------------------

SINGLE_BYTE = (["ascii", "latin_1"]
               + [f"iso8859_{i}" for i in (2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 13, 14, 15, 16)]
               + [f"cp{i}" for i in range(1250, 1259)] + ["koi8_r", "koi8_u", "tis_620", "cp874"])
MULTI_BYTE = ["utf_8", "shift_jis", "euc_kr", "gb2312", "gbk", "gb18030",
              "iso2022_jp", "iso2022_jp_2"]


def fnv(values):
    """FNV-1a over 32-bit values, as the Swift test computes it."""
    h = 0xcbf29ce484222325
    for v in values:
        for shift in (0, 8, 16, 24):
            h = ((h ^ ((v >> shift) & 0xFF)) * 0x100000001b3) & 0xFFFFFFFFFFFFFFFF
    return h


def strict_scalars(data, codec):
    """Scalars of a strict decode, or [0xFFFFFFFF] when Python raises."""
    try:
        return [ord(c) for c in data.decode(codec)] or [0xFFFFFFFE]
    except UnicodeDecodeError:
        return [0xFFFFFFFF]


def pair_inputs(codec):
    if codec in ("iso2022_jp", "iso2022_jp_2"):
        escapes = {"iso2022_jp": [b"\x1b$B"],
                   "iso2022_jp_2": [b"\x1b$B", b"\x1b$(D", b"\x1b$(C", b"\x1b$A"]}[codec]
        return [e + bytes([a, b]) for e in escapes for a in range(0x21, 0x7f) for b in range(0x21, 0x7f)]
    return [bytes([a, b]) for a in range(0x80, 0x100) for b in range(0x100)]


def codec_vectors():
    rng = random.Random(7)
    tables = {c: "".join(bytes([b]).decode(c, errors="replace") for b in range(0x80, 0x100))
              for c in SINGLE_BYTE}
    hashes = {}
    for codec in MULTI_BYTE:
        values = []
        for data in pair_inputs(codec):
            values += strict_scalars(data, codec)
        hashes[codec] = str(fnv(values))
    four = []
    for index in range(39420):
        b1, rest = divmod(index, 12600)
        b2, rest = divmod(rest, 1260)
        b3, b4 = divmod(rest, 10)
        four += strict_scalars(bytes([0x81 + b1, 0x30 + b2, 0x81 + b3, 0x30 + b4]), "gb18030")
    hashes["gb18030-4"] = str(fnv(four))
    samples = []
    for codec in MULTI_BYTE:
        for _ in range(FUZZ * 5):
            raw = random_bytes(rng)
            if rng.random() < 0.5:
                raw = raw.replace(b"\x1b", b"")
            try:
                raw.decode(codec)
                ok = True
            except UnicodeDecodeError:
                ok = False
            samples.append({"codec": codec, "bytes": raw.hex(), "strict": ok,
                            "replaced": raw.decode(codec, errors="replace")})
    return {"singleByte": tables, "pairHashes": hashes, "samples": samples}


# -- 6. Encoding: pydicom's encode_string and PersonName.encode -----------------------

ENCODE_CASES = [
    (["ISO 2022 IR 6", "ISO 2022 IR 87", "ISO 2022 IR 159"], "PN", "Mori^Ogai=森^鷗外=もり^おうがい"),
    (["ISO 2022 IR 13", "ISO 2022 IR 87", "ISO 2022 IR 159"], "LO", "あaｱア齩"),
    (["ISO_IR 192"], "PN", "Buc^Jérôme"),
    (["ISO_IR 100"], "PN", "Buc^Jérôme"),
    (["ISO_IR 100"], "LO", "Röntgen\\Aufnahme"),
    (["ISO_IR 13"], "LO", "ﾔﾏﾀﾞ"),
    (["ISO 2022 IR 100", "ISO 2022 IR 126"], "LO", "Dionysios is Διονυσιος"),
    (["ISO 2022 IR 100", "ISO 2022 IR 144", "ISO 2022 IR 126"], "LO",
     "Buc^Jérôme\\Διονυσιος\\Люкceмбypг"),
    (["", "ISO 2022 IR 149"], "PN", "Hong^Gildong=洪^吉洞=홍^길동"),
    (["GB18030"], "PN", "Wang^XiaoDong=王^小东"),
    (["GBK"], "LO", "王小东"),
    (["ISO_IR 166"], "ST", "นามสกุล"),
]


def encode_vectors():
    vectors = []
    for terms, vr, text in ENCODE_CASES:
        encodings, _ = capture(lambda: charset.convert_encodings(terms))
        if vr == "PN":
            encoded = b"\\".join(PersonName(v).encode(encodings) for v in text.split("\\"))
        elif vr in ("LO", "SH", "UC"):
            encoded = b"\\".join(charset.encode_string(v, encodings) for v in text.split("\\"))
        else:
            encoded = charset.encode_string(text, encodings)
        vectors.append({"terms": terms, "vr": vr, "text": text, "bytes": encoded.hex()})
    for terms, text in [(["ISO 2022 IR 13"], "あaｱア"), (["ISO_IR 100"], "Διονυσιος")]:
        encodings, _ = capture(lambda: charset.convert_encodings(terms))
        with warnings.catch_warnings(record=True) as found:
            warnings.simplefilter("always")
            charset.encode_string(text, encodings)
        assert found, "pydicom should have fallen back to replacement characters"
        vectors.append({"terms": terms, "vr": "LO", "text": text, "bytes": None})
    return vectors


def main():
    data = {"files": file_vectors(),
            "cases": [case_vector(*case) for case in CHARSET_TEST_CASES],
            "terms": [term_vector(t) for t in TERM_LISTS],
            "fuzz": fuzz_vectors(),
            "codecs": codec_vectors(),
            "encode": encode_vectors()}
    # One vector per line, so that a regenerated file diffs readably.
    def dumps(value):
        return json.dumps(value, ensure_ascii=True, sort_keys=True, separators=(",", ":"))

    data["codecs"] = [data["codecs"]]
    sections = [f'"{key}":[\n' + ",\n".join(dumps(v) for v in data[key]) + "]"
                for key in sorted(data)]
    text = "{\n" + ",\n".join(sections) + "\n}"
    json.loads(text)
    assert '\\##' not in text and '"""##' not in text
    OUT.write_text(
        "// Generated by make_charset_vectors.py from pydicom 3.0.2. Do not edit.\n\n"
        "/// Test vectors for CharacterSetTests, as JSON.\n"
        f'let characterSetVectorsJSON = ##"""\n{text}\n"""##\n')
    print(f"wrote {OUT} ({len(text)} bytes)")


if __name__ == "__main__":
    main()
