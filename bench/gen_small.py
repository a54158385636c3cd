#!/usr/bin/env python3
"""Generate many small files for aida's small-files benchmark.

Each file is 2-8 KiB; half are text-like (words, numbers and punctuation, which
compress about 3x), half binary (little-endian 16-bit samples of a noisy ramp,
which compress a little). Files sit in folders of --per-dir files:
d0000/f0000000.bin, d0000/f0000001.bin, ... The extension is `.bin`, so aida's
default .gitattributes sends every file to the object store, as it does DICOM.
The output depends only on --count, --per-dir and --seed.

  python3 gen_small.py --out small-10k --count 10000
"""
import argparse, os, random, struct, sys

WORDS = ("slice series study patient contrast axial coronal sagittal kernel soft bone "
         "lung window level pixel spacing thickness position orientation rescale slope "
         "intercept modality scanner protocol phase arterial venous delayed region lesion "
         "nodule mask label annotation reader consensus volume mean median sd hu").split()


def text_like(rng: random.Random, size: int) -> bytes:
    out, n = [], 0
    while n < size:
        r = rng.random()
        if r < 0.7:
            w = rng.choice(WORDS)
        elif r < 0.9:
            w = f"{rng.uniform(-1024, 3071):.2f}"
        else:
            w = f"{rng.randrange(10**6)}\n"
        out.append(w)
        n += len(w) + 1
    return " ".join(out).encode()[:size]


def binary(rng: random.Random, size: int) -> bytes:
    base, step = rng.randrange(4096), rng.randrange(1, 5)
    count = size // 2
    noise = rng.randbytes(count)
    vals = [(base + step * i + (noise[i] & 0x1F)) & 0xFFFF for i in range(count)]
    data = struct.pack(f"<{count}H", *vals)
    return data + rng.randbytes(size - len(data))


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--out", required=True)
    ap.add_argument("--count", type=int, required=True)
    ap.add_argument("--per-dir", type=int, default=1000)
    ap.add_argument("--seed", type=int, default=1)
    args = ap.parse_args()
    rng = random.Random(args.seed)
    for i in range(args.count):
        d = os.path.join(args.out, f"d{i // args.per_dir:04d}")
        if i % args.per_dir == 0:
            os.makedirs(d, exist_ok=True)
        size = rng.randrange(2048, 8193)
        data = text_like(rng, size) if i % 2 == 0 else binary(rng, size)
        with open(os.path.join(d, f"f{i:07d}.bin"), "wb") as f:
            f.write(data)
        if (i + 1) % 10000 == 0:
            print(f"{i + 1}/{args.count} files", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
