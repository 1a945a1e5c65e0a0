#!/usr/bin/env python3
"""B3: time a warm `mvn -B -o verify` and attribute its wall-clock time to phases.

Run it from the repository root on an otherwise idle machine (the numbers are only as quiet as
the machine; the load average before the run is recorded):

    python3 scripts/verify_phases.py                  # writes reports/bench/b3-verify-phases.json

1. Warm-up (skip with --no-warmup): `mvn -B -o -q verify -DskipTests`, so classes, test classes
   and the jar are up to date and the timed run measures a warm build, not a compile from scratch.
2. The timed run: `mvn -B -o verify`, Maven's log lines time-stamped to the millisecond
   (MAVEN_OPTS -Dorg.slf4j.simpleLogger.showDateTime=true), the log kept in target/verify-phases.log.
3. Attribution. Every second of the wall clock lands in exactly one phase:
   - Maven start-up and enforcer: from starting mvn to the first build step after the enforcer;
   - compile: resources, compile, testResources, testCompile (Maven's time-stamps per step);
   - the surefire steps (one per surefire execution, each its own test JVM), split by
     target/surefire-reports/TEST-*.xml per-class times into the test phases below; what is left
     of the steps (forking the test JVMs, class loading between classes) is "surefire fork and
     overhead";
   - package: jar and the copy of the runtime libraries; Maven's end: after BUILD SUCCESS.
   Test classes go to phases by what they exercise (PHASES below): unit tests (formulas,
   catalog, facts, tensor, check, the oracle's arithmetic), engine comparisons (engine tests,
   the accuracy measurement against the oracle), golden check (golden package, `golden` command),
   onnx-tests (onnx package, `onnx-tests` command), report (report package, other CLI tests).
   The test JVM's one shared conformance run (src/test/java/io/refcheck/SharedReport.java) is
   paid by whichever class asks first; SharedReport writes target/shared-conformance-run.json
   with that class, the run's wall clock and each part's own wall clock, and the script moves the
   run's seconds out of the class. The parts run side by side, so each phase gets the run's
   seconds in proportion to its parts: the plain-Java engine's checks to unit tests, every other
   engine's checks to engine comparisons, the golden-data check and the golden cases through the
   plain-Java ONNX evaluator to golden check.

Writes {"command", "measured", "machine", "java", "maven", "gitCommit", "gitDirty", "warm",
"totalSeconds", "goalSeconds", "tests", "failures", "errors", "skipped", "phases": [{"phase",
"seconds", "detail"}], "slowest": [{"item", "phase", "seconds"}], "sharedConformanceRun"}; the
report's benchmark section (report/Benchmarks) reads it. Exit 1, writing nothing, when the build
fails.
"""
import argparse
import datetime
import glob
import json
import os
import platform
import re
import subprocess
import sys
import time
import xml.etree.ElementTree as ET

GOAL_SECONDS = 60

# First match wins; a class matching none is counted as "unmapped tests", never dropped.
PHASES = [
    ("golden check", r"^io\.refcheck\.golden\.|^io\.refcheck\.cli\.GoldenCommandTest$"),
    ("onnx-tests", r"^io\.refcheck\.onnx\.|^io\.refcheck\.cli\.OnnxTestsCommandTest$"),
    ("engine comparisons", r"^io\.refcheck\.engine\.(?!HighPrecisionTest$)|^io\.refcheck\.check\.AccuracyTest$"),
    ("report", r"^io\.refcheck\.(report|cli)\."),
    ("unit tests", r"^io\.refcheck\.(formulas|catalog|tensor|check|engine)\."),
]
TEST_PHASES = ["unit tests", "engine comparisons", "golden check", "onnx-tests", "report"]
DETAILS = {
    "unit tests": "formulas, catalog, facts, tensor and check tests; the oracle's arithmetic; in the shared run, the plain-Java checks",
    "engine comparisons": "engine tests (PyTorch, ONNX Runtime, user engines), accuracy against the oracle; in the shared run, every engine but plain Java",
    "golden check": "golden package and the golden command; in the shared run, the golden-data regression check and the golden cases on the plain-Java ONNX evaluator",
    "onnx-tests": "onnx package and the onnx-tests command",
    "report": "report package (the fresh-JVM determinism check included) and the CLI tests",
}
COMPILE_GOALS = {"resources", "compile", "testResources", "testCompile"}
PACKAGE_GOALS = {"jar", "copy-dependencies"}
# Searched, not matched at the start: test output without a line end (jqwik's banner) can precede Maven's stamp.
STAMP = re.compile(r"(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}) \[(?:INFO|WARNING|ERROR)\] ")
MOJO = re.compile(r"--- (?P<plugin>[\w.-]+):(?P<version>[\w.-]+):(?P<goal>[\w-]+) \((?P<execution>[\w.-]+)\) @ ")
ANSI = re.compile(r"\x1b\[[0-9;]*m")


