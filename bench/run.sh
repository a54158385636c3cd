#!/usr/bin/env bash
# aida's benchmarks, each side by side with its peer in the same run, on the same data: git + git-lfs
# for add/commit, dcmdump (DCMTK) and pydicom for reading DICOM (dicom-headers).
#
#   bench/run.sh                       # all benchmarks, full sizes (20-25 minutes on 2 cores)
#   bench/run.sh --quick               # small sizes: a smoke test of the harness (about a minute)
#   bench/run.sh add-commit-ct re-add  # only these benchmarks
#   bench/run.sh dicom-headers dicom-memory   # only the DICOM reading ones (a few minutes)
#   bench/run.sh gate-check            # aida check with and without its verdict cache vs pydicom
#   bench/run.sh --list                # the benchmarks and what they measure
#
# Options:  --quick  --reps N (default 3)  --no-build  --list  -h|--help
# Env:      AIDA_SHARED       the shared folder with bench/gen_dataset.py (default: <repo>/../shared)
#           AIDA_BENCH_CACHE  generated data sets, kept between runs (default: ~/.cache/aida-bench)
#           AIDA_BENCH_WORK   scratch copies, one per timed run (default: ${TMPDIR:-/tmp}/aida-bench)
#           AIDA_BIN          an aida binary to use instead of building one
#
# Results: a markdown table on stdout and in bench/out/results-<UTC time>.md, raw numbers in .json.
# Needs: swift, git, git-lfs, python3 with pydicom and numpy (for gen_dataset.py); for dicom-headers
#        dcmdump (apt-get install -y dcmtk), for dicom-memory valgrind (apt-get install -y valgrind).
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
repo="$(cd "$here/.." && pwd)"

usage() { awk 'NR > 1 && /^#/ {sub(/^# ?/, ""); print; next} NR > 1 {exit}' "${BASH_SOURCE[0]}"; }

quick=0; reps=3; build=1; names=()
while (($#)); do
    case "$1" in
        --quick) quick=1 ;;
        --reps) reps="${2:?--reps needs a number}"; shift ;;
        --reps=*) reps="${1#--reps=}" ;;
        --no-build) build=0 ;;
        --list) exec python3 "$here/harness.py" --list ;;
        -h|--help) usage; exit 0 ;;
        -*) echo "run.sh: unknown option $1 (see bench/run.sh --help)" >&2; exit 2 ;;
        *) names+=("$1") ;;
    esac
    shift
done
[[ "$reps" =~ ^[1-9][0-9]*$ ]] || { echo "run.sh: --reps wants a positive number, not '$reps'" >&2; exit 2; }
for n in ${names[@]+"${names[@]}"}; do
    python3 "$here/harness.py" --check-name "$n" || exit 2
done

shared="${AIDA_SHARED:-$repo/../shared}"
cache="${AIDA_BENCH_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/aida-bench}"
work="${AIDA_BENCH_WORK:-${TMPDIR:-/tmp}/aida-bench}"
mkdir -p "$cache" "$work" "$here/out"
cache="$(cd "$cache" && pwd -P)"; work="$(cd "$work" && pwd -P)"
for d in "$cache" "$work"; do
    case "$d/" in "$(cd "$repo" && pwd -P)/"*)
        echo "run.sh: $d is inside the repository; point AIDA_BENCH_CACHE / AIDA_BENCH_WORK elsewhere" >&2
        exit 2 ;;
    esac
done

