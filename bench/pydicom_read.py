#!/usr/bin/env python3
"""The pydicom side of the dicom-headers benchmark (bench/harness.py runs it).

    pydicom_read.py --full FILES...    dcmread(path), pixel data included, and every value
    pydicom_read.py --headers FILES... dcmread(path, stop_before_pixels=True), every value

"Every value": every element of the file meta group and of the data set, at every sequence
depth (Dataset.iterall), has its `.value` taken, which makes pydicom convert the raw bytes
(numbers, DS/IS, PN, multi-valued strings), and then `str(value)`. Binary values (OB, OW, OD,
OF, OL, OV, UN) and sequences only get `len(value)`: a str() of 512 KiB of pixel data would
build a 2 MB repr that no reader needs (this favours pydicom), and a sequence's elements are
visited one by one anyway. A file pydicom cannot read ends the run with a traceback and a
non-zero status. The last line on stdout counts the files read, for the harness's sanity check.
"""
import sys

from pydicom import dcmread

NOT_STR = {"OB", "OW", "OD", "OF", "OL", "OV", "UN", "SQ"}


def touch(dataset):
    n = 0
    for element in dataset.iterall():
        value = element.value
        if element.VR in NOT_STR:
            if value is not None:
                len(value)
        else:
            str(value)
        n += 1
    return n


def main(argv):
    if len(argv) < 2 or argv[0] not in ("--full", "--headers"):
        print(__doc__, file=sys.stderr)
        return 2
    stop = argv[0] == "--headers"
    files = elements = 0
    for path in argv[1:]:
        ds = dcmread(path, stop_before_pixels=stop)
        elements += touch(ds.file_meta) + touch(ds)
        files += 1
    print(f"pydicom_read: {files} files, {elements} elements")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
