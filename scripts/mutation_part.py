#!/usr/bin/env python3
"""Runs one part of the mutation test (PIT, the pom's `mutation` profile) and records its result.

    python3 scripts/mutation_part.py PART            # runs PIT on the part's classes, then records it
    python3 scripts/mutation_part.py PART --record   # records target/pit-reports/PART/mutations.xml as it is
                                                     # (the same run again: keeps its time, date and commit)
    python3 scripts/mutation_part.py --list          # the parts and their classes
    python3 scripts/mutation_part.py --markdown      # the tables of docs/mutation-testing.md, from the recorded JSON

The whole of formulas/ and tensor/ does not fit one 20-minute run on 2 cores, so it is split by class into
PARTS below. Each part's result is written into reports/mutation/mutation-results.json as soon as it finishes:
per class the mutants and what became of them, per part the wall-clock time, the date, the commit and the load
average before and after (the machine may be shared). The numbers come from PIT's mutations.xml, never typed in.

Mutants listed in reports/mutation/equivalent-mutants.json (class, method, line, mutator, reason) are
equivalent: no test can tell them from the original. They are counted apart; every other survivor or
uncovered mutant is listed under "unexplained".
"""
import argparse
import json
import os
import subprocess
import sys
import time
import xml.etree.ElementTree as ET
from datetime import datetime, timezone

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
RESULTS = os.path.join(ROOT, "reports", "mutation", "mutation-results.json")
EQUIVALENT = os.path.join(ROOT, "reports", "mutation", "equivalent-mutants.json")

F = "io.refcheck.formulas."
T = "io.refcheck.tensor."
# Each part mutates these classes (their nested classes included); sized to take well under 20 minutes on 2 cores.
PARTS = {
    "tensor-kernels": [T + "Tensor", T + "Tensors", F + "Require", F + "RowBlocks", F + "Sums", F + "Matrices",
                       F + "ElementwiseKernels", F + "ShiftedExp", F + "CephesTanh"],
    "activations-layers": [F + "Activation", F + "Activations", F + "Layers"],
    "backprop": [F + "Backprop"],
    "losses-information": [F + "Losses", F + "Information"],
    "optimisers-init": [F + "Optimisers", F + "Initialisation", F + "Dropout", F + "FiniteDifferences"],
}

DETECTED = {"KILLED", "TIMED_OUT", "MEMORY_ERROR", "RUN_ERROR"}


def uptime():
    with open("/proc/loadavg") as f:
        return " / ".join(f.read().split()[:3])


def git(*args):
    return subprocess.run(["git", *args], cwd=ROOT, capture_output=True, text=True).stdout.strip()


def top_class(name):
    return name.split("$")[0]


def load_equivalents():
    if not os.path.exists(EQUIVALENT):
        return []
    with open(EQUIVALENT) as f:
        return json.load(f)["mutants"]


def is_equivalent(m, equivalents):
    return next((e for e in equivalents if e["class"] == top_class(m["class"]) and e["method"] == m["method"]
                 and e["line"] == m["line"] and e["mutator"] == m["mutator"]
                 and e.get("description", m["description"]) == m["description"]), None)


def read_mutations(xml_path):
    out = []
    for m in ET.parse(xml_path).getroot():
        out.append({
            "class": m.findtext("mutatedClass"),
            "method": m.findtext("mutatedMethod"),
            "line": int(m.findtext("lineNumber")),
            "mutator": m.findtext("mutator").rsplit(".", 1)[-1],
            "description": m.findtext("description"),
            "status": m.get("status"),
            "killingTest": m.findtext("killingTest") or "",
        })
    return out


def counts(mutants, equivalents):
    c = {"mutants": len(mutants), "killed": 0, "timedOut": 0, "memoryOrRunError": 0, "survived": 0, "noCoverage": 0,
         "equivalent": 0}
    for m in mutants:
        s = m["status"]
        if s == "KILLED":
            c["killed"] += 1
        elif s == "TIMED_OUT":
            c["timedOut"] += 1
        elif s == "SURVIVED":
            c["survived"] += 1
        elif s == "NO_COVERAGE":
            c["noCoverage"] += 1
        elif s in DETECTED:
            c["memoryOrRunError"] += 1
        else:
            c["survived"] += 1  # NON_VIABLE, NOT_STARTED, STARTED: not detected either
        if s not in DETECTED and is_equivalent(m, equivalents):
            c["equivalent"] += 1
    detected = sum(1 for m in mutants if m["status"] in DETECTED)
    covered = c["mutants"] - c["noCoverage"]
    # PIT's definitions: score = detected / all; strength = detected / covered.
    c["score"] = round(100.0 * detected / c["mutants"], 1) if c["mutants"] else None
    c["strength"] = round(100.0 * detected / covered, 1) if covered else None
    # The same with the equivalent mutants, which no test can detect, left out.
    real = c["mutants"] - c["equivalent"]
    c["scoreWithoutEquivalent"] = round(100.0 * detected / real, 1) if real else None
    return c


