#!/usr/bin/env bash
# Where `aida add` spends its time and memory: the experiments behind the findings in
# Docs/benchmarks.md. Run bench/run.sh first (it builds aida and makes the data sets).
#
#   bench/profile.sh                 # all experiments (about 10 minutes)
#   bench/profile.sh codecs phases   # only these
#
# Experiments:
#   codecs    single-core cost of SHA-256, zlib 1, libdeflate 1 (and ISA-L igzip 0-3 when
#             libisal-dev is installed) on the CT set held in memory: the CPU floor of add
#   fsync     aida add with and without durability (LD_PRELOAD makes fsync/fdatasync/syncfs/
#             sync_file_range no-ops), CT set and 10,000 small files, alternating, 2 runs each
#   syscalls  strace -f -c of aida add on 10,000 small files: syscalls per file
#   phases    aida add of the largest small-files set under perf syscall tracepoints: when each
#             phase (attribute lookups, store inserts, git blobs, pack and index) runs, and the
#             RSS over time (sampled every 0.25 s)
#   cpu       perf record (cpu-clock sampling) of aida add on the CT set: time by library
#   protocol  the store's write protocols alone (C, no aida): per-object fsync with 1-16
#             threads vs batched syncfs, 10,000 objects of 2-8 KiB
# Env: AIDA_BENCH_CACHE, AIDA_BENCH_WORK, AIDA_BIN as for bench/run.sh.
set -euo pipefail
# (Pipelines below end in `sed -n 1,Np`, not `head`, so no SIGPIPE ends the script under pipefail.)

if [[ "${1:-}" == -h || "${1:-}" == --help ]]; then
    awk 'NR > 1 && /^#/ {sub(/^# ?/, ""); print; next} NR > 1 {exit}' "${BASH_SOURCE[0]}"
    exit 0
fi

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
repo="$(cd "$here/.." && pwd)"
cache="${AIDA_BENCH_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/aida-bench}"
work="${AIDA_BENCH_WORK:-${TMPDIR:-/tmp}/aida-bench}/profile"
aida="${AIDA_BIN:-$repo/.build-bench/release/aida}"
ct="$cache/ct-20x100"
small10k="$cache/small-10000"
big="$cache/small-100000"
[[ -x /usr/bin/time ]] || { echo "profile.sh: needs GNU time: apt-get install -y time" >&2; exit 2; }
[[ -x "$aida" ]] || { echo "profile.sh: no aida at $aida; run bench/run.sh first" >&2; exit 2; }
[[ -d "$ct" && -d "$small10k" ]] || { echo "profile.sh: no data in $cache; run bench/run.sh first" >&2; exit 2; }
[[ -d "$big" ]] || big="$small10k"
mkdir -p "$work/tools"
tools="$work/tools"

all=(codecs fsync syscalls phases cpu protocol)
(($#)) && chosen=("$@") || chosen=("${all[@]}")
for c in "${chosen[@]}"; do
    [[ " ${all[*]} " == *" $c "* ]] || { echo "profile.sh: no experiment '$c' (${all[*]})" >&2; exit 2; }
done

quiet() {  # wait (up to 90 s) until other processes use under 15% of the CPU
    python3 -c "
import sys, time; sys.path.insert(0, '$here'); from harness import cpu_busy
end = time.monotonic() + 90
while cpu_busy(1.0) > 0.15 and time.monotonic() < end: pass"
}

fresh() {  # fresh copy of $1 at $2, written back and read once, with `aida init` done
    rm -rf "$2"
    cp -a "$1" "$2"
    sync
    find "$2" -type f -print0 | xargs -0 cat > /dev/null
    (cd "$2" && "$aida" init > /dev/null)
}

timed_add() {  # label src [prefix...]: one timed `aida add .` on a fresh copy
    local label=$1 src=$2; shift 2
    local dst="$work/run"
    fresh "$src" "$dst"
    quiet
    (cd "$dst" && /usr/bin/time -o "$work/time.txt" -f "$label: wall %e s, user %U s, sys %S s, peak RSS %M KiB" \
        "$@" "$aida" add . > /dev/null)
    cat "$work/time.txt"
    sync
    rm -rf "$dst"
}

build_tools() {
    [[ -x "$tools/nodurability.so" ]] || cc -O2 -shared -fPIC -o "$tools/nodurability.so" "$here/profile/nodurability.c"
    if [[ ! -x "$tools/codecs" ]]; then
        if [[ -f /usr/include/isa-l/igzip_lib.h ]]; then
            cc -O2 -DWITH_ISAL -o "$tools/codecs" "$here/profile/codecs.c" -ldeflate -lz -lcrypto -lisal
        else
            echo "profile.sh: (libisal-dev not installed: codecs runs without ISA-L)" >&2
            cc -O2 -o "$tools/codecs" "$here/profile/codecs.c" -ldeflate -lz -lcrypto
        fi
    fi
    [[ -x "$tools/fsproto" ]] || cc -O2 -o "$tools/fsproto" "$here/profile/fsproto.c" -lpthread
}
build_tools

for experiment in "${chosen[@]}"; do
    echo "== $experiment"
    case "$experiment" in
    codecs)
        quiet
        find "$ct" -type f -print0 | sort -z | xargs -0 "$tools/codecs"
        ;;
    fsync)
        for src in "$ct" "$small10k"; do
            for i in 1 2; do
                timed_add "$(basename "$src") durable   " "$src"
                timed_add "$(basename "$src") no fsync  " "$src" env LD_PRELOAD="$tools/nodurability.so"
            done
        done
        ;;
    syscalls)
        command -v strace > /dev/null || { echo "needs strace (apt-get install -y strace)"; continue; }
        timed_add "$(basename "$small10k") under strace" "$small10k" strace -f -c -o "$work/strace.txt"
        n=$(find "$small10k" -type f | wc -l)
        # strace -c columns: % time, seconds, usecs/call, calls, [errors], syscall
        awk -v n="$n" 'NR > 2 && $1 !~ /^-/ && $NF != "total" {printf "%-16s %9d calls  %6.2f per file\n", $NF, $4, $4 / n}' \
            "$work/strace.txt" | sort -k2 -n -r | sed -n 1,20p
        ;;
    phases)
        command -v perf > /dev/null || { echo "needs perf (apt-get install -y linux-perf)"; continue; }
        dst="$work/run"
        fresh "$big" "$dst"
        quiet
        events=syscalls:sys_enter_readlink,syscalls:sys_enter_renameat2,syscalls:sys_enter_rename
        events+=,syscalls:sys_enter_utimensat,syscalls:sys_enter_fsync,syscalls:sys_enter_syncfs
        events+=,syscalls:sys_enter_getdents64,syscalls:sys_enter_exit_group,syscalls:sys_enter_execve
        events+=,syscalls:sys_enter_sync_file_range,syscalls:sys_enter_ftruncate
        (cd "$dst" && perf record -q -o "$work/phases.data" -e "$events" -- "$aida" add . > /dev/null) &
        pid=$!
        : > "$work/rss.txt"
        t0=$(date +%s.%N)
        while kill -0 "$pid" 2> /dev/null; do
            child=$(pgrep -n -f "$aida add" || true)
            if [[ -n "$child" ]]; then
                rss=$(awk '/VmRSS/ {print $2}' "/proc/$child/status" 2> /dev/null || true)
                [[ -n "$rss" ]] && echo "$(date +%s.%N) $t0 $rss" >> "$work/rss.txt"
            fi
            sleep 0.25
        done
        wait "$pid" || true
        perf script -i "$work/phases.data" -F time,event 2> /dev/null > "$work/phases.txt"
        python3 - "$work/phases.txt" "$work/rss.txt" <<'EOF'