def run(command, **kw):
    return subprocess.run(command, text=True, capture_output=True, **kw)


def machine():
    model = "unknown"
    try:
        with open("/proc/cpuinfo") as f:
            model = next(l.split(":", 1)[1].strip() for l in f if l.startswith("model name"))
    except (OSError, StopIteration):
        pass
    return {"cpuModel": model, "cores": os.cpu_count(),
            "os": f"{platform.system()} {platform.release()} ({platform.machine()})",
            "loadAverageBefore": [round(x, 2) for x in os.getloadavg()]}


def stamp(s):
    return datetime.datetime.strptime(s, "%Y-%m-%dT%H:%M:%S.%f").timestamp()


def parse_log(lines):
    """[(plugin:goal (execution), start seconds)], and the time of BUILD SUCCESS and of the first log line."""
    steps, success, first = [], None, None
    for line in lines:
        line = ANSI.sub("", line)
        m = STAMP.search(line)
        if not m:
            continue
        t = stamp(m.group(1))
        first = first if first is not None else t
        mojo = MOJO.search(line)
        if mojo:
            steps.append((mojo.group("plugin"), mojo.group("goal"), mojo.group("execution"), t))
        elif "BUILD SUCCESS" in line:
            success = t
    return steps, success, first


def phase_of(cls):
    for phase, pattern in PHASES:
        if re.search(pattern, cls):
            return phase
    return "unmapped tests"


