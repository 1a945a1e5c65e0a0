#!/usr/bin/env python3
"""B2, the PyTorch side: time torch.autograd.gradcheck on the network GradientCheckBenchmark uses.

The network is an MLP n -> n (tanh) -> 10 with softmax cross-entropy (mean) over a batch of 16,
in float64, with n = 27, 95, 311, 995 for about 10^3, 10^4, 10^5 and 10^6 parameters. gradcheck
runs with fast_mode=True (one random direction, PyTorch's counterpart of the directional check)
and fast_mode=False (the full numerical Jacobian: two evaluations per parameter), the latter only
up to --slow-max parameters (default 10^4; at 10^5 it takes minutes, at 10^6 hours).

Run with Debian's PyTorch 1.13 (apt-get install -y python3-torch) under the system interpreter:

    /usr/bin/python3 scripts/gradcheck_bench.py --threads 1 --json reports/bench/b2-gradcheck.json

Prints one line per (parameters, mode) and, with --json, writes {"torch", "python", "measured" (UTC,
when the run ended), "machine" (CPU model, cores, OS), "results"}, the results a list of objects
{"parameters", "width", "fast_mode", "repeats", "seconds_min", "seconds_median", "passed", "threads"}.
"""
import argparse
import datetime
import json
import os
import platform
import statistics
import sys
import time

import torch

BATCH = 16
CLASSES = 10
WIDTHS = {1_000: 27, 10_000: 95, 100_000: 311, 1_000_000: 995}


def network(width, seed=7):
    g = torch.Generator().manual_seed(seed)
    x = torch.randn(BATCH, width, generator=g, dtype=torch.float64)
    labels = torch.randint(0, CLASSES, (BATCH,), generator=g)
    params = (
        torch.randn(width, width, generator=g, dtype=torch.float64) / width ** 0.5,
        0.1 * torch.randn(width, generator=g, dtype=torch.float64),
        torch.randn(width, CLASSES, generator=g, dtype=torch.float64) / width ** 0.5,
        0.1 * torch.randn(CLASSES, generator=g, dtype=torch.float64),
    )
    params = tuple(p.requires_grad_(True) for p in params)

    def loss(w1, b1, w2, b2):
        hidden = torch.tanh(x @ w1 + b1)
        return torch.nn.functional.cross_entropy(hidden @ w2 + b2, labels)

    return loss, params


def time_gradcheck(parameters, fast_mode, repeats):
    width = WIDTHS[parameters]
    loss, params = network(width)
    count = sum(p.numel() for p in params)
    seconds = []
    passed = True
    for _ in range(repeats):
        start = time.perf_counter()
        passed &= torch.autograd.gradcheck(loss, params, fast_mode=fast_mode)
        seconds.append(time.perf_counter() - start)
    return {
        "parameters": count,
        "width": width,
        "fast_mode": fast_mode,
        "repeats": repeats,
        "seconds_min": min(seconds),
        "seconds_median": statistics.median(seconds),
        "passed": bool(passed),
    }


def machine():
    """CPU model, cores and OS of this machine, for the report's "where measured"."""
    model = platform.processor() or "unknown CPU"
    try:
        with open("/proc/cpuinfo") as f:
            model = next(line.split(":", 1)[1].strip() for line in f if line.startswith("model name"))
    except (OSError, StopIteration):
        pass
    return f"{model}, {os.cpu_count()} cores, {platform.system()} {platform.release()} ({platform.machine()})"


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--sizes", default="1000,10000,100000,1000000",
                    help="parameter counts, from 1000, 10000, 100000, 1000000")
    ap.add_argument("--slow-max", type=int, default=10_000, help="largest size for fast_mode=False")
    ap.add_argument("--repeats", type=int, default=3, help="timed runs per case (after one warm-up)")
    ap.add_argument("--threads", type=int, default=1, help="torch.set_num_threads")
    ap.add_argument("--json", help="write the results here")
    args = ap.parse_args()

    torch.set_num_threads(args.threads)
    print(f"torch {torch.__version__}, {torch.get_num_threads()} threads, python {sys.version.split()[0]}", flush=True)
    results = []
    for size in (int(s) for s in args.sizes.split(",")):
        for fast in (True, False):
            if not fast and size > args.slow_max:
                continue
            time_gradcheck(size, fast, 1)  # warm-up
            r = time_gradcheck(size, fast, args.repeats)
            r["threads"] = torch.get_num_threads()
            results.append(r)
            print(f"{r['parameters']:>9} parameters  fast_mode={str(fast):5}  "
                  f"min {r['seconds_min'] * 1e3:10.1f} ms  median {r['seconds_median'] * 1e3:10.1f} ms  "
                  f"passed={r['passed']}", flush=True)
    if args.json:
        with open(args.json, "w") as f:
            json.dump({"torch": torch.__version__, "python": sys.version.split()[0],
                       "measured": datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ"),
                       "machine": machine(), "results": results}, f, indent=2)
    return 0


if __name__ == "__main__":
    sys.exit(main())
