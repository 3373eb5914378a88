#!/usr/bin/env python3
"""corpus.py check|record --enginesim BIN --engines DIR --corpus DIR --work DIR [NAME...]

The run corpus (tests/harness/cli/corpus/README.md): commands recorded with one
enginesim binary, replayed with another, compared byte for byte.

For every case of CORPUS/cases.txt (`name | args`), in a fresh directory
holding only the symlinks `engines` (the built engines), `data` (CORPUS/data)
and `cases` (CORPUS/cases: a case may read an earlier case's recorded file),
so that the engine paths a schedule file records are the same on every
machine:
  1. run `enginesim ARGS`: exit code, stdout, stderr, the trace hashes printed
     and every file the command wrote (schedule files, --out directories...);
  2. run `enginesim replay FILE` on each recorded *.schedule file (a copy of the
     corpus's file, not the one just written): exit code, stdout, stderr.
`record` writes what it saw to CORPUS/cases/NAME/; `check` compares with it
and prints a diff for each difference. Standard library only.

Normalized (the only things that differ between machines and builds): the
absolute paths of the work directory, the engines, the corpus, the binary and
$TMPDIR; the random suffix of a temporary directory; kernel thread ids
(`tid N`); wall-clock figures
(seconds, seeds per second, milliseconds of real time). Everything else is
compared as it is.

Exit 0: every case matches (or was recorded); 1: a difference; 2: usage."""
import argparse
import difflib
import os
import re
import shlex
import shutil
import subprocess
import sys
import time

TIMEOUT_SEC = 300  # one command; a hang is a failure, never a stuck ctest

# Wall-clock figures, each replaced by a fixed word (regex, replacement).
WALL_CLOCK = [
    (re.compile(r"in [0-9]+(\.[0-9]+)?s \([0-9]+(\.[0-9]+)? seeds/s\)"), "in {secs}s ({rate} seeds/s)"),
    (re.compile(r"[0-9]+(\.[0-9]+)? ?ms of real time"), "{ms} ms of real time"),
]
# Kernel thread ids (a leaked thread is named by its tid).
TID = re.compile(r"\btid [0-9]+")
# A thread the engine leaked runs on after destroy, uncontrolled: whether it
# calls the server API between the core's end and the process's exit, and
# how often, is a race on wall time (fakes/server_api.cpp says so on stderr).
LEAKED_CALL = re.compile(
    r"^enginesim: engine called \S+ with no core alive \(a thread that outlived destroy\?\)\n",
    re.MULTILINE)
# Where a death struck (harness/sim/crash_site.h): offsets in a module change
# with the compiler, and the frames in enginesim's own executable (the
# core's calls into the engine) with every edit of the harness.
CRASH_HARNESS_FRAME = re.compile(r"^ +called from .* \(enginesim\+0x[0-9a-f]+\)( at \S+)?\n", re.MULTILINE)
CRASH_OFFSET = re.compile(r"(\([A-Za-z0-9_.+-]+\+0x)[0-9a-f]+\)")
# Where a leaked allocation was made (harness/monitor/engine_heap.cpp,
# "Allocated at: x.so+0x743e"): a module offset moves with the compiler and
# with the order the build links the engine's objects (a Ninja build links
# mutant_mem_leak_ref.so's in another order than Make, and its sites moved).
ALLOC_SITE = re.compile(r"(\b[A-Za-z0-9_.-]+\.so\+0x)[0-9a-f]+\b")
TMP_SUFFIX = re.compile(r"(\{TMPDIR\}/[A-Za-z0-9_.-]*?-)[A-Za-z0-9]{6}\b")
HASH = re.compile(r"trace-hash:? ([0-9a-f]{16})")


class Env:
    """Where the binary, the engines and the corpus are, and the text each
    absolute path becomes in a normalized output."""

    def __init__(self, args):
        self.enginesim = os.path.abspath(args.enginesim)
        self.engines = os.path.abspath(args.engines)
        self.corpus = os.path.abspath(args.corpus)
        self.work = os.path.abspath(args.work)
        self.tmp = os.path.join(self.work, "tmp")

    def normalize(self, text, case_dir):
        # Longest paths first: the case directory lies inside the work directory.
        for path, word in sorted([(case_dir, "{work}"), (self.tmp, "{TMPDIR}"),
                                  (self.engines, "{engines}"), (self.corpus, "{corpus}"),
                                  (self.enginesim, "{enginesim}"), (self.work, "{workroot}")],
                                 key=lambda p: -len(p[0])):
            text = text.replace(path, word)
        text = TMP_SUFFIX.sub(r"\1XXXXXX", text)
        text = TID.sub("tid {tid}", text)
        text = LEAKED_CALL.sub("", text)
        text = CRASH_HARNESS_FRAME.sub("", text)
        text = CRASH_OFFSET.sub(r"\1{offset})", text)
        text = ALLOC_SITE.sub(r"\1{offset}", text)
        for pattern, word in WALL_CLOCK:
            text = pattern.sub(word, text)
        return text


