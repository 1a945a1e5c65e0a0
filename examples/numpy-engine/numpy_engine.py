"""Seventeen of refcheck's catalog formulas in plain NumPy, as a reader of the tutorials would write them,
served to refcheck by the standard-library client in ../python/refcheck_engine.py.

    refcheck check --engine-process "python3 examples/numpy-engine/numpy_engine.py"

Each formula takes its inputs by the catalog's port names and returns its outputs by name (`refcheck
formulas` lists the ids; the port names are in the catalog entries). The careful parts are the ones a
tutorial warns about: softmax, log-softmax and logsumexp shift by the row maximum; the logistic loss on
logits uses max(z, 0) - z y + log1p(exp(-|z|)); cross-entropy from logits uses log-softmax. The engine
validates its input as the reference does (probabilities on the simplex, labels in range, matching
shapes), because NumPy would otherwise broadcast, wrap negative indices or take log of a negative number
without a word; a ValueError becomes the protocol's error response.

REFCHECK_WRONG=softmax swaps in the softmax without the max shift that many first drafts have: it
overflows to NaN for logits above about 709, and refcheck must fail it.
"""

import os
import sys

import numpy as np

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "python"))
import refcheck_engine  # noqa: E402  (the client sits beside this example, not on the path)


# ---- input rules: what the reference rejects, NumPy would accept -----------------------------------

def require(ok, message):
    if not ok:
        raise ValueError(message)


def same_shape(a, b, name_a, name_b):
    require(a.shape == b.shape, "%s: shape %s differs from %s's %s (never broadcast)" % (name_b, b.shape, name_a, a.shape))


def rows_axis(z, name="z"):
    require(z.ndim >= 1, "%s: rank >= 1 is required (a scalar has no axis)" % name)
    require(z.shape[-1] > 0, "%s: the last axis must not be empty" % name)


def on_simplex(p, name):
    rows_axis(p, name)
    require(np.all((p >= 0) & (p <= 1)), "%s: every element must be a probability in [0, 1]" % name)  # NaN fails too
    require(np.all(np.abs(p.sum(axis=-1) - 1) <= 1e-9 * p.shape[-1]), "%s: each row must sum to 1 (probability simplex)" % name)


def class_labels(labels, n, classes):
    require(labels.shape == (n,), "labels: shape %s, one label per row (%d) is required" % (labels.shape, n))
    require(np.all(np.isfinite(labels)) and np.all(labels == np.floor(labels)), "labels: integer class indices are required")
    require(np.all((labels >= 0) & (labels < classes)), "labels: every label must be in [0, %d)" % classes)
    return labels.astype(np.int64)


# ---- activations ----------------------------------------------------------------------------------

def sigmoid(z):
    # 1 / (1 + e^-z) overflows e^-z for z < -709 (harmless: 1/inf = 0) but loses all digits of
    # e^z / (1 + e^z) there; the two branches keep each side accurate.
    e = np.exp(-np.abs(z))
    return {"a": np.where(z >= 0, 1 / (1 + e), e / (1 + e))}


def sigmoid_vjp(ct, z):
    a = sigmoid(z)["a"]
    return {"z": ct["a"] * a * (1 - a)}


def tanh(z):
    return {"a": np.tanh(z)}


def tanh_vjp(ct, z):
    return {"z": ct["a"] * (1 - np.tanh(z) ** 2)}


def relu(z):
    return {"a": np.maximum(z, 0.0)}


def relu_vjp(ct, z):
    return {"z": ct["a"] * (z > 0)}  # relu'(0) = 0, as the reference and PyTorch


def softmax(z):
    rows_axis(z)
    e = np.exp(z - np.max(z, axis=-1, keepdims=True))
    return {"s": e / e.sum(axis=-1, keepdims=True)}


def softmax_unshifted(z):
    """The first draft: e^z / sum e^z, which overflows for large logits."""
    rows_axis(z)
    e = np.exp(z)
    return {"s": e / e.sum(axis=-1, keepdims=True)}


