#!/usr/bin/env python3
"""Timing loop for aida's benchmarks; bench/run.sh builds aida, makes the data and calls this.

Every timed run works on a fresh copy of the data (cp -a), written back to disk (sync) and then
read once, so aida and its peer start with the same page cache: every input file cached, nothing
dirty. aida and the peer alternate (A B, B A, A B, ...). Each command is started with
fork/exec and reaped with wait4(2), which gives its wall time and its rusage: user+sys CPU and
peak RSS (ru_maxrss, the largest of the process and every descendant it waited for; the
number `/usr/bin/time -v` prints as "Maximum resident set size"). After the timed commands a
`sync` is timed too: it shows how much written data a tool left unflushed (aida fsyncs its
store; git and git-lfs do not fsync by default).

The DICOM reading benchmarks (dicom-headers) write nothing, so they read the cached data in
place: every file read once, one untimed pass of each tool, then the timed runs alternating the
tools. A tool run as 2 processes gets the two halves of the sorted file list at once. Each run's
stdout is kept and checked: every tool must report every file read. dicom-memory runs aida on one
slice under valgrind's DHAT.
"""
import argparse, datetime, json, os, platform, shutil, statistics, subprocess, sys, time

BENCHMARKS = {
    "add-commit-ct": "init + add + commit of 2,000 CT slices (~1 GB) vs git lfs track + git add + "
                     "git commit; store size vs input; peak RSS of add",
    "small-files": "init + add + commit of 10,000 and 100,000 small files (2-8 KiB, folders of "
                   "1,000); s per 1,000 files at both sizes; git-lfs on the smaller set only",
    "re-add": "a second `aida add .` of the unchanged, committed 2,000 CT slices vs `git add .` "
              "in the git-lfs repo",
    "memory": "peak RSS of every step of add + commit, for the CT set and the largest small-files "
              "set (taken from add-commit-ct and small-files when they run; else measured alone)",
    "dicom-headers": "every header of the 2,000 CT slices: aida dicom dump --headers-only (1 and 2 "
                     "processes; full parse as an extra row) vs dcmdump -M and pydicom reading every "
                     "value (full and stop_before_pixels), 2 processes each",
    "gate-check": "`aida check` of the 2,000 CT slices (default profile): without the verdict cache, "
                  "filling an empty cache, and served from a full one, vs pydicom reading every value "
                  "(2 processes)",
    "dicom-memory": "heap of a full parse of one CT slice (valgrind DHAT): one read buffer, no copy "
                    "of the pixel data; peak RSS of a full and a headers-only dump of that slice",
}
MIB = 1 << 20
GOAL_RATIO_CT = 0.5        # aida wall <= 0.5x git-lfs
GOAL_STORE = 2.0           # input / store >= 2
GOAL_RSS_MIB = 200
GOAL_SMALL_S = 60.0        # 100,000 files
GOAL_READD_S = 1.0
LINEAR_SLACK = 1.25        # s per 1,000 files at the large size <= 1.25x that at the small size
GOAL_VS_DCMDUMP = 1.0      # aida dicom dump --headers-only wall <= dcmdump -M wall (both cores each)
GOAL_VS_PYDICOM = 0.1      # ... <= 0.1x pydicom reading every value
GOAL_GATE_VS_PYDICOM = 0.1  # aida check (empty cache) <= 0.1x pydicom reading every value
GOAL_GATE_CACHED_S = 1.0    # aida check again, every verdict from the cache
GOAL_PARSE_HEAP = 1.5      # heap a full parse holds, over the file size: ~1 = the read buffer, 2 = a copy
DICOM_MIN_REPS = 5         # dicom-headers runs take about a second: never fewer repetitions than this
HERE = os.path.dirname(os.path.abspath(__file__))


# ---------------------------------------------------------------- running things

ENV = dict(os.environ, LC_ALL="C", GIT_TERMINAL_PROMPT="0",
           GIT_AUTHOR_NAME="aida bench", GIT_AUTHOR_EMAIL="bench@example.invalid",
           GIT_COMMITTER_NAME="aida bench", GIT_COMMITTER_EMAIL="bench@example.invalid",
           # No `git gc --auto` after a commit of many files: it detaches, packs in the background
           # (stealing the next run's CPU) and deletes folders under the copy while it is removed.
           GIT_CONFIG_COUNT="2", GIT_CONFIG_KEY_0="gc.auto", GIT_CONFIG_VALUE_0="0",
           GIT_CONFIG_KEY_1="maintenance.auto", GIT_CONFIG_VALUE_1="false")


class StepFailed(Exception):
    pass


def run_step(argv, cwd, log):
    """Runs argv in cwd; returns wall seconds, CPU seconds (user+sys) and peak RSS in bytes."""
    with open(log, "ab") as err:
        err.write(f"\n$ {' '.join(argv)}   (in {cwd})\n".encode())
        err.flush()
        t0 = time.perf_counter()
        proc = subprocess.Popen(argv, cwd=cwd, env=ENV, stdin=subprocess.DEVNULL,
                                stdout=subprocess.DEVNULL, stderr=err)
        _, status, ru = os.wait4(proc.pid, 0)
        wall = time.perf_counter() - t0
        proc.returncode = os.waitstatus_to_exitcode(status)
    if proc.returncode != 0:
        with open(log, "rb") as f:
            tail = f.read()[-3000:].decode(errors="replace")
        raise StepFailed(f"{' '.join(argv)} exited {proc.returncode} in {cwd}\n{tail}")
    return {"wall": wall, "cpu": ru.ru_utime + ru.ru_stime, "user": ru.ru_utime, "sys": ru.ru_stime,
            "rss": ru.ru_maxrss * 1024}


