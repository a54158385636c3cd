#!/usr/bin/env bash
# Builds the libFuzzer target for the DICOM parser and runs it (Docs/dicom.md, Fuzzing).
#
#   Tests/Fuzz/run.sh [seconds]          fuzz for that long (default 300)
#   Tests/Fuzz/run.sh --build            build only
#   Tests/Fuzz/run.sh --minimize FILE    shrink a crashing input (-minimize_crash=1)
#   Tests/Fuzz/run.sh --replay FILE...   run inputs once (a regression check)
#
# Not a SwiftPM target: Sources/DICOM and Tests/Fuzz/main.swift are compiled into one
# executable with -sanitize=fuzzer,address. Each run starts from pydicom's test files
# and Tests/DICOMTests/Regressions, copied to a fresh corpus folder. Limits, as the
# issue requires: -timeout=2 (a hang over 2 s), -rss_limit_mb=512 and -malloc_limit_mb=512.
#
# Environment: FUZZ_OUT (where crashes, timeouts and ooms go; default .build-fuzz/artifacts),
# FUZZ_CORPUS (keep the working corpus here instead of a temporary folder),
# FUZZ_MAX_LEN (largest input, default 65536), PYDICOM_TEST_FILES, SWIFTC.
# Arguments after "--" go to libFuzzer unchanged.
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
cd "$root"
if [ -d /opt/swift/usr/bin ]; then export PATH="/opt/swift/usr/bin:$PATH"; fi
swiftc="${SWIFTC:-swiftc}"
build="$root/.build-fuzz"
binary="$build/dicom-fuzz"
out="${FUZZ_OUT:-$build/artifacts}"
max_len="${FUZZ_MAX_LEN:-65536}"

build_fuzzer() {
    mkdir -p "$build"
    local sources
    mapfile -t sources < <(find Sources/DICOM -name '*.swift' | LC_ALL=C sort)
    # One module from the parser's sources and the harness: internal API is reachable
    # and no SwiftPM product is needed. CZlib is the system module for zlib (-lz).
    # lld avoids gold's warnings about ASan's local symbols.
    echo "fuzz: building $binary (${#sources[@]} sources)" >&2
    "$swiftc" -swift-version 6 -parse-as-library -module-name DICOMFuzz \
        -sanitize=fuzzer,address -O -g -use-ld=lld \
        -I Sources/CZlib "${sources[@]}" Tests/Fuzz/main.swift -lz \
        -o "$binary"
}

seed_corpus() {
    local dir="$1" pydicom
    pydicom="${PYDICOM_TEST_FILES:-}"
    if [ -z "$pydicom" ]; then
        pydicom="$(python3 -c 'import importlib.util, os; s = importlib.util.find_spec("pydicom"); print(os.path.join(os.path.dirname(s.origin), "data", "test_files"))' 2>/dev/null || true)"
    fi
    if [ -n "$pydicom" ] && [ -d "$pydicom" ]; then
        find "$pydicom" -type f -name '*.dcm' ! -path '*dicomdirtests*' -exec cp {} "$dir/" \;
        # dicomdirtests holds files with equal names in different folders: name them by content.
        find "$pydicom" -type f -path '*dicomdirtests*' | while read -r f; do
            cp "$f" "$dir/$(sha1sum "$f" | cut -c1-16)"
        done
    else
        echo "fuzz: pydicom not found (pip install pydicom, or set PYDICOM_TEST_FILES); seeding with the regressions only" >&2
    fi
    if [ -d Tests/DICOMTests/Regressions ]; then
        find Tests/DICOMTests/Regressions -type f ! -name '*.md' -exec cp {} "$dir/" \;
    fi
    echo "fuzz: $(find "$dir" -type f | wc -l) seed files" >&2
}

# Swift's own crash backtracer would race libFuzzer's handler (and read ASan's shadow
# memory); libFuzzer reports and saves the input itself. A smaller ASan quarantine keeps
# the RSS limit about the target's memory, not freed blocks held back (256 MiB default).
export SWIFT_BACKTRACE="${SWIFT_BACKTRACE:-enable=no}"
export ASAN_OPTIONS="${ASAN_OPTIONS:-quarantine_size_mb=32:malloc_context_size=10}"

common=(-timeout=2 -rss_limit_mb=512 -malloc_limit_mb=512 -max_len="$max_len" -dict=Tests/Fuzz/dicom.dict)

case "${1:-}" in
--build)
    build_fuzzer
    ;;
--minimize)
    [ $# -ge 2 ] || { echo "usage: $0 --minimize FILE" >&2; exit 2; }
    [ -x "$binary" ] || build_fuzzer
    input="$2"
    "$binary" "${common[@]}" -minimize_crash=1 -max_total_time="${FUZZ_MINIMIZE_SECONDS:-60}" \
        -exact_artifact_path="$input.min" "$input" || true
    echo "fuzz: minimised input in $input.min" >&2
    ;;
--replay)
    shift
    [ -x "$binary" ] || build_fuzzer
    "$binary" "${common[@]}" -runs=1 "$@"
    ;;
*)
    seconds="${1:-300}"
    shift || true
    [ "${1:-}" = "--" ] && shift
    build_fuzzer
    mkdir -p "$out"
    seeds="$(mktemp -d "${TMPDIR:-/tmp}/aida-fuzz-seeds.XXXXXX")"
    corpus="${FUZZ_CORPUS:-$(mktemp -d "${TMPDIR:-/tmp}/aida-fuzz-corpus.XXXXXX")}"
    mkdir -p "$corpus"
    trap 'rm -rf "$seeds"; [ -n "${FUZZ_CORPUS:-}" ] || rm -rf "$corpus"' EXIT
    seed_corpus "$seeds"
    echo "fuzz: running for $seconds s; crashes, timeouts and ooms go to $out/" >&2
    # New inputs go to $corpus (the first folder); $seeds is read only.
    "$binary" "${common[@]}" -max_total_time="$seconds" -print_final_stats=1 \
        -artifact_prefix="$out/" "$@" "$corpus" "$seeds"
    ;;
esac
