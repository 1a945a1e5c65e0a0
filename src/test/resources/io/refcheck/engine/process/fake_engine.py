"""A refcheck engine in raw protocol 1 (no client library), with one fault chosen by argv[1]:

ok                 sigmoid, relu and softmax, correctly
crash              exits with code 3 on the first evaluate of sigmoid, after a line on stderr
malformed          answers sigmoid with a truncated JSON line
wrong-shape        answers sigmoid on a vector of n with the right values in a column of shape [n, 1]
unknown-name       answers sigmoid with the output named 'y' instead of 'a'
junk               prints a debugging line on stdout before each answer
hang               never answers an evaluate of sigmoid
crash-on-rejected  exits when softmax gets a scalar, an input the reference rejects, instead of answering an error
exit-at-once       exits with code 4 before the handshake
builtin-name       calls itself plain-java in its handshake
"""
import json
import math
import sys
import time

MODE = sys.argv[1] if len(sys.argv) > 1 else "ok"
NON_FINITE = {"NaN": math.nan, "Infinity": math.inf, "-Infinity": -math.inf}


def number(v):
    if math.isnan(v):
        return "NaN"
    if math.isinf(v):
        return "Infinity" if v > 0 else "-Infinity"
    return v


def read(t):
    return t["shape"], [NON_FINITE[v] if isinstance(v, str) else v for v in t["data"]]


def tensor(shape, data):
    return {"shape": shape, "data": [number(v) for v in data]}


def sigmoid(x):
    if x != x:
        return x
    if x >= 0:
        return 1 / (1 + math.exp(-x))
    e = math.exp(x)
    return e / (1 + e)


def softmax_rows(shape, data):
    if len(shape) == 0:
        if MODE == "crash-on-rejected":
            sys.exit(5)
        raise ValueError("z: rank >= 1 is required")
    n = shape[-1]
    if n == 0:
        if len(data) == 0 and math.prod(shape[:-1]) > 0:
            raise ValueError("z: the last axis must not be empty")
        return []
    out = []
    for r in range(0, len(data), n):
        row = data[r:r + n]
        m = max(row)
        if math.isnan(m) or any(math.isnan(v) for v in row) or m == math.inf:
            out += [math.nan] * n
            continue
        e = [math.exp(v - m) for v in row]
        s = math.fsum(e)
        out += [v / s for v in e]
    return out


def evaluate(rid, sample):
    if rid == "sigmoid":
        shape, z = read(sample["z"])
        if MODE == "crash":
            sys.stderr.write("fake engine: cannot go on\n")
            sys.stderr.flush()
            sys.exit(3)
        if MODE == "hang":
            time.sleep(3600)
        if MODE == "wrong-shape" and len(shape) == 1:
            return {"outputs": {"a": tensor([shape[0], 1], [sigmoid(v) for v in z])}}
        name = "y" if MODE == "unknown-name" else "a"
        return {"outputs": {name: tensor(shape, [sigmoid(v) for v in z])}}
    if rid == "relu":
        shape, z = read(sample["z"])
        return {"outputs": {"a": tensor(shape, [v if v != v else max(v, 0.0) for v in z])}}
    if rid == "softmax":
        shape, z = read(sample["z"])
        try:
            return {"outputs": {"s": tensor(shape, softmax_rows(shape, z))}}
        except ValueError as e:
            return {"error": str(e)}
    return {"error": "no id " + rid}


def vjp(rid, sample):
    shape, z = read(sample["inputs"]["z"])
    _, g = read(sample["cotangents"]["a"])
    if rid == "sigmoid":
        return {"gradients": {"z": tensor(shape, [gi * sigmoid(v) * (1 - sigmoid(v)) for v, gi in zip(z, g)])}}
    return {"gradients": {"z": tensor(shape, [gi if v > 0 else 0.0 for v, gi in zip(z, g)])}}


def main():
    if MODE == "exit-at-once":
        sys.stderr.write("fake engine: no licence for this machine\n")
        sys.exit(4)
    for line in sys.stdin:
        request = json.loads(line)
        op = request["op"]
        if op == "handshake":
            response = {"protocol": 1, "name": "plain-java" if MODE == "builtin-name" else "fake-" + MODE, "version": "0",
                        "dtype": "float64", "ids": ["sigmoid", "relu", "softmax"], "gradients": ["sigmoid", "relu"],
                        "conventions": [], "validates_input": True}
        elif op == "shutdown":
            print(json.dumps({"ok": True}), flush=True)
            return
        elif op == "evaluate":
            response = {"results": [evaluate(request["id"], s) for s in request["samples"]]}
        else:
            response = {"results": [vjp(request["id"], s) for s in request["samples"]]}
        text = json.dumps(response, allow_nan=False)
        if MODE == "malformed" and request.get("id") == "sigmoid":
            text = text[:len(text) // 2]
        if MODE == "junk" and op != "handshake":
            print("debug: answering " + op, flush=True)
        print(text, flush=True)


main()