def softmax_vjp(ct, z):
    s = softmax(z)["s"]
    g = ct["s"]
    return {"z": s * (g - (g * s).sum(axis=-1, keepdims=True))}


def log_sum_exp_shifted(z, shift):
    """log Σ e^(z - shift) along the last axis (keepdims), for the row maximum as shift. Where that maximum
    is finite, its own term e^0 = 1 is left out of the sum and added back by log1p: with one dominant
    logit the sum is 1 + tiny, and 1 + tiny would round most of tiny away."""
    e = np.exp(z - shift)
    with np.errstate(divide="ignore"):
        plain = np.log(e.sum(axis=-1, keepdims=True))
    np.put_along_axis(e, np.argmax(z, axis=-1)[..., None], 0.0, axis=-1)
    careful = np.log1p(e.sum(axis=-1, keepdims=True))
    return np.where(np.isfinite(np.max(z, axis=-1, keepdims=True)), careful, plain)


def logsumexp(z):
    rows_axis(z)
    m = np.max(z, axis=-1, keepdims=True)
    shift = np.where(np.isfinite(m), m, 0.0)  # a row of -inf gives -inf, a row with +inf gives +inf
    return {"lse": (shift + log_sum_exp_shifted(z, shift))[..., 0]}


def logsumexp_vjp(ct, z):
    return {"z": ct["lse"][..., None] * softmax(z)["s"]}


def log_softmax(z):
    rows_axis(z)
    m = np.max(z, axis=-1, keepdims=True)  # a row with +inf becomes NaN (inf - inf), as in PyTorch
    return {"log_s": (z - m) - log_sum_exp_shifted(z, m)}


def log_softmax_vjp(ct, z):
    g = ct["log_s"]
    return {"z": g - softmax(z)["s"] * g.sum(axis=-1, keepdims=True)}


# ---- layers ---------------------------------------------------------------------------------------

def linear_rows(X, W, b):
    require(X.ndim == 2 and W.ndim == 2 and b.ndim == 1, "X: X [N, in], W [in, out] and b [out] are required")
    require(X.shape[1] == W.shape[0], "W: W has %d rows, X has %d columns (in)" % (W.shape[0], X.shape[1]))
    require(b.shape[0] == W.shape[1], "b: b has %d elements, W has %d columns (out)" % (b.shape[0], W.shape[1]))
    return {"H": X @ W + b}


def linear_rows_vjp(ct, X, W, b):
    g = ct["H"]
    return {"X": g @ W.T, "W": X.T @ g, "b": g.sum(axis=0)}


# ---- losses ---------------------------------------------------------------------------------------

def mse(prediction, target):
    same_shape(prediction, target, "prediction", "target")
    return {"loss": np.mean((prediction - target) ** 2)}


def mse_vjp(ct, prediction, target):
    g = ct["loss"] * 2 * (prediction - target) / prediction.size
    return {"prediction": g, "target": -g}


def half_sse(prediction, target):
    same_shape(prediction, target, "prediction", "target")
    return {"loss": 0.5 * np.sum((prediction - target) ** 2)}


def half_sse_vjp(ct, prediction, target):
    g = ct["loss"] * (prediction - target)
    return {"prediction": g, "target": -g}


def mae(prediction, target):
    same_shape(prediction, target, "prediction", "target")
    return {"loss": np.mean(np.abs(prediction - target))}


def mae_vjp(ct, prediction, target):
    g = ct["loss"] * np.sign(prediction - target) / prediction.size  # subgradient 0 where equal
    return {"prediction": g, "target": -g}


def bce_with_logits(logits, target):
    same_shape(logits, target, "logits", "target")
    require(np.all((target >= 0) & (target <= 1)), "target: every element must be a probability in [0, 1]")  # NaN fails too
    z, y = logits, target
    # -[y log σ(z) + (1 - y) log(1 - σ(z))] = (1 - y) z - log σ(z), with log σ(z) = min(z, 0) - log1p(e^-|z|),
    # which neither overflows nor cancels
    return {"loss": np.mean((1 - y) * z - (np.minimum(z, 0) - np.log1p(np.exp(-np.abs(z)))))}


