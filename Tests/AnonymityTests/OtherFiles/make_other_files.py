"""Writes NIfTI and TIFF files with third-party writers (nibabel, tifffile) for the
gate's tests, and copies nibabel's own test data, into the folder given.

Usage: python3 make_other_files.py FOLDER
Prints one JSON object: {"nibabel_data": [file names copied], "written": [file names]}.
Exit 2 when nibabel, tifffile or numpy is missing (.ci/setup installs them).
"""
import json
import os
import shutil
import sys

try:
    import nibabel as nib
    import numpy as np
    import tifffile
except ImportError as error:
    print(f"missing a Python package: {error} (pip install nibabel tifffile)", file=sys.stderr)
    sys.exit(2)

PERSONNUMMER = "19850709-2388"  # Luhn-valid, the one the other tests use
EMAIL = "anna.svensson@example.se"
PHONE = "013-22 12 34"

out = sys.argv[1]
os.makedirs(out, exist_ok=True)
written = []


def path(name):
    written.append(name)
    return os.path.join(out, name)


# nibabel's shipped test data: NIfTI-1 (both byte orders), NIfTI-2, .nii.gz with comment
# extensions, pair headers, a CIFTI-2 file with its XML extension. None holds an identifier.
data = os.path.join(os.path.dirname(nib.__file__), "tests", "data")
copied = []
for name in ["anatomical.nii", "functional.nii", "example4d.nii.gz", "example_nifti2.nii.gz",
             "nifti1.hdr", "nifti2.hdr", "row_major.dconn.nii", "standard.nii.gz",
             "reoriented_anat_moved.nii"]:
    source = os.path.join(data, name)
    if os.path.exists(source):
        shutil.copy(source, os.path.join(out, "nibabel_" + name))
        copied.append("nibabel_" + name)

volume = np.arange(4 * 4 * 3, dtype=np.int16).reshape((4, 4, 3))

clean = nib.Nifti1Image(volume, np.eye(4))
clean.header["descrip"] = b"dcm2niix v1.0 TE=30;Time=143522.500"
nib.save(clean, path("clean.nii"))
nib.save(clean, path("clean.nii.gz"))

leak = nib.Nifti1Image(volume, np.eye(4))
leak.header["descrip"] = ("Pat " + PERSONNUMMER).encode()
leak.header["aux_file"] = b"ok.txt"
leak.header.extensions.append(nib.nifti1.Nifti1Extension(6, ("ring " + PHONE).encode()))
leak.header.extensions.append(nib.nifti1.Nifti1Extension(4, ("<AFNI>" + EMAIL + "</AFNI>").encode()))
nib.save(leak, path("leak.nii"))
nib.save(leak, path("leak.nii.gz"))

leak2 = nib.Nifti2Image(volume, np.eye(4))
leak2.header["intent_name"] = b"8507092388"
nib.save(leak2, path("leak2.nii"))

big_endian = nib.Nifti1Image(volume.astype(">i2"), np.eye(4), nib.Nifti1Header(endianness=">"))
big_endian.header["descrip"] = ("Pat " + PERSONNUMMER).encode()
nib.save(big_endian, path("leak_big_endian.nii"))

try:
    import pydicom
    from pydicom.dataset import Dataset

    ds = Dataset()
    ds.PatientName = "Svensson^Anna"
    ds.PatientID = "19850709-2388"
    ds.StudyDescription = "CT thorax"
    dicom = nib.Nifti1Image(volume, np.eye(4))
    dicom.header.extensions.append(nib.nifti1.Nifti1DicomExtension(2, ds))
    nib.save(dicom, path("dicom_extension.nii"))
except ImportError:
    pass

image = np.zeros((32, 32), dtype=np.uint8)
tifffile.imwrite(path("clean.tif"), image, description="a plain image", software="tifffile", metadata=None)
tifffile.imwrite(
    path("leak.tif"), image, description="Remiss " + PERSONNUMMER, metadata=None,
    extratags=[(315, "s", 0, EMAIL, True), (33432, "s", 0, "Ring " + PHONE, True)])
tifffile.imwrite(path("leak_big.tif"), image, bigtiff=True, description="Pat " + PERSONNUMMER, metadata=None)
tifffile.imwrite(path("leak_motorola.tif"), image, byteorder=">", description="Pat " + PERSONNUMMER, metadata=None)
tifffile.imwrite(
    path("xmp.tif"), image, metadata=None,
    extratags=[(700, "B", 0, ("<x:xmpmeta><dc:creator>" + EMAIL + "</dc:creator></x:xmpmeta>").encode(), True)])

# An Aperio-like slide: a tiled level 0, a stripped thumbnail, then label and macro images,
# the descriptions as Aperio writes them.
rgb = np.zeros((64, 64, 3), dtype=np.uint8)
small = np.zeros((16, 16, 3), dtype=np.uint8)
head = "Aperio Image Library v12.0.15\r\n"
with tifffile.TiffWriter(path("slide.svs")) as tif:
    tif.write(rgb, tile=(16, 16), metadata=None,
              description=head + "64x64 [0,0 64x64] (16x16) JPEG/RGB Q=70|AppMag = 20|MPP = 0.499")
    tif.write(small, metadata=None, description=head + "64x64 -> 16x16 - |AppMag = 20|MPP = 0.499")
    tif.write(small, metadata=None, description=head + "label 16x16")
    tif.write(small, metadata=None, description=head + "macro 16x16")
with tifffile.TiffWriter(path("slide_without_label.svs")) as tif:
    tif.write(rgb, tile=(16, 16), metadata=None,
              description=head + "64x64 [0,0 64x64] (16x16) JPEG/RGB Q=70|AppMag = 20|MPP = 0.499")
    tif.write(small, metadata=None, description=head + "64x64 -> 16x16 - |AppMag = 20|MPP = 0.499")

# OME-TIFF as Bio-Formats writes converted slides: one image per series, named.
with tifffile.TiffWriter(path("slide.ome.tif")) as tif:
    tif.write(small, metadata={"Name": "tissue"})
    tif.write(small, metadata={"Name": "label image"})

print(json.dumps({"nibabel_data": copied, "written": written}))