def same_run(recorded, xml_written):
    """Whether mutations.xml, written at xml_written, is the output of the recorded run (it ends within its time)."""
    fmt = "%Y-%m-%dT%H:%M:%SZ"
    start = datetime.strptime(recorded["date"], fmt)
    end = datetime.strptime(xml_written, fmt)
    return 0 <= (end - start).total_seconds() <= recorded["seconds"] + 60


def record(part, seconds, load_before, started):
    xml_path = os.path.join(ROOT, "target", "pit-reports", part, "mutations.xml")
    mutants = read_mutations(xml_path)
    wanted = set(PARTS[part])
    stray = sorted({top_class(m["class"]) for m in mutants} - wanted)
    if stray:
        sys.exit(f"{xml_path} holds classes outside part {part}: {stray}")
    equivalents = load_equivalents()
    results = {"parts": {}, "classes": {}}
    if os.path.exists(RESULTS):
        with open(RESULTS) as f:
            results = json.load(f)
    by_class = {}
    for m in mutants:
        by_class.setdefault(top_class(m["class"]), []).append(m)
    for cls in PARTS[part]:
        results["classes"][cls] = dict(part=part, **counts(by_class.get(cls, []), equivalents))
    previous = results["parts"].get(part)
    if seconds is None and previous and previous.get("seconds") and same_run(previous, started):
        # re-recorded from the same run (say, after a reason was added to the equivalent mutants): keep its
        # commit, time and load, which describe that run
        results["parts"][part] = dict(previous, **counts(mutants, equivalents))
    else:
        results["parts"][part] = {
            "classes": PARTS[part],
            "date": started,
            "commit": git("rev-parse", "HEAD"),
            "uncommittedChanges": bool(git("status", "--porcelain", "--untracked-files=no")),
            "seconds": seconds,
            "cores": os.cpu_count(),
            "loadAverageBefore": load_before,
            "loadAverageAfter": uptime(),
            **counts(mutants, equivalents),
        }
    # Totals over every class recorded so far, and the mutants no test detects.
    all_counts = [c for c in results["classes"].values()]
    total = {k: sum(c[k] for c in all_counts) for k in ("mutants", "killed", "timedOut", "memoryOrRunError",
                                                        "survived", "noCoverage", "equivalent")}
    detected = total["killed"] + total["timedOut"] + total["memoryOrRunError"]
    total["score"] = round(100.0 * detected / total["mutants"], 1) if total["mutants"] else None
    covered = total["mutants"] - total["noCoverage"]
    total["strength"] = round(100.0 * detected / covered, 1) if covered else None
    real = total["mutants"] - total["equivalent"]
    total["scoreWithoutEquivalent"] = round(100.0 * detected / real, 1) if real else None
    total["partsRecorded"] = sorted(results["parts"])
    total["partsMissing"] = [p for p in PARTS if p not in results["parts"]]
    results["total"] = total
    undetected = results.get("undetected", {})
    undetected[part] = []
    for m in mutants:
        if m["status"] in DETECTED:
            continue
        e = is_equivalent(m, equivalents)
        undetected[part].append({k: m[k] for k in ("class", "method", "line", "mutator", "description", "status")}
                                | ({"equivalent": e["reason"]} if e else {"equivalent": None}))
    results["undetected"] = {p: undetected[p] for p in PARTS if p in undetected}
    results["unexplained"] = [m for p in results["undetected"].values() for m in p if m["equivalent"] is None]
    os.makedirs(os.path.dirname(RESULTS), exist_ok=True)
    with open(RESULTS, "w") as f:
        json.dump(results, f, indent=2, ensure_ascii=False)
        f.write("\n")
    p = results["parts"][part]
    print(f"{part}: {p['mutants']} mutants, {p['killed']} killed, {p['timedOut']} timed out, {p['survived']} survived, "
          f"{p['noCoverage']} no coverage ({p['equivalent']} equivalent); score {p['score']} %, strength "
          f"{p['strength']} %; {seconds} s; load {load_before} -> {p['loadAverageAfter']}")
    print(f"unexplained so far: {len(results['unexplained'])}")