def run_parallel(argvs, cwd, log, outs):
    """Runs every argv at once, one process each, stdout of the i-th to the file outs[i]. Wall
    time until the last one ends; CPU summed over them; peak RSS the largest of them."""
    procs = []
    with open(log, "ab") as err:
        for argv in argvs:
            err.write(f"\n$ {' '.join(argv[:4])} ... ({len(argv) - 4} more arguments)   (in {cwd})\n".encode())
        err.flush()
        t0 = time.perf_counter()
        for argv, out in zip(argvs, outs):
            with open(out, "wb") as stdout:
                procs.append(subprocess.Popen(argv, cwd=cwd, env=ENV, stdin=subprocess.DEVNULL,
                                              stdout=stdout, stderr=err))
        res = {"wall": 0.0, "cpu": 0.0, "user": 0.0, "sys": 0.0, "rss": 0, "failed": []}
        left = {p.pid: p for p in procs}
        while left:
            pid, status, ru = os.wait4(-1, 0)
            if pid not in left:
                continue
            proc = left.pop(pid)
            res["wall"] = time.perf_counter() - t0
            res["user"] += ru.ru_utime
            res["sys"] += ru.ru_stime
            res["rss"] = max(res["rss"], ru.ru_maxrss * 1024)
            code = os.waitstatus_to_exitcode(status)
            proc.returncode = code
            if code != 0:
                res["failed"].append(f"{' '.join(proc.args[:4])} ... exited {code}")
    res["cpu"] = res["user"] + res["sys"]
    if res["failed"]:
        with open(log, "rb") as f:
            tail = f.read()[-3000:].decode(errors="replace")
        raise StepFailed("; ".join(res["failed"]) + f" (in {cwd})\n{tail}")
    return res


def sh(*argv):
    subprocess.run(argv, check=True, env=ENV, stdout=subprocess.DEVNULL)


def timed_sync():
    t0 = time.perf_counter()
    os.sync()
    return time.perf_counter() - t0


def cpu_busy(interval=0.5):
    """Fraction of all cores busy over `interval` seconds (from /proc/stat)."""
    def sample():
        with open("/proc/stat") as f:
            v = [int(x) for x in f.readline().split()[1:]]
        idle = v[3] + v[4]
        return sum(v) - idle, sum(v)
    b0, t0 = sample()
    time.sleep(interval)
    b1, t1 = sample()
    return (b1 - b0) / max(1, t1 - t0)


def wait_for_quiet(limit=0.25, patience=90):
    """Waits (up to `patience` s) until other processes use under `limit` of the CPU; returns that share."""
    deadline = time.monotonic() + patience
    busy = cpu_busy()
    while busy > limit and time.monotonic() < deadline:
        busy = cpu_busy(2.0)
    return busy


def remove(path):
    subprocess.run(["rm", "-rf", path], check=True)


def warm(root):
    """Reads every file under root once, so it is in the page cache."""
    buf = bytearray(1 << 20)
    for folder, _, files in os.walk(root):
        for name in files:
            path = os.path.join(folder, name)
            if os.path.islink(path):
                continue
            with open(path, "rb", buffering=0) as f:
                while f.readinto(buf):
                    pass


def du_sb(path):
    if not os.path.exists(path):
        return 0
    out = subprocess.run(["du", "-sb", path], check=True, capture_output=True, text=True).stdout
    return int(out.split()[0])


def tree_stats(root):
    n = size = 0
    for folder, _, files in os.walk(root):
        for name in files:
            n += 1
            size += os.lstat(os.path.join(folder, name)).st_size
    return n, size


# ---------------------------------------------------------------- the two sides

def aida_add_commit(aida):
    return [("init", [aida, "init"]), ("add", [aida, "add", "."]), ("commit", [aida, "commit", "-m", "x"])]


def lfs_add_commit(pattern):
    return [("init", ["git", "init", "-q", "-b", "main"]),
            ("lfs install", ["git", "lfs", "install", "--local"]),
            ("track", ["git", "lfs", "track", pattern]),
            ("add", ["git", "add", "."]),
            ("commit", ["git", "commit", "-q", "-m", "x"])]


AIDA_STORE = ".git/aida/objects"
LFS_STORE = ".git/lfs/objects"