# wants NAME...: is any of these benchmarks selected (all are when none is named)?
wants() {
    ((${#names[@]} == 0)) && return 0
    local w n
    for w in "$@"; do for n in "${names[@]}"; do [[ "$n" == "$w" ]] && return 0; done; done
    return 1
}
need() { command -v "$1" >/dev/null || { echo "run.sh: '$1' not found; $2" >&2; exit 2; }; }
need python3 "install python3"
if wants add-commit-ct small-files re-add memory; then
    need git "install git"
    git lfs version >/dev/null 2>&1 || { echo "run.sh: git-lfs not found; apt-get install -y git-lfs" >&2; exit 2; }
fi
wants dicom-headers && need dcmdump "apt-get install -y dcmtk"
if wants dicom-headers gate-check; then
    python3 -c 'import pydicom' 2>/dev/null || { echo "run.sh: dicom-headers and gate-check need pydicom: pip install pydicom" >&2; exit 2; }
fi
wants dicom-memory && need valgrind "apt-get install -y valgrind"
if command -v hyperfine >/dev/null; then
    echo "run.sh: hyperfine is installed but not used: the harness interleaves aida and its peer" \
         "run by run and records per-step times and peak RSS, which hyperfine cannot" >&2
fi

# 1. aida, release build (its own scratch path, so it never fights a debug build for .build/).
#    What it was built from is noted beside it, so a later --no-build run reports the right commit.
info="$repo/.build-bench/aida-built-from.txt"
if [[ -n "${AIDA_BIN:-}" ]]; then
    aida="$AIDA_BIN"
    built_from="unknown (AIDA_BIN=$AIDA_BIN)"
elif ((build)); then
    need swift "install the Swift toolchain"
    echo "run.sh: building aida (release)..." >&2
    head="$(git -C "$repo" rev-parse --short HEAD 2>/dev/null || echo '?')"
    [[ -n "$(git -C "$repo" status --porcelain -- Sources Package.swift 2>/dev/null)" ]] \
        && head+=" + uncommitted changes in Sources/"
    (cd "$repo" && swift build -c release --scratch-path .build-bench >&2)
    aida="$repo/.build-bench/release/aida"
    echo "$head" > "$info"
    built_from="$head"
else
    aida="$repo/.build-bench/release/aida"
    built_from="$(cat "$info" 2>/dev/null || echo "unknown (--no-build)")"
fi
[[ -x "$aida" ]] || { echo "run.sh: no aida binary at $aida (drop --no-build, or set AIDA_BIN)" >&2; exit 2; }

# 2. Data, generated once into the cache (a folder appears only when complete).
if ((quick)); then ct_patients=2; ct_slices=20; small_counts="1000 5000"
else ct_patients=20; ct_slices=100; small_counts="10000 100000"; fi
ct="$cache/ct-${ct_patients}x${ct_slices}"
if [[ ! -d "$ct" ]]; then
    gen="$shared/bench/gen_dataset.py"
    [[ -f "$gen" ]] || { echo "run.sh: $gen not found; set AIDA_SHARED to the shared folder" >&2; exit 2; }
    python3 -c 'import pydicom, numpy' 2>/dev/null \
        || { echo "run.sh: gen_dataset.py needs pydicom and numpy: pip install pydicom numpy" >&2; exit 2; }
    echo "run.sh: generating $ct (${ct_patients} patients x ${ct_slices} slices; minutes for the full set)..." >&2
    rm -rf "$ct.partial"
    python3 "$gen" --out "$ct.partial" --patients "$ct_patients" --slices "$ct_slices" >&2
    echo >&2
    mv "$ct.partial" "$ct"
fi
wants small-files memory || small_counts=""
for n in $small_counts; do
    d="$cache/small-$n"
    if [[ ! -d "$d" ]]; then
        echo "run.sh: generating $d ($n small files)..." >&2
        rm -rf "$d.partial"
        python3 "$here/gen_small.py" --out "$d.partial" --count "$n" >&2
        mv "$d.partial" "$d"
    fi
done

# 3. The timed runs.
stamp="$(date -u +%Y%m%dT%H%M%SZ)"
args=(--aida "$aida" --built-from "$built_from" --repo "$repo" --work "$work" --ct "$ct" --reps "$reps"
      --out "$here/out/results-$stamp")
for n in $small_counts; do args+=(--small "$cache/small-$n"); done
((quick)) && args+=(--quick)
exec python3 "$here/harness.py" "${args[@]}" ${names[@]+"${names[@]}"}
