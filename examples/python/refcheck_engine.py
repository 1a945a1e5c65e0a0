"""A refcheck engine in Python: the protocol of docs/engine-protocol.md in one standard-library module.

Copy this file next to your engine (it needs nothing but Python 3.8+). Your engine is then a dict from
catalog id to function, and optionally a dict from id to its vector-Jacobian product:

    import refcheck_engine

    def sigmoid(z):                       # inputs arrive by port name
        return {"a": 1 / (1 + exp(-z))}   # outputs go back by port name

    def sigmoid_vjp(ct, z):               # ct: one cotangent per output, by output name
        a = sigmoid(z)["a"]
        return {"z": ct["a"] * a * (1 - a)}   # one gradient per differentiable input

    refcheck_engine.serve(name="mylib", version="1.0",
                          formulas={"sigmoid": sigmoid}, gradients={"sigmoid": sigmoid_vjp})

and refcheck checks it with `refcheck check --engine-process "python3 my_engine.py"`. `refcheck formulas`
lists the ids; README "Check an implementation in any language" walks through an example.

Tensors arrive as whatever `array(shape, data)` makes of their shape and row-major data, a sequence of
floats (by default a `Tensor(shape, data)` named tuple; the NumPy example passes a function that makes an
ndarray), and go back as a `Tensor`, a number, or a NumPy array or scalar. They travel as base64 doubles
(the handshake asks for it), which spares a decimal conversion per element each way.
An exception raised by a function is that sample's error response: refcheck reads it as the engine
rejecting the input. While serving, `print` writes to stderr: stdout belongs to the protocol.
"""

import base64
import json
import math
import sys
from array import array as _doubles
from collections import namedtuple

PROTOCOL = 1

Tensor = namedtuple("Tensor", ["shape", "data"])
"""A tensor as the protocol carries it: its shape (a list of ints) and its elements in row-major order."""

_NON_FINITE = {"NaN": math.nan, "Infinity": math.inf, "-Infinity": -math.inf}


def encode(x):
    """One output or gradient as {"shape": [...], "base64": "..."}: little-endian doubles, the tensor
    encoding this client asks for in its handshake (the text form {"shape", "data"} is read as well)."""
    if isinstance(x, Tensor):
        shape, raw = list(x.shape), _doubles("d", map(float, x.data))
    elif isinstance(x, (int, float)):
        shape, raw = [], _doubles("d", [float(x)])
    elif hasattr(x, "shape") and hasattr(x, "astype") and hasattr(x, "tobytes"):  # a NumPy array or scalar
        return {"shape": [int(d) for d in x.shape], "base64": base64.b64encode(x.astype("<f8").tobytes()).decode("ascii")}
    elif hasattr(x, "shape") and hasattr(x, "ravel"):
        shape, raw = [int(d) for d in x.shape], _doubles("d", map(float, x.ravel().tolist()))
    else:
        raise TypeError("cannot send a %s as a tensor: return a Tensor, a number or an array with .shape" % type(x).__name__)
    if sys.byteorder == "big":
        raw.byteswap()
    return {"shape": shape, "base64": base64.b64encode(raw.tobytes()).decode("ascii")}


def decode(t, array):
    """One named tensor of a request, made into the engine's own array type."""
    if "base64" in t:
        data = _doubles("d")
        data.frombytes(base64.b64decode(t["base64"]))
        if sys.byteorder == "big":
            data.byteswap()
    else:
        data = t["data"]
        if str in map(type, data):
            data = [_NON_FINITE[v] if type(v) is str else v for v in data]
    return array(t["shape"], data)


def _tensors(named, array):
    return {name: decode(t, array) for name, t in named.items()}


def _answer(fn, *args, **kwargs):
    """One sample's result entry: the function's tensors, or its exception as an error."""
    try:
        out = fn(*args, **kwargs)
        if not isinstance(out, dict):
            raise TypeError("%s returned a %s; return a dict from port name to tensor" % (fn.__name__, type(out).__name__))
        return {name: encode(v) for name, v in out.items()}, None
    except Exception as e:  # the engine's own rejection of this input, as any exception a Java engine throws
        return None, "%s: %s" % (type(e).__name__, e)


def serve(name, formulas, gradients=None, version="unversioned", dtype="float64", conventions=(),
          validates_input=True, array=Tensor, stdin=None, stdout=None):
    """Answers refcheck's requests on stdin/stdout until it asks to shut down or closes stdin.

    name            the engine's name in refcheck's rows (not a built-in one: plain-java, pytorch, ...)
    formulas        {catalog id: function(**inputs) -> {output name: tensor}}
    gradients       {catalog id: function(cotangents, **inputs) -> {input name: gradient}}; ids in formulas
    conventions     labels of the kink conventions followed where refcheck's reference differs ("relu'(0) = 1")
    validates_input whether the functions raise on every input refcheck's reference rejects (probabilities
                    off the simplex, labels out of range, ...); if False, refcheck does not judge those inputs
    array           function(shape, data) -> the array type the functions receive
    """
    gradients = gradients or {}
    for gid in gradients:
        if gid not in formulas:
            raise ValueError("gradient for %r, which has no formula" % gid)
    stdin = stdin or sys.stdin
    out = stdout or sys.stdout
    sys.stdout = sys.stderr  # a stray print must not corrupt the protocol
    try:
        while True:
            line = stdin.readline()
            if not line:
                return  # refcheck has gone: end as for shutdown
            if not line.strip():
                continue
            request = json.loads(line)
            response = _respond(request, name, version, dtype, formulas, gradients, conventions, validates_input, array)
            out.write(json.dumps(response, allow_nan=False, separators=(",", ":")))
            out.write("\n")
            out.flush()
            if request.get("op") == "shutdown":
                return
    finally:
        sys.stdout = out


def _respond(request, name, version, dtype, formulas, gradients, conventions, validates_input, array):
    op = request.get("op")
    if op == "handshake":
        return {"protocol": PROTOCOL, "name": name, "version": version, "dtype": dtype, "ids": sorted(formulas),
                "gradients": sorted(gradients), "conventions": list(conventions), "validates_input": bool(validates_input),
                "tensor_encoding": "base64-float64"}
    if op == "shutdown":
        return {"ok": True}
    rid = request.get("id")
    if op == "evaluate" and rid in formulas:
        fn = formulas[rid]
        results = []
        for sample in request["samples"]:
            outputs, error = _answer(fn, **_tensors(sample, array))
            results.append({"error": error} if error else {"outputs": outputs})
        return {"results": results}
    if op == "vjp" and rid in gradients:
        fn = gradients[rid]
        results = []
        for sample in request["samples"]:
            grads, error = _answer(fn, _tensors(sample["cotangents"], array), **_tensors(sample["inputs"], array))
            results.append({"error": error} if error else {"gradients": grads})
        return {"results": results}
    return {"error": "no %s for id %r in this engine" % (op, rid)}