class Runner:
    def __init__(self, args):
        self.args = args
        self.log = args.out + ".log"
        self.loads = []
        self.busy = []

    def one(self, src, label, steps, store=None, setup=()):
        """A fresh copy of src; untimed setup steps; sync; warm; the timed steps; timed sync."""
        dst = os.path.join(self.args.work, label)
        remove(dst)
        sh("cp", "-a", src, dst)
        for _, argv in setup:
            run_step(argv, dst, self.log)
        os.sync()
        warm(dst)
        busy = wait_for_quiet()
        load = os.getloadavg()[0]
        self.loads.append(load)
        self.busy.append(busy)
        res = {"steps": {}, "load": load, "busy_before": busy}
        for name, argv in steps:
            res["steps"][name] = run_step(argv, dst, self.log)
        res["wall"] = sum(s["wall"] for s in res["steps"].values())
        for key in ("cpu", "user", "sys"):
            res[key] = sum(s[key] for s in res["steps"].values())
        res["rss"] = max(s["rss"] for s in res["steps"].values())
        res["sync_after"] = timed_sync()
        if store:
            res["store"] = du_sb(os.path.join(dst, store))
        remove(dst)
        return res

    def pair(self, title, sides):
        """sides: {name: kwargs for one()}; runs them alternately, reps times each."""
        runs = {name: [] for name in sides}
        order = list(sides)
        for rep in range(self.args.reps):
            for name in (order if rep % 2 == 0 else order[::-1]):
                r = self.one(label=f"{title}-{name}", **sides[name])
                runs[name].append(r)
                progress(f"{title}: {name} run {rep + 1}/{self.args.reps}: {r['wall']:.2f} s"
                         f" (load {r['load']:.2f}, CPU busy before {r['busy_before']:.0%})")
        return runs


    def read_only(self, title, sides, reps, files):
        """Commands that only read `files` in place (no copies): every file read once, one untimed
        warm-up pass of each side, then `reps` timed runs alternating the sides (A B C, C B A, A B C, ...).
        sides: {name: (argvs, count)}; argvs is one argv per parallel process; count(paths of their
        stdout files) gives the number of files the side read, which must be len(files)."""
        for path in files:
            with open(path, "rb", buffering=0) as f:
                while f.read(1 << 20):
                    pass
        runs = {name: [] for name in sides}
        order = list(sides)
        for rep in range(-1, reps):
            for name in (order if rep % 2 == 0 else order[::-1]):
                argvs, count = sides[name]
                outs = [os.path.join(self.args.work, f"{title}-{name}-{i}.out") for i in range(len(argvs))]
                if rep >= 0:
                    busy = wait_for_quiet()
                    load = os.getloadavg()[0]
                    self.loads.append(load)
                    self.busy.append(busy)
                r = run_parallel(argvs, self.args.work, self.log, outs)
                r["files"] = count(outs)
                for out in outs:
                    os.remove(out)
                if r["files"] != len(files):
                    raise StepFailed(f"{title}: {name} read {r['files']} of {len(files)} files (see {self.log})")
                if rep < 0:
                    progress(f"{title}: {name} warm-up pass: {r['wall']:.2f} s, {r['files']} files")
                    continue
                r.update(load=load, busy_before=busy)
                runs[name].append(r)
                progress(f"{title}: {name} run {rep + 1}/{reps}: {r['wall']:.2f} s"
                         f" (load {load:.2f}, CPU busy before {busy:.0%})")
        return runs


def progress(msg):
    print(f"[{datetime.datetime.now():%H:%M:%S}] {msg}", file=sys.stderr, flush=True)


# ---------------------------------------------------------------- statistics and formatting

def stat(values):
    return {"median": statistics.median(values), "min": min(values), "max": max(values), "n": len(values)}


def pick(runs, *keys):
    out = []
    for r in runs:
        v = r
        for k in keys:
            v = v[k]
        out.append(v)
    return stat(out)


def fs(x):
    return f"{x:.3f}" if x < 1 else f"{x:.2f}" if x < 10 else f"{x:.1f}"


def fmt_time(s):
    if s is None:
        return "–"
    if s["min"] == s["max"]:
        return f"{fs(s['median'])} s"
    return f"{fs(s['median'])} s ({fs(s['min'])}–{fs(s['max'])})"


def fmt_mib(s):
    if s is None:
        return "–"
    m = [s[k] / MIB for k in ("median", "min", "max")]
    return f"{m[0]:.0f} MiB ({m[1]:.0f}–{m[2]:.0f})" if round(m[1]) != round(m[2]) else f"{m[0]:.0f} MiB"


def fmt_mb(n):
    return f"{n / 1e6:,.0f} MB" if n >= 1e7 else f"{n / 1e6:,.1f} MB"


def ratio(a, b):
    if a is None or b is None or b["median"] == 0:
        return "–"
    return f"{a['median'] / b['median']:.2f}x"


def yes(ok):
    return "**yes**" if ok else "**NO**"


class Table:
    def __init__(self, title, intro, peer="git-lfs"):
        self.title, self.intro, self.peer, self.rows = title, intro, peer, []

    def row(self, what, aida, peer="–", rat="–", goal="–", met="–"):
        self.rows.append((what, aida, peer, rat, goal, met))

    def markdown(self):
        lines = [f"### {self.title}", "", self.intro, ""]
        if self.peer:
            lines += [f"| measure | aida: median (min–max) | {self.peer}: median (min–max) | aida / {self.peer} "
                      "| goal | met |", "|---|---|---|---|---|---|"]
            lines += ["| " + " | ".join(r) + " |" for r in self.rows]
        else:
            lines += ["| measure | aida: median (min–max) | goal | met |", "|---|---|---|---|"]
            lines += ["| " + " | ".join((r[0], r[1], r[4], r[5])) + " |" for r in self.rows]
        return "\n".join(lines)


# ---------------------------------------------------------------- the benchmarks