def read_cases(corpus):
    """cases.txt: `name | args` per line; # comments and blank lines skipped."""
    cases = []
    path = os.path.join(corpus, "cases.txt")
    with open(path, encoding="utf-8") as f:
        for n, line in enumerate(f, 1):
            line = line.strip()
            if not line or line.startswith("#"):
                continue
            name, sep, args = line.partition("|")
            name, args = name.strip(), args.strip()
            if not sep or not re.fullmatch(r"[a-z0-9_]+", name) or not args:
                sys.exit(f"{path}:{n}: expected 'name | args' (name: a-z 0-9 _), got: {line}")
            cases.append((name, args))
    return cases


def fresh_dir(env, name):
    """An empty directory with the `engines`, `data` and `cases` symlinks."""
    d = os.path.join(env.work, name)
    shutil.rmtree(d, ignore_errors=True)
    os.makedirs(d)
    os.symlink(env.engines, os.path.join(d, "engines"))
    os.symlink(os.path.join(env.corpus, "data"), os.path.join(d, "data"))
    os.symlink(os.path.join(env.corpus, "cases"), os.path.join(d, "cases"))
    return d


def run(env, argv, cwd):
    """(exit code, normalized stdout, normalized stderr) of enginesim ARGV in cwd."""
    shutil.rmtree(env.tmp, ignore_errors=True)
    os.makedirs(env.tmp)
    environ = dict(os.environ, TMPDIR=env.tmp)
    try:
        p = subprocess.run([env.enginesim] + argv, cwd=cwd, env=environ, capture_output=True,
                           timeout=TIMEOUT_SEC, stdin=subprocess.DEVNULL)
        code, out, err = p.returncode, p.stdout, p.stderr
    except subprocess.TimeoutExpired as e:
        code, out, err = "timeout", e.stdout or b"", e.stderr or b""
    dec = lambda b: env.normalize(b.decode("utf-8", "backslashreplace"), cwd)
    return str(code), dec(out), dec(err)


def written_files(env, d):
    """{relative path: normalized content} of every file under d but the symlinks."""
    files = {}
    for root, dirs, names in os.walk(d):
        dirs[:] = sorted(x for x in dirs if not os.path.islink(os.path.join(root, x)))
        for n in sorted(names):
            p = os.path.join(root, n)
            if os.path.islink(p):
                continue
            with open(p, "rb") as f:
                files[os.path.relpath(p, d)] = env.normalize(f.read().decode("utf-8", "backslashreplace"), d)
    return files


def observe(env, name, args, recorded_files):
    """Everything the case shows: {artifact name: text}. The replays run on
    `recorded_files` (the corpus's schedule files; when recording, the new ones)."""
    d = fresh_dir(env, name)
    code, out, err = run(env, shlex.split(args), d)
    seen = {"command": args + "\n", "exit": code + "\n", "stdout": out, "stderr": err,
            "trace-hash": "".join(h + "\n" for h in HASH.findall(out))}
    files = written_files(env, d)
    for rel, text in files.items():
        seen["files/" + rel] = text
    schedules = recorded_files if recorded_files is not None else files
    for rel in sorted(r for r in schedules if r.endswith(".schedule")):
        rd = fresh_dir(env, name + ".replay." + rel.replace("/", "__"))
        os.makedirs(os.path.join(rd, os.path.dirname(rel)), exist_ok=True)
        with open(os.path.join(rd, rel), "w", encoding="utf-8") as f:
            f.write(schedules[rel])
        code, out, err = run(env, ["replay", rel], rd)
        key = "replay/" + rel.replace("/", "__")
        seen[key + ".exit"] = code + "\n"
        seen[key + ".stdout"] = out
        seen[key + ".stderr"] = err
    return seen  # the directories stay for a look at a failure (until the next check)