def bce_with_logits_vjp(ct, logits, target):
    g = ct["loss"] / logits.size
    return {"logits": g * (sigmoid(logits)["a"] - target)}


def softmax_cross_entropy(logits, labels):
    require(logits.ndim == 2, "logits: logits [N, C] is required")
    c = class_labels(labels, logits.shape[0], logits.shape[1])
    log_s = log_softmax(logits)["log_s"]
    return {"loss": -np.mean(log_s[np.arange(len(c)), c])}


def softmax_cross_entropy_vjp(ct, logits, labels):
    c = class_labels(labels, logits.shape[0], logits.shape[1])
    g = softmax(logits)["s"]
    g[np.arange(len(c)), c] -= 1
    return {"logits": ct["loss"] * g / len(c)}


# ---- information ----------------------------------------------------------------------------------

def entropy(p):
    on_simplex(p, "p")
    with np.errstate(divide="ignore", invalid="ignore"):
        terms = np.where(p > 0, -p * np.log(p), 0.0)  # 0 log 0 = 0
    return {"h": terms.sum(axis=-1)}


def entropy_vjp(ct, p):
    with np.errstate(divide="ignore"):
        return {"p": ct["h"][..., None] * -(np.log(p) + 1)}


def kl_divergence(p, q):
    on_simplex(p, "p")
    on_simplex(q, "q")
    same_shape(p, q, "p", "q")
    with np.errstate(divide="ignore", invalid="ignore"):
        # p log(p/q) as p log1p((p - q)/q): for q close to p, log p - log q would cancel to noise
        terms = np.where(p > 0, p * np.log1p((p - q) / q), 0.0)  # 0 where p = 0; +inf where p > 0 = q
    return {"d": terms.sum(axis=-1)}


def kl_divergence_vjp(ct, p, q):
    g = ct["d"][..., None]
    with np.errstate(divide="ignore", invalid="ignore"):
        dp = np.log(p) - np.log(q) + 1  # -inf at p = 0 < q, NaN at p = 0 = q, as the reference
        dq = np.where(p > 0, -p / q, 0.0)
    return {"p": g * dp, "q": g * dq}


# ---- optimisation ---------------------------------------------------------------------------------

def l2_regularization(w):
    return {"r": np.sum(w * w)}


def l2_regularization_vjp(ct, w):
    return {"w": ct["r"] * 2 * w}


def gd_step(theta, grad, lr):
    same_shape(theta, grad, "theta", "grad")
    require(lr > 0, "lr: the learning rate must be > 0")
    return {"theta": theta - lr * grad}


def gd_step_vjp(ct, theta, grad, lr):
    return {"theta": ct["theta"], "grad": -lr * ct["theta"]}


FORMULAS = {
    "sigmoid": sigmoid, "tanh": tanh, "relu": relu, "softmax": softmax, "log_softmax": log_softmax,
    "logsumexp": logsumexp, "linear_rows": linear_rows, "mse": mse, "half_sse": half_sse, "mae": mae,
    "bce_with_logits": bce_with_logits, "softmax_cross_entropy": softmax_cross_entropy, "entropy": entropy,
    "kl_divergence": kl_divergence, "l2_regularization": l2_regularization, "gd_step": gd_step,
}
GRADIENTS = {name: globals()[name + "_vjp"] for name in FORMULAS}

if __name__ == "__main__":
    wrong = os.environ.get("REFCHECK_WRONG", "")
    name = "numpy-example"
    if wrong == "softmax":
        FORMULAS["softmax"] = softmax_unshifted
        name = "numpy-example-wrong-softmax"
    elif wrong:
        sys.exit("REFCHECK_WRONG=%s: the only deliberately wrong variant is 'softmax'" % wrong)
    refcheck_engine.serve(name=name, version="numpy " + np.__version__, formulas=FORMULAS, gradients=GRADIENTS,
                          array=lambda shape, data: np.array(data, dtype=np.float64).reshape(shape))