def bench_add_commit_ct(run, args, results):
    n, size = tree_stats(args.ct)
    runs = run.pair("add-commit-ct", {
        "aida": dict(src=args.ct, steps=aida_add_commit(args.aida), store=AIDA_STORE),
        "git-lfs": dict(src=args.ct, steps=lfs_add_commit("*.dcm"), store=LFS_STORE),
    })
    results["add-commit-ct"] = {"files": n, "bytes": size, "runs": runs}
    a, g = runs["aida"], runs["git-lfs"]
    aw, gw = pick(a, "wall"), pick(g, "wall")
    t = Table(f"add-commit-ct: {n:,} CT slices, {fmt_mb(size)}",
              f"`{os.path.basename(args.ct)}`; aida: `aida init; aida add .; aida commit -m x`; git-lfs: "
              "`git init; git lfs install --local; git lfs track '*.dcm'; git add .; git commit -m x`.")
    t.row("**add + commit, wall**", fmt_time(aw), fmt_time(gw), ratio(aw, gw), f"≤ {GOAL_RATIO_CT:.2f}x",
          yes(aw["median"] <= GOAL_RATIO_CT * gw["median"]))
    for step, peer_step in (("add", "add"), ("commit", "commit")):
        sa, sg = pick(a, "steps", step, "wall"), pick(g, "steps", peer_step, "wall")
        t.row(f"of which `{step}`", fmt_time(sa), fmt_time(sg), ratio(sa, sg))
    ca, cg = pick(a, "cpu"), pick(g, "cpu")
    t.row("CPU time, user + sys", fmt_time(ca), fmt_time(cg), ratio(ca, cg))
    t.row("of which sys (kernel)", fmt_time(pick(a, "sys")), fmt_time(pick(g, "sys")),
          ratio(pick(a, "sys"), pick(g, "sys")))
    t.row("cores busy (CPU / wall)", f"{ca['median'] / aw['median']:.2f}", f"{cg['median'] / gw['median']:.2f}")
    sa, sg = pick(a, "store"), pick(g, "store")
    t.row("store size (`du -sb`)", f"{fmt_mb(sa['median'])} = input / {size / sa['median']:.2f}",
          f"{fmt_mb(sg['median'])} = input / {size / sg['median']:.2f}", ratio(sa, sg),
          f"input / store ≥ {GOAL_STORE:.0f}", yes(size / sa["median"] >= GOAL_STORE))
    ra, rg = pick(a, "steps", "add", "rss"), pick(g, "steps", "add", "rss")
    t.row("peak RSS of `add`", fmt_mib(ra), fmt_mib(rg), ratio(ra, rg), f"< {GOAL_RSS_MIB} MiB",
          yes(ra["max"] < GOAL_RSS_MIB * MIB))
    t.row("`sync` right after (unflushed writes)", fmt_time(pick(a, "sync_after")), fmt_time(pick(g, "sync_after")))
    return t


def bench_small_files(run, args, results):
    t = Table("small-files: add + commit of many small files",
              "2–8 KiB each, half text-like and half binary, folders of 1,000 (`bench/gen_small.py`); "
              "aida: `aida init; aida add .; aida commit -m x`; git-lfs (smaller set only): "
              "`git init; git lfs install --local; git lfs track '*.bin'; git add .; git commit -m x`.")
    per1k = []
    results["small-files"] = {}
    for i, src in enumerate(args.small):
        n, size = tree_stats(src)
        sides = {"aida": dict(src=src, steps=aida_add_commit(args.aida), store=AIDA_STORE)}
        if i == 0:
            sides["git-lfs"] = dict(src=src, steps=lfs_add_commit("*.bin"), store=LFS_STORE)
        runs = run.pair(f"small-files-{n}", sides)
        results["small-files"][str(n)] = {"files": n, "bytes": size, "runs": runs}
        aw = pick(runs["aida"], "wall")
        gw = pick(runs["git-lfs"], "wall") if "git-lfs" in runs else None
        last = i == len(args.small) - 1
        goal = f"≤ {GOAL_SMALL_S:.0f} s at 100,000" if n == 100000 else "–"
        met = yes(aw["median"] <= GOAL_SMALL_S) if n == 100000 else "–"
        t.row(f"**{n:,} files ({fmt_mb(size)}), wall**", fmt_time(aw), fmt_time(gw), ratio(aw, gw), goal, met)
        for step in ("add", "commit"):
            sa = pick(runs["aida"], "steps", step, "wall")
            sg = pick(runs["git-lfs"], "steps", step, "wall") if gw else None
            t.row(f"of which `{step}`", fmt_time(sa), fmt_time(sg), ratio(sa, sg))
        ca = pick(runs["aida"], "cpu")
        cg = pick(runs["git-lfs"], "cpu") if gw else None
        t.row("CPU time, user + sys", fmt_time(ca), fmt_time(cg), ratio(ca, cg))
        sa = pick(runs["aida"], "sys")
        sg = pick(runs["git-lfs"], "sys") if gw else None
        t.row("of which sys (kernel)", fmt_time(sa), fmt_time(sg), ratio(sa, sg))
        t.row("`sync` right after", fmt_time(pick(runs["aida"], "sync_after")),
              fmt_time(pick(runs["git-lfs"], "sync_after")) if gw else "–")
        p = {k: v * 1000 / n for k, v in aw.items() if k != "n"}
        per1k.append((n, p))
        t.row(f"s per 1,000 files at {n:,}", fmt_time(dict(p, n=aw["n"])))
        t.row("peak RSS, add / commit", fmt_mib(pick(runs["aida"], "steps", "add", "rss")) + " / "
              + fmt_mib(pick(runs["aida"], "steps", "commit", "rss")),
              (fmt_mib(pick(runs["git-lfs"], "steps", "add", "rss")) + " / "
               + fmt_mib(pick(runs["git-lfs"], "steps", "commit", "rss"))) if gw else "–",
              goal=f"< {GOAL_RSS_MIB} MiB",
              met=yes(max(r["rss"] for r in runs["aida"]) < GOAL_RSS_MIB * MIB))
    if len(per1k) >= 2:
        (n0, p0), (n1, p1) = per1k[0], per1k[-1]
        growth = p1["median"] / p0["median"]
        t.row(f"growth: s per 1,000 at {n1:,} / at {n0:,}", f"{growth:.2f}", goal=f"≤ {LINEAR_SLACK} (linear)",
              met=yes(growth <= LINEAR_SLACK))
    return t