import re, sys, collections
ev = collections.defaultdict(list)
for line in open(sys.argv[1]):
    m = re.search(r"(\d+\.\d+):\s+syscalls:sys_enter_(\w+)", line)
    if m:
        ev[m.group(2)].append(float(m.group(1)))
t0 = min(min(v) for v in ev.values())
end = max(max(v) for v in ev.values())
print(f"aida add: {end - t0:.2f} s from the first traced syscall to exit")
print("syscall            count   first    p1      p99     last   (s after the first traced syscall)")
for name, v in sorted(ev.items(), key=lambda kv: min(kv[1])):
    v.sort()
    p = lambda q: v[min(len(v) - 1, int(len(v) * q))] - t0
    print(f"{name:16} {len(v):8} {v[0] - t0:7.2f} {p(0.01):7.2f} {p(0.99):7.2f} {v[-1] - t0:7.2f}")
# aida add works in chunks: parallel inserts (sync_file_range per new object), then the batch's
# syncfs / rename / syncfs, then serial staging of pointer blobs in git (utimensat: libgit2 freshens
# each blob it writes). Split the run along those markers.
import bisect
sync, ut, sfr = sorted(ev.get("syncfs", [])), sorted(ev.get("utimensat", [])), sorted(ev.get("sync_file_range", []))
if sync and sfr and len(sync) % 2 == 0:
    insert = publish = stage = 0.0
    prev = sfr[0]
    pairs = [(sync[i], sync[i + 1]) for i in range(0, len(sync), 2)]
    for k, (a, b) in enumerate(pairs):
        insert += a - prev
        publish += b - a
        nxt = pairs[k + 1][0] if k + 1 < len(pairs) else None
        i, j = bisect.bisect_right(ut, b), (bisect.bisect_left(ut, nxt) if nxt else len(ut))
        prev = ut[j - 1] if j > i else b
        stage += prev - b
    print(f"phases: scan + attribute lookups {sfr[0] - t0:.2f} s | {len(pairs)} chunks: parallel hash + "
          f"compress + temp files {insert:.2f} s, syncfs + mkdir/rename + syncfs {publish:.2f} s, serial "
          f"git staging {stage:.2f} s | pack + index at the end {end - prev:.2f} s")
rows = [l.split() for l in open(sys.argv[2]) if len(l.split()) == 3]
if rows:
    print("RSS over time (s: MiB):", ", ".join(f"{float(a) - float(b):.1f}: {int(r) // 1024}"
                                             for a, b, r in rows[:: max(1, len(rows) // 30)]))
    print(f"peak sampled RSS {max(int(r) for _, _, r in rows) // 1024} MiB")
EOF
        sync
        rm -rf "$dst"
        ;;
    cpu)
        command -v perf > /dev/null || { echo "needs perf (apt-get install -y linux-perf)"; continue; }
        timed_add "$(basename "$ct") under perf record" "$ct" perf record -q -F 499 -o "$work/cpu.data" --
        echo "-- by library"
        perf report -i "$work/cpu.data" --stdio --sort dso 2> /dev/null | grep -v '^#' | grep -v '^$' | sed -n 1,8p
        echo "-- hottest symbols"
        perf report -i "$work/cpu.data" --stdio --sort dso,sym 2> /dev/null | grep -v '^#' | grep -v '^$' | sed -n 1,12p
        ;;
    protocol)
        for args in "1 0" "2 0" "8 0" "16 0" "2 1" "8 1"; do
            set -- $args
            rm -rf "$work/fsproto"
            quiet
            "$tools/fsproto" 10000 "$1" "$2" "$work/fsproto"
        done
        rm -rf "$work/fsproto"
        ;;
    esac
done