def load_recorded(case_dir):
    got = {}
    for root, dirs, names in os.walk(case_dir):
        dirs.sort()
        for n in sorted(names):
            p = os.path.join(root, n)
            with open(p, encoding="utf-8") as f:
                got[os.path.relpath(p, case_dir)] = f.read()
    return got


def diff(name, key, want, got):
    lines = list(difflib.unified_diff(want.splitlines(True), got.splitlines(True),
                                      f"recorded/{name}/{key}", f"now/{name}/{key}", n=2))
    shown = "".join(lines[:60])
    more = f"... ({len(lines) - 60} more diff lines)\n" if len(lines) > 60 else ""
    return shown + more


def check_case(env, name, args):
    """The differences of one case, as printable text ('' when it matches)."""
    case_dir = os.path.join(env.corpus, "cases", name)
    if not os.path.isdir(case_dir):
        return f"{name}: in cases.txt but never recorded: run tests/harness/cli/corpus/record.sh\n"
    want = load_recorded(case_dir)
    if want.get("command") != args + "\n":
        return (f"{name}: cases.txt says `{args}` but the corpus recorded "
                f"`{want.get('command', '').strip()}`: re-record (tests/harness/cli/corpus/README.md)\n")
    recorded_files = {k[len("files/"):]: v for k, v in want.items() if k.startswith("files/")}
    got = observe(env, name, args, recorded_files)
    report = []
    if want.get("trace-hash") != got.get("trace-hash"):
        report.append(f"{name}: trace hashes changed: recorded {want.get('trace-hash', '').split()} "
                      f"now {got.get('trace-hash', '').split()}\n")
    for key in sorted(set(want) | set(got)):
        if key not in got:
            report.append(f"{name}: {key} was recorded, now missing\n")
        elif key not in want:
            report.append(f"{name}: {key} is new (not in the corpus)\n" + diff(name, key, "", got[key]))
        elif want[key] != got[key]:
            report.append(diff(name, key, want[key], got[key]))
    return "".join(report)


def record_case(env, name, args):
    got = observe(env, name, args, None)
    case_dir = os.path.join(env.corpus, "cases", name)
    shutil.rmtree(case_dir, ignore_errors=True)
    for key, text in got.items():
        p = os.path.join(case_dir, key)
        os.makedirs(os.path.dirname(p), exist_ok=True)
        with open(p, "w", encoding="utf-8") as f:
            f.write(text)
    return got


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("mode", choices=["check", "record"])
    ap.add_argument("--enginesim", required=True)
    ap.add_argument("--engines", required=True)
    ap.add_argument("--corpus", required=True)
    ap.add_argument("--work", required=True)
    ap.add_argument("names", nargs="*", help="only these cases")
    args = ap.parse_intermixed_args()
    env = Env(args)
    for path in (env.enginesim, env.engines, os.path.join(env.corpus, "cases.txt")):
        if not os.path.exists(path):
            print(f"corpus.py: {path} does not exist", file=sys.stderr)
            return 2
    cases = read_cases(env.corpus)
    unknown = set(args.names) - {n for n, _ in cases}
    if unknown:
        print(f"corpus.py: no case named {', '.join(sorted(unknown))} in cases.txt", file=sys.stderr)
        return 2
    if args.names:
        cases = [c for c in cases if c[0] in args.names]
    os.makedirs(env.work, exist_ok=True)
    failed = []
    start = time.monotonic()
    for name, cmd in cases:
        t = time.monotonic()
        if args.mode == "record":
            got = record_case(env, name, cmd)
            print(f"recorded {name}: exit {got['exit'].strip()}, "
                  f"{sum(k.startswith('files/') for k in got)} files ({time.monotonic() - t:.1f}s)")
            continue
        problems = check_case(env, name, cmd)
        status = "ok  " if not problems else "FAIL"
        print(f"{status} {name} ({time.monotonic() - t:.1f}s)")
        if problems:
            failed.append(name)
            print(problems, end="")
            print(f"  (what the run wrote: {os.path.join(env.work, name)})")
    if args.mode == "check" and not args.names:
        recorded = set(os.listdir(os.path.join(env.corpus, "cases")))
        stale = recorded - {n for n, _ in cases}
        if stale:
            print(f"FAIL recorded but not in cases.txt: {', '.join(sorted(stale))}: re-record")
            failed.extend(sorted(stale))
    shutil.rmtree(env.tmp, ignore_errors=True)
    print(f"{len(cases)} cases, {len(failed)} differ, {time.monotonic() - start:.1f}s")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