def bench_re_add(run, args, results):
    n, size = tree_stats(args.ct)
    runs = run.pair("re-add", {
        "aida": dict(src=args.ct, setup=aida_add_commit(args.aida), steps=[("re-add", [args.aida, "add", "."])]),
        "git-lfs": dict(src=args.ct, setup=lfs_add_commit("*.dcm"), steps=[("re-add", ["git", "add", "."])]),
    })
    results["re-add"] = {"files": n, "bytes": size, "runs": runs}
    aw, gw = pick(runs["aida"], "wall"), pick(runs["git-lfs"], "wall")
    t = Table(f"re-add: second add of {n:,} unchanged, committed files",
              "After an untimed add + commit of the CT set: `aida add .` vs `git add .` (git-lfs repo).")
    t.row("**second add, wall**", fmt_time(aw), fmt_time(gw), ratio(aw, gw), f"< {GOAL_READD_S:.0f} s",
          yes(aw["median"] < GOAL_READD_S))
    t.row("peak RSS", fmt_mib(pick(runs["aida"], "rss")), fmt_mib(pick(runs["git-lfs"], "rss")))
    return t


def bench_memory(run, args, results):
    sets = []
    if "add-commit-ct" in results:
        sets.append((args.ct, results["add-commit-ct"]["runs"]["aida"]))
    else:
        sets.append((args.ct, run.pair("memory-ct", {
            "aida": dict(src=args.ct, steps=aida_add_commit(args.aida))})["aida"]))
    big = args.small[-1]
    n_big = tree_stats(big)[0]
    if "small-files" in results and str(n_big) in results["small-files"]:
        sets.append((big, results["small-files"][str(n_big)]["runs"]["aida"]))
    else:
        sets.append((big, run.pair("memory-small", {
            "aida": dict(src=big, steps=aida_add_commit(args.aida))})["aida"]))
    t = Table("memory: peak RSS of aida add + commit",
              "ru_maxrss of each command (as `/usr/bin/time -v` reports it), over all repetitions.", peer=None)
    results["memory"] = {}
    for src, runs in sets:
        n, size = tree_stats(src)
        results["memory"][os.path.basename(src)] = [r["rss"] for r in runs]
        steps = " / ".join(fmt_mib(pick(runs, "steps", s, "rss")) for s in ("init", "add", "commit"))
        worst = max(r["rss"] for r in runs)
        t.row(f"**{n:,} files, {fmt_mb(size)}**: init / add / commit", steps,
              goal=f"< {GOAL_RSS_MIB} MiB", met=yes(worst < GOAL_RSS_MIB * MIB))
    return t


# ---------------------------------------------------------------- DICOM reading

def dicom_files(root):
    """Every regular file under root, sorted: the files each tool is given, in the same order."""
    out = []
    for folder, _, names in os.walk(root):
        out += [os.path.join(folder, n) for n in names if os.path.isfile(os.path.join(folder, n))]
    return sorted(out)


def count_dumped(outs):
    """Files dumped by aida or dcmdump: each one's dump starts with this line."""
    n = 0
    for out in outs:
        with open(out, "rb") as f:
            n += sum(1 for line in f if line.startswith(b"# Dicom-File-Format"))
    return n


def count_pydicom(outs):
    n = 0
    for out in outs:
        with open(out) as f:
            for line in f:
                if line.startswith("pydicom_read: "):
                    n += int(line.split()[1])
    return n


