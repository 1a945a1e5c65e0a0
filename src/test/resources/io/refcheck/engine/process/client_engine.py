"""relu through the Python client (examples/python/refcheck_engine.py), standard library only: tensors
travel as base64 doubles, and the function prints on what would be stdout, which the client sends to stderr."""
import os
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), *[".."] * 7, "examples", "python"))
import refcheck_engine  # noqa: E402
from refcheck_engine import Tensor  # noqa: E402


def relu(z):
    print("relu of", len(z.data), "elements")
    return {"a": Tensor(z.shape, [v if v != v else max(v, 0.0) for v in z.data])}


def relu_vjp(ct, z):
    return {"z": Tensor(z.shape, [g if v > 0 else 0.0 for v, g in zip(z.data, ct["a"].data)])}


refcheck_engine.serve(name="python-client", version="1", formulas={"relu": relu}, gradients={"relu": relu_vjp})