def suites(since):
    out = []
    for path in sorted(glob.glob("target/surefire-reports/TEST-*.xml")):
        if os.path.getmtime(path) < since:
            continue
        root = ET.parse(path).getroot()
        cases = [(c.get("name"), float(c.get("time") or 0)) for c in root.iter("testcase")]
        out.append({"class": root.get("name"), "seconds": float(root.get("time") or 0), "cases": cases,
                    "tests": int(root.get("tests") or 0), "failures": int(root.get("failures") or 0),
                    "errors": int(root.get("errors") or 0), "skipped": int(root.get("skipped") or 0)})
    return out


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--json", default="reports/bench/b3-verify-phases.json", help="where to write the result")
    ap.add_argument("--no-warmup", action="store_true", help="time the build as it is (classes may be stale)")
    ap.add_argument("--mvn", default="mvn", help="the Maven command")
    ap.add_argument("--top", type=int, default=12, help="how many of the slowest items to list")
    ap.add_argument("--maven-arg", action="append", default=[],
                    help="extra argument for the timed mvn, e.g. -Dtest=ReportPartsTest for a smoke run of this script; "
                         "a B3 measurement uses none")
    args = ap.parse_args()
    if not os.path.isfile("pom.xml"):
        sys.exit("run from the repository root (no pom.xml here)")

    if not args.no_warmup:
        print("warm-up: mvn -B -o -q verify -DskipTests", flush=True)
        w = run([args.mvn, "-B", "-o", "-q", "verify", "-DskipTests"])
        if w.returncode != 0:
            sys.stdout.write(w.stdout + w.stderr)
            sys.exit("the warm-up build failed")
    where = machine()
    env = dict(os.environ)
    env["MAVEN_OPTS"] = (env.get("MAVEN_OPTS", "") + " -Dorg.slf4j.simpleLogger.showDateTime=true"
                         " -Dorg.slf4j.simpleLogger.dateTimeFormat=yyyy-MM-dd'T'HH:mm:ss.SSS").strip()
    command = [args.mvn, "-B", "-o", "verify"] + args.maven_arg
    print("timed: " + " ".join(command) + f" (load average before: {where['loadAverageBefore']})", flush=True)
    start = time.time()
    build = run(command, env=env)
    end = time.time()
    os.makedirs("target", exist_ok=True)
    with open("target/verify-phases.log", "w") as f:
        f.write(build.stdout + build.stderr)
    if build.returncode != 0:
        print(build.stdout[-4000:] + build.stderr[-2000:])
        sys.exit("mvn verify failed: nothing written (log: target/verify-phases.log)")
    total = end - start

    steps, success, first = parse_log(build.stdout.splitlines())
    if not steps or success is None:
        sys.exit("no time-stamped build steps in Maven's output: cannot attribute (log: target/verify-phases.log)")
    seconds = {p: 0.0 for p in ["Maven start-up and enforcer", "compile"] + TEST_PHASES}
    slow = []
    other = {}
    surefire = 0.0
    forks = 0
    compile_detail = []
    for i, (plugin, goal, execution, t) in enumerate(steps):
        duration = (steps[i + 1][3] if i + 1 < len(steps) else success) - t
        name = f"{plugin.replace('maven-', '').replace('-plugin', '')}:{goal}"
        if goal in COMPILE_GOALS:
            seconds["compile"] += duration
            compile_detail.append(f"{goal}{'' if execution.startswith('default-') else ' (' + execution + ')'} {duration:.1f} s")
        elif goal == "test" and "surefire" in plugin:
            surefire += duration
            forks += 1
        elif goal in PACKAGE_GOALS:
            other["package"] = other.get("package", 0) + duration
        elif goal == "enforce":
            seconds["Maven start-up and enforcer"] += duration
        else:
            other["other Maven steps"] = other.get("other Maven steps", 0) + duration
        if not (goal == "test" and "surefire" in plugin):
            slow.append({"item": f"Maven step {name} ({execution})", "phase": "compile" if goal in COMPILE_GOALS else "Maven", "seconds": duration})
    seconds["Maven start-up and enforcer"] += steps[0][3] - start
    end_of_maven = end - success

    classes = suites(start)
    if not classes:
        sys.exit("no fresh target/surefire-reports/TEST-*.xml: did the tests run?")
    shared = None
    if os.path.isfile("target/shared-conformance-run.json") and os.path.getmtime("target/shared-conformance-run.json") >= start:
        with open("target/shared-conformance-run.json") as f:
            shared = json.load(f)
    unmapped = []
    for c in classes:
        phase = phase_of(c["class"])
        if phase == "unmapped tests":
            unmapped.append(c["class"])
            seconds.setdefault(phase, 0.0)
        own = c["seconds"]
        if shared and c["class"] == shared["builtBy"]:
            own = max(0.0, own - shared["seconds"])
        seconds[phase] += own
        short = c["class"].replace("io.refcheck.", "")
        setup = own - sum(t for _, t in c["cases"])
        if setup > 0.05:
            slow.append({"item": f"{short}: class set-up and test factories", "phase": phase, "seconds": setup})
        for name, t in c["cases"]:
            slow.append({"item": f"{short}.{name}", "phase": phase, "seconds": t})
    attribution = ""
    if shared:
        # The engines and the golden data are checked side by side (one thread per core), so their own
        # wall clocks add up to more than the run's: each phase gets the run's seconds in proportion.
        tasks = [(f"conformance checks on {e['engine']} {e['dtype']}",
                  "unit tests" if e["engine"] == "plain-java" else "engine comparisons", e["seconds"]) for e in shared["engines"]]
        tasks.append(("golden-data check and the golden cases on the plain-Java ONNX evaluator", "golden check",
                      shared["golden and node tests"]))
        own_total = sum(t for _, _, t in tasks) or 1.0
        share = shared["seconds"] / own_total
        by_phase = {}
        for item, phase, t in tasks:
            seconds[phase] += t * share
            by_phase[phase] = by_phase.get(phase, 0.0) + t * share
            slow.append({"item": f"SharedReport: {item} (its share of the run)", "phase": phase, "seconds": t * share})
        attribution = (f"{shared['seconds']:.1f} s wall clock for {own_total:.1f} s of tasks side by side: "
                       + ", ".join(f"{phase} {t:.1f} s" for phase, t in by_phase.items()))
    in_classes = sum(c["seconds"] for c in classes)
    overhead = max(0.0, surefire - in_classes)

    phases = [{"phase": "Maven start-up and enforcer", "seconds": seconds["Maven start-up and enforcer"],
               "detail": "JVM and Maven start-up, project model, enforcer rules"},
              {"phase": "compile", "seconds": seconds["compile"], "detail": ", ".join(compile_detail) + " (warm: nothing stale)"}]
    for p in TEST_PHASES + (["unmapped tests"] if unmapped else []):
        phases.append({"phase": p, "seconds": seconds[p], "detail": DETAILS.get(p, "classes no rule maps: " + ", ".join(unmapped))})
    phases.append({"phase": "surefire fork and overhead", "seconds": overhead,
                   "detail": f"the surefire step{'s' if forks > 1 else ''} ({forks} test JVM{'s' if forks > 1 else ''}, {surefire:.1f} s) minus the "
                             f"time inside test classes ({in_classes:.1f} s): forking the test JVMs, loading classes"})
    for name, s in other.items():
        phases.append({"phase": name, "seconds": s, "detail": "jar and target/lib/" if name == "package" else "build steps not listed above"})
    phases.append({"phase": "Maven end", "seconds": end_of_maven, "detail": "after BUILD SUCCESS until mvn exits"})
    accounted = sum(p["seconds"] for p in phases)
    if abs(accounted - total) > 0.5:
        print(f"note: phases add up to {accounted:.1f} s of {total:.1f} s", file=sys.stderr)
    for p in phases:
        p["seconds"] = round(p["seconds"], 2)
    slow.sort(key=lambda s: -s["seconds"])
    for s in slow:
        s["seconds"] = round(s["seconds"], 2)

    git = run(["git", "rev-parse", "HEAD"]).stdout.strip() or None
    dirty = bool(run(["git", "status", "--porcelain", "--untracked-files=no"]).stdout.strip())
    mvn_version = ANSI.sub("", run([args.mvn, "-v"]).stdout).splitlines()
    result = {
        "command": " ".join(command),
        "measured": datetime.datetime.fromtimestamp(end, datetime.timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ"),
        "machine": where,
        "java": next((l.strip() for l in mvn_version if l.startswith("Java version")), None),
        "maven": mvn_version[0].strip() if mvn_version else None,
        "gitCommit": git, "gitDirty": dirty,
        "warm": "no warm-up (--no-warmup)" if args.no_warmup else "after a warm-up mvn -B -o -q verify -DskipTests",
        "totalSeconds": round(total, 2), "goalSeconds": GOAL_SECONDS,
        "tests": sum(c["tests"] for c in classes), "failures": sum(c["failures"] for c in classes),
        "errors": sum(c["errors"] for c in classes), "skipped": sum(c["skipped"] for c in classes),
        "phases": phases,
        "slowest": slow[:args.top],
        "sharedConformanceRun": None if not shared else {
            "builtBy": shared["builtBy"], "seconds": round(shared["seconds"], 2), "attribution": attribution},
    }
    os.makedirs(os.path.dirname(args.json) or ".", exist_ok=True)
    with open(args.json, "w") as f:
        json.dump(result, f, indent=2)
        f.write("\n")
    for p in phases:
        print(f"{p['phase']:<30} {p['seconds']:7.1f} s")
    print(f"{'total':<30} {total:7.1f} s (goal {GOAL_SECONDS} s); {result['tests']} tests; wrote {args.json}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