def run(part):
    targets = ",".join(c + "," + c + "$*" for c in PARTS[part])
    # The test JVMs get the Vector API's incubator module, so that ElementwiseKernelsTest loads the vector kernels
    # and detects a mutant that breaks their selection (the ordinary test JVM, without the module, checks the error).
    cmd = ["mvn", "-o", "-B", "-Pmutation", "test-compile", "org.pitest:pitest-maven:mutationCoverage",
           "-DtargetClasses=" + targets, "-DreportsDirectory=target/pit-reports/" + part,
           "-DargLine=--add-modules jdk.incubator.vector"]
    load_before = uptime()
    started = datetime.now(timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")
    t0 = time.monotonic()
    log = os.path.join(ROOT, "target", "pit-" + part + ".log")
    os.makedirs(os.path.dirname(log), exist_ok=True)
    with open(log, "w") as out:
        rc = subprocess.run(cmd, cwd=ROOT, stdout=out, stderr=subprocess.STDOUT).returncode
    seconds = round(time.monotonic() - t0, 1)
    if rc != 0:
        sys.exit(f"PIT failed (exit {rc}); see {log}")
    record(part, seconds, load_before, started)


def markdown():
    with open(RESULTS) as f:
        r = json.load(f)
    print("| part | class | mutants | killed | timed out | survived | no coverage | equivalent | score | strength |")
    print("|---|---|--:|--:|--:|--:|--:|--:|--:|--:|")
    for part in PARTS:
        for cls in PARTS[part]:
            c = r["classes"].get(cls)
            if c is None:
                print(f"| {part} | {cls.rsplit('.', 1)[-1]} | not run | | | | | | | |")
                continue
            if c["mutants"] == 0:
                print(f"| {part} | {cls.rsplit('.', 1)[-1]} | 0 (nothing PIT mutates) | | | | | | | |")
                continue
            print(f"| {part} | {cls.rsplit('.', 1)[-1]} | {c['mutants']} | {c['killed']} | {c['timedOut']} | "
                  f"{c['survived']} | {c['noCoverage']} | {c['equivalent']} | {c['score']} % | {c['strength']} % |")
    t = r["total"]
    print(f"| **total** | | {t['mutants']} | {t['killed']} | {t['timedOut']} | {t['survived']} | {t['noCoverage']} | "
          f"{t['equivalent']} | {t['score']} % | {t['strength']} % |")
    print()
    print("| part | wall clock | date (UTC) | commit | load average before → after |")
    print("|---|--:|---|---|---|")
    for part, p in r["parts"].items():
        minutes = f"{p['seconds'] / 60:.1f} min" if p["seconds"] else "not timed"
        print(f"| {part} | {minutes} | {p['date']} | {p['commit'][:7]}"
              f"{' (uncommitted changes)' if p['uncommittedChanges'] else ''} | {p['loadAverageBefore']} → "
              f"{p['loadAverageAfter']} |")


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("part", nargs="?", choices=list(PARTS))
    ap.add_argument("--record", action="store_true", help="record the existing mutations.xml without running PIT")
    ap.add_argument("--list", action="store_true")
    ap.add_argument("--markdown", action="store_true")
    a = ap.parse_args()
    if a.list:
        for p, cs in PARTS.items():
            print(p + ": " + ", ".join(c.rsplit(".", 1)[-1] for c in cs))
    elif a.markdown:
        markdown()
    elif a.part and a.record:
        started = datetime.fromtimestamp(os.path.getmtime(os.path.join(ROOT, "target", "pit-reports", a.part,
                                                                      "mutations.xml")), timezone.utc)
        record(a.part, None, uptime(), started.strftime("%Y-%m-%dT%H:%M:%SZ"))
    elif a.part:
        run(a.part)
    else:
        ap.print_help()


if __name__ == "__main__":
    main()