def halves(files):
    return [files[:len(files) // 2], files[len(files) // 2:]]


def bench_dicom_headers(run, args, results):
    files = dicom_files(args.ct)
    n, size = len(files), sum(os.path.getsize(f) for f in files)
    reps = max(args.reps, DICOM_MIN_REPS)
    aida = [args.aida, "dicom", "dump"]
    py = [sys.executable, os.path.join(HERE, "pydicom_read.py")]
    # name: (what, argv per process, counter)
    what = {
        "aida": ("aida `dicom dump --headers-only`", 1),
        "aida-2p": ("aida `dicom dump --headers-only`", 2),
        "aida-full": ("aida `dicom dump` (full parse, pixel data read too; extra row)", 1),
        "dcmdump": ("`dcmdump -M`", 2),
        "pydicom": ("pydicom: `dcmread` + every value", 2),
        "pydicom-headers": ("pydicom: `dcmread(stop_before_pixels=True)` + every value (extra row)", 2),
    }
    sides = {
        "aida": ([aida + ["--headers-only"] + files], count_dumped),
        "aida-2p": ([aida + ["--headers-only"] + h for h in halves(files)], count_dumped),
        "aida-full": ([aida + files], count_dumped),
        "dcmdump": ([["dcmdump", "-M"] + h for h in halves(files)], count_dumped),
        "pydicom": ([py + ["--full"] + h for h in halves(files)], count_pydicom),
        "pydicom-headers": ([py + ["--headers"] + h for h in halves(files)], count_pydicom),
    }
    runs = run.read_only("dicom-headers", sides, reps, files)
    results["dicom-headers"] = {"files": n, "bytes": size, "runs": runs,
                                "dcmdump": cmd("dcmdump", "--version").splitlines()[0],
                                "pydicom": cmd(sys.executable, "-c", "import pydicom; print(pydicom.__version__)")}
    walls = {k: pick(v, "wall") for k, v in runs.items()}
    aw = walls["aida"]
    lines = [f"### dicom-headers: every header of {n:,} CT slices, {fmt_mb(size)}", "",
             f"`{os.path.basename(args.ct)}`, the files in sorted order, read in place with a warm page cache "
             f"(every file read once, then one untimed pass of each tool). {reps} timed runs per tool, "
             "alternating. 2 processes = the sorted list split in two halves, run at once; wall time until "
             "both end, CPU summed, peak RSS the larger. Every run's output is checked: each tool must "
             f"report all {n:,} files read ({results['dicom-headers']['dcmdump'].strip('$ ')}, "
             f"pydicom {results['dicom-headers']['pydicom']}).", "",
             "| tool | processes | wall: median (min–max) | CPU user + sys | cores busy | CPU per file | "
             "peak RSS | files read | aida (1 process) / this |",
             "|---|---|---|---|---|---|---|---|---|"]
    for name, (label, procs) in what.items():
        r = runs[name]
        w, c = walls[name], pick(r, "cpu")
        lines.append(f"| {label} | {procs} | {fmt_time(w)} | {fmt_time(c)} | {c['median'] / w['median']:.2f} | "
                     f"{c['median'] / n * 1e3:.2f} ms | {fmt_mib(pick(r, 'rss'))} | "
                     f"{min(x['files'] for x in r):,} | {ratio(aw, w) if name != 'aida' else '–'} |")
    goals = [("aida `--headers-only` (1 process) vs `dcmdump -M` (2 processes)", walls["dcmdump"],
              GOAL_VS_DCMDUMP),
             ("aida `--headers-only` (1 process) vs pydicom, every value (2 processes)", walls["pydicom"],
              GOAL_VS_PYDICOM)]
    lines += ["", "| goal | aida / peer | goal | met |", "|---|---|---|---|"]
    for label, peer, goal in goals:
        lines.append(f"| {label} | {ratio(aw, peer)} | ≤ {goal:.2f}x | {yes(aw['median'] <= goal * peer['median'])} |")
    return "\n".join(lines)


def count_checked(outs):
    """Files `aida check --json` judged, from its report's "files"."""
    n = 0
    for out in outs:
        with open(out) as f:
            report = json.load(f)
        if report["findings"]:
            raise StepFailed(f"aida check found {len(report['findings'])} findings in the anonymized set")
        n += report["files"]
    return n


def bench_gate_check(run, args, results):
    files = dicom_files(args.ct)
    n, size = len(files), sum(os.path.getsize(f) for f in files)
    reps = max(args.reps, DICOM_MIN_REPS)
    cold = os.path.join(args.work, "gate-cache-cold")
    warm = os.path.join(args.work, "gate-cache-warm")
    remove(warm)
    check = ["check", args.ct, "--json"]
    py = [sys.executable, os.path.join(HERE, "pydicom_read.py")]
    what = {
        "aida-cold": "aida `check`, empty verdict cache (filled by the run)",
        "aida-cached": "aida `check` again: every verdict from the cache",
        "aida-nocache": "aida `check --no-cache` (extra row)",
        "pydicom": "pydicom: `dcmread` + every value, 2 processes",
    }
    sides = {
        "aida-cold": ([["sh", "-c", 'rm -rf "$0" && XDG_CACHE_HOME="$0" exec "$@"', cold, args.aida] + check],
                      count_checked),
        "aida-cached": ([["env", f"XDG_CACHE_HOME={warm}", args.aida] + check], count_checked),
        "aida-nocache": ([[args.aida] + check + ["--no-cache"]], count_checked),
        "pydicom": ([py + ["--full"] + h for h in halves(files)], count_pydicom),
    }
    runs = run.read_only("gate-check", sides, reps, files)
    results["gate-check"] = {"files": n, "bytes": size, "runs": runs,
                             "pydicom": cmd(sys.executable, "-c", "import pydicom; print(pydicom.__version__)")}
    walls = {k: pick(v, "wall") for k, v in runs.items()}
    lines = [f"### gate-check: `aida check` of {n:,} CT slices, {fmt_mb(size)}", "",
             f"`{os.path.basename(args.ct)}` read in place, warm page cache, {reps} timed runs per side, "
             "alternating. aida uses both cores itself; pydicom runs as 2 processes on the two halves of "
             "the sorted list. Every run's output is checked: aida must judge all "
             f"{n:,} files with no finding, pydicom must read them all (pydicom {results['gate-check']['pydicom']}). "
             "The cold side removes its cache folder before each run; the cached side's cache was filled "
             "by its warm-up pass.", "",
             "| side | wall: median (min–max) | CPU user + sys | peak RSS | files | this / pydicom |",
             "|---|---|---|---|---|---|"]
    for name, label in what.items():
        r = runs[name]
        lines.append(f"| {label} | {fmt_time(walls[name])} | {fmt_time(pick(r, 'cpu'))} | "
                     f"{fmt_mib(pick(r, 'rss'))} | {min(x['files'] for x in r):,} | "
                     f"{ratio(walls[name], walls['pydicom']) if name != 'pydicom' else '–'} |")
    cw, cached, pw = walls["aida-cold"], walls["aida-cached"], walls["pydicom"]
    lines += ["", "| goal | measured | goal | met |", "|---|---|---|---|",
              f"| aida check (empty cache) vs pydicom, every value | {ratio(cw, pw)} | ≤ {GOAL_GATE_VS_PYDICOM:.2f}x | "
              f"{yes(cw['median'] <= GOAL_GATE_VS_PYDICOM * pw['median'])} |",
              f"| aida check again, from the cache | {cached['median']:.3f} s | < {GOAL_GATE_CACHED_S:.1f} s | "
              f"{yes(cached['median'] < GOAL_GATE_CACHED_S)} |"]
    return "\n".join(lines)


def dhat_summary(path):
    """Totals of a DHAT profile: bytes allocated, bytes live at the global peak, and every
    allocation site of blocks of 64 KiB or more, named by the first frame in aida."""
    with open(path) as f:
        d = json.load(f)
    big = []
    for pp in d["pps"]:
        if pp["tbk"] and pp["tb"] / pp["tbk"] >= 64 << 10:
            frames = [d["ftbl"][i] for i in pp["fs"]]
            ours = [fr.split(": ", 1)[-1].split(" (in ")[0] for fr in frames if "aida" in fr.rsplit("(in ", 1)[-1]]
            other = frames[1].split(": ", 1)[-1] if len(frames) > 1 else "?"
            if other.startswith("???"):   # no symbol: name the library
                other = os.path.basename(other.rsplit("(in ", 1)[-1].rstrip(")")) + ", no symbol"
            big.append({"bytes": pp["tb"] // pp["tbk"], "blocks": pp["tbk"], "site": ours[0] if ours else other})
    return {"total": sum(p["tb"] for p in d["pps"]), "blocks": sum(p["tbk"] for p in d["pps"]),
            "peak": sum(p["gb"] for p in d["pps"]), "big": sorted(big, key=lambda b: -b["bytes"])}


def demangle(names):
    swift = shutil.which("swift")
    tool = shutil.which("swift-demangle") or (swift and os.path.join(os.path.dirname(os.path.realpath(swift)),
                                                                     "swift-demangle"))
    if not names or not tool or not os.access(tool, os.X_OK):
        return names
    out = subprocess.run([tool, "--simplified"], input="\n".join(names), capture_output=True, text=True)
    got = out.stdout.splitlines()
    return got if out.returncode == 0 and len(got) == len(names) else names


def bench_dicom_memory(run, args, results):
    one = dicom_files(args.ct)[0]
    size = os.path.getsize(one)
    dump = subprocess.run([args.aida, "dicom", "dump", one], capture_output=True, text=True, check=True).stdout
    pixel = [l for l in dump.splitlines() if l.startswith("(7FE0,0010)")]
    pixel_len = int(pixel[0].split("#")[1].split(",")[0]) if pixel else 0
    res = {"file": one, "bytes": size, "pixel_bytes": pixel_len, "rss": {}, "dhat": {}}
    results["dicom-memory"] = res
    modes = {"full": [], "headers-only": ["--headers-only"]}
    for mode, flag in modes.items():
        rss = []
        for _ in range(5):
            rss.append(run_step([args.aida, "dicom", "dump"] + flag + [one], args.work, run.log)["rss"])
        res["rss"][mode] = rss
    valgrind = shutil.which("valgrind")
    if valgrind:
        # valgrind 3.19 cannot read the DWARF 5 debug info Swift writes: a copy without it.
        nodebug = os.path.join(args.work, "aida-nodebug")
        sh("strip", "--strip-debug", "-o", nodebug, args.aida)
        for mode, flag in modes.items():
            out = os.path.join(args.work, f"dhat-{mode}.json")
            run_step([valgrind, "--tool=dhat", f"--dhat-out-file={out}", nodebug, "dicom", "dump"] + flag + [one],
                     args.work, run.log)
            res["dhat"][mode] = dhat_summary(out)
            os.remove(out)
        os.remove(nodebug)
    lines = [f"### dicom-memory: heap of `aida dicom dump` of one CT slice", "",
             f"`{os.path.relpath(one, args.ct)}`: {size:,} bytes, of which pixel data {pixel_len:,} bytes "
             "(512 × 512 × 16 bits). Heap from valgrind's DHAT (every malloc of the process, Swift runtime "
             "and the data dictionary's tables included); peak RSS from `wait4`, median of 5 runs.", ""]
    full, hdr = res["dhat"].get("full"), res["dhat"].get("headers-only")
    rf, rh = statistics.median(res["rss"]["full"]), statistics.median(res["rss"]["headers-only"])
    lines += ["| measure | full parse (`dicom dump`) | headers only (`--headers-only`) | difference | goal | met |",
              "|---|---|---|---|---|---|"]
    lines.append(f"| peak RSS | {rf / MIB:.1f} MiB | {rh / MIB:.1f} MiB | {(rf - rh) / MIB:+.2f} MiB | – | – |")
    if full and hdr:
        def read_buffer(s):
            return next((b["bytes"] for b in s["big"] if "FileReader" in b["site"]), 0)
        lines.append(f"| heap allocated in all | {full['total']:,} B in {full['blocks']:,} blocks | "
                     f"{hdr['total']:,} B in {hdr['blocks']:,} blocks | {full['total'] - hdr['total']:+,} B | – | – |")
        lines.append(f"| of which the read buffer | {read_buffer(full):,} B (whole file) | "
                     f"{read_buffer(hdr):,} B (64 KiB prefix) | {read_buffer(full) - read_buffer(hdr):+,} B | – | – |")
        lines.append(f"| heap live at the peak (DHAT t-gmax) | {full['peak']:,} B | {hdr['peak']:,} B | "
                     f"{full['peak'] - hdr['peak']:+,} B | – | – |")
        # What the full parse holds at its peak beyond what the command holds anyway (runtime,
        # dictionary tables, dump text): its peak minus the headers-only peak without its prefix.
        held = full["peak"] - (hdr["peak"] - read_buffer(hdr))
        res["parse_peak"] = held
        lines.append(f"| **heap the full parse holds at the peak**, over the file size | "
                     f"{held:,} B = **{held / size:.2f}x** the file | – | – | "
                     f"≤ {GOAL_PARSE_HEAP}x (a copy of the pixel data would make it ≥ 2x) | "
                     f"{yes(held <= GOAL_PARSE_HEAP * size)} |")
        sites = demangle([b["site"] for b in full["big"]])
        blocks = "; ".join(f"{b['bytes']:,} B × {b['blocks']} in `{site}`" for b, site in zip(full["big"], sites))
        lines += ["", f"Blocks of 64 KiB or more in the full parse, by allocation site: {blocks}."]
    else:
        lines += ["", "valgrind is not installed (`apt-get install -y valgrind`): no heap figures."]
    return "\n".join(lines)


class Text:
    """A ready-made markdown section, for the benchmarks whose tables have their own columns."""
    def __init__(self, text):
        self.text = text

    def markdown(self):
        return self.text


ORDER = [("add-commit-ct", bench_add_commit_ct), ("small-files", bench_small_files),
         ("re-add", bench_re_add), ("memory", bench_memory),
         ("dicom-headers", lambda *a: Text(bench_dicom_headers(*a))),
         ("dicom-memory", lambda *a: Text(bench_dicom_memory(*a))),
         ("gate-check", lambda *a: Text(bench_gate_check(*a)))]


# ---------------------------------------------------------------- the report

def cmd(*argv):
    try:
        return subprocess.run(argv, capture_output=True, text=True, check=True).stdout.strip()
    except (OSError, subprocess.CalledProcessError):
        return "?"


def machine():
    cpu = "?"
    with open("/proc/cpuinfo") as f:
        for line in f:
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    flags = open("/proc/cpuinfo").read()
    mem = "?"
    with open("/proc/meminfo") as f:
        for line in f:
            if line.startswith("MemTotal"):
                mem = f"{int(line.split()[1]) / 1024 / 1024:.0f} GiB"
    return {"nproc": os.cpu_count(), "cpu": cpu, "sha_ni": " sha_ni" in flags, "mem": mem,
            "kernel": platform.release()}


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--list", action="store_true")
    ap.add_argument("--check-name")
    ap.add_argument("--aida")
    ap.add_argument("--built-from", default="?")
    ap.add_argument("--repo")
    ap.add_argument("--work")
    ap.add_argument("--ct")
    ap.add_argument("--small", action="append", default=[])
    ap.add_argument("--reps", type=int, default=3)
    ap.add_argument("--out")
    ap.add_argument("--quick", action="store_true")
    ap.add_argument("names", nargs="*")
    args = ap.parse_args()
    if args.list:
        for name, text in BENCHMARKS.items():
            print(f"{name:15} {text}")
        return 0
    if args.check_name is not None:
        if args.check_name in BENCHMARKS:
            return 0
        print(f"run.sh: no benchmark '{args.check_name}'; there are: {', '.join(BENCHMARKS)}", file=sys.stderr)
        return 2
    selected = [n for n, _ in ORDER if not args.names or n in args.names]
    if args.names == ["memory"] and args.reps == 3:
        args.reps = 1           # peak RSS does not need repetitions

    m = machine()
    head = {
        "date": datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%d %H:%M UTC"),
        "machine": m,
        "aida": args.built_from,
        "git": cmd("git", "--version"), "git-lfs": cmd("git", "lfs", "version").split(" (")[0],
        "uptime_before": cmd("uptime"), "reps": args.reps, "quick": args.quick, "benchmarks": selected,
    }
    os.makedirs(args.work, exist_ok=True)
    run = Runner(args)
    results, tables = {}, []
    progress(f"benchmarks: {', '.join(selected)}; {args.reps} repetitions; log: {run.log}")
    try:
        for name, fn in ORDER:
            if name in selected:
                tables.append(fn(run, args, results))
    except StepFailed as e:
        print(f"run.sh: a benchmark command failed:\n{e}", file=sys.stderr)
        return 1
    head["uptime_after"] = cmd("uptime")
    head["load_during_runs"] = [min(run.loads), max(run.loads)] if run.loads else None
    head["cpu_busy_before_runs"] = [min(run.busy), max(run.busy)] if run.busy else None

    md = [f"## Results {head['date']}{' (--quick: small sizes, goals are for the full sizes)' if args.quick else ''}",
          "",
          f"- machine: {m['nproc']} cores, {m['cpu']}{' (SHA-NI)' if m['sha_ni'] else ''}, {m['mem']} RAM, "
          f"Linux {m['kernel']}",
          f"- aida {head['aida']} (release build); {head['git']}; {head['git-lfs']}",
          f"- {args.reps} repetitions per side"
          + (f" (dicom-headers: {max(args.reps, DICOM_MIN_REPS)})" if "dicom-headers" in selected else "")
          + ", alternating aida and the peer; median (min–max)",
          f"- load before: `{head['uptime_before'].split('load average: ')[-1]}`; "
          f"after: `{head['uptime_after'].split('load average: ')[-1]}`"
          + (f"; 1-min load at the start of the timed runs: {head['load_during_runs'][0]:.2f}–"
             f"{head['load_during_runs'][1]:.2f}; CPU busy in the 0.5 s before a run (the harness waits "
             f"up to 90 s for < 25%): {min(run.busy):.0%}–{max(run.busy):.0%}, median "
             f"{statistics.median(run.busy):.0%}" if run.loads else ""),
          ""]
    for t in tables:
        md += [t.markdown(), ""]
    text = "\n".join(md)
    print(text)
    with open(args.out + ".md", "w") as f:
        f.write(text)
    with open(args.out + ".json", "w") as f:
        json.dump({"head": head, "results": results}, f, indent=1)
    progress(f"wrote {args.out}.md and .json")
    return 0


if __name__ == "__main__":
    sys.exit(main())
