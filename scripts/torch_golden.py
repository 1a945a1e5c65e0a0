#!/usr/bin/env python3
"""PyTorch-in-Python golden sets: the catalog's PyTorch sources run on the frozen ONNX Runtime inputs.

For every id in golden-data/pytorch-python/forms.json (exported from the Java catalog by
`java -jar target/refcheck.jar golden torch-forms`; this script holds no formula of its own), this
takes the inputs of each golden-data/onnxruntime/<dtype>/<id>_<k> case, computes the outputs with
PyTorch on --device in --dtype, and, for differentiable ids, the gradients of
sum over outputs of sum(c * output) with respect to every differentiable input by autograd, c being
seeded cotangents stored with the case. It writes golden-data/pytorch-python/<set>/, set being
<device>-<dtype> (cuda float32: -tf32 or -notf32), in the node-test layout with a manifest per case
and an index.json per set; `golden check` and `report` compare plain Java with it.

For float64 sets it also runs every bad input of the catalog (golden-data/pytorch-python/bad-inputs.json,
exported with forms.json) through its entry's source and writes <set>/bad-inputs.json: PyTorch's outputs,
or the exception it raised. `golden check` holds each entry's documented IEEE result to them. On CUDA
these run in worker processes, a fresh one after a CUDA error, because an out-of-range index trips a
device-side assert that leaves the CUDA context unusable (--isolate-bad-inputs does the same on the CPU).

Needs only torch (any version from 1.13 on; Debian's python3-torch works for the CPU sets). TensorProto
files are read and written by the small protobuf codec below, so the `onnx` package is optional;
where it is installed, `--self-test` checks the codec against it.

  /usr/bin/python3 scripts/torch_golden.py --device cpu --dtype float64
  python3 scripts/torch_golden.py --device cuda --dtype float32 --tf32 on
"""

import argparse
import ast
import functools
import hashlib
import json
import keyword
import math
import os
import platform
import shlex
import shutil
import struct
import sys

import torch
import torch.nn.functional as F

ENGINE = "pytorch-python"
DEFAULT_SEED = 20261123

# ------------------------------------------------------------------ TensorProto codec (onnx.proto)
# fields: dims = 1 (int64, packed or not), data_type = 2, float_data = 4, int64_data = 7, name = 8,
# raw_data = 9 (little-endian), double_data = 10. Element types: FLOAT 1, INT32 6, INT64 7, DOUBLE 11.
FLOAT, INT32, INT64, DOUBLE = 1, 6, 7, 11
TYPE_NAMES = {FLOAT: "FLOAT", INT32: "INT32", INT64: "INT64", DOUBLE: "DOUBLE"}
STRUCT = {FLOAT: "f", INT32: "i", INT64: "q", DOUBLE: "d"}
TORCH_TYPES = {FLOAT: torch.float32, INT32: torch.int32, INT64: torch.int64, DOUBLE: torch.float64}
ONNX_TYPES = {v: k for k, v in TORCH_TYPES.items()}


def _varint(buf, pos):
    result = shift = 0
    while True:
        if pos >= len(buf):
            raise ValueError("truncated varint")
        b = buf[pos]
        pos += 1
        result |= (b & 0x7F) << shift
        if not b & 0x80:
            return result, pos
        shift += 7
        if shift > 63:
            raise ValueError("varint too long")


def _signed64(v):
    return v - (1 << 64) if v >= 1 << 63 else v


def _put_varint(out, v):
    v &= (1 << 64) - 1
    while True:
        b = v & 0x7F
        v >>= 7
        if v:
            out.append(b | 0x80)
        else:
            out.append(b)
            return


def decode_tensor(buf):
    """A TensorProto's bytes -> (name, onnx element type, dims, flat list of values)."""
    dims, data_type, name, raw = [], 0, "", None
    floats, doubles, int64s = [], [], []
    pos = 0
    while pos < len(buf):
        key, pos = _varint(buf, pos)
        field, wire = key >> 3, key & 7
        if wire == 0:
            v, pos = _varint(buf, pos)
            if field == 1:
                dims.append(_signed64(v))
            elif field == 2:
                data_type = v
            elif field == 7:
                int64s.append(_signed64(v))
        elif wire == 2:
            n, pos = _varint(buf, pos)
            if pos + n > len(buf):
                raise ValueError("truncated field %d" % field)
            chunk = bytes(buf[pos:pos + n])
            pos += n
            if field == 1 or field == 7:
                p, target = 0, dims if field == 1 else int64s
                while p < len(chunk):
                    v, p = _varint(chunk, p)
                    target.append(_signed64(v))
            elif field == 4:
                floats.extend(struct.unpack("<%df" % (n // 4), chunk))
            elif field == 10:
                doubles.extend(struct.unpack("<%dd" % (n // 8), chunk))
            elif field == 8:
                name = chunk.decode("utf-8")
            elif field == 9:
                raw = chunk
        elif wire == 5:
            if field == 4:
                floats.append(struct.unpack("<f", bytes(buf[pos:pos + 4]))[0])
            pos += 4
        elif wire == 1:
            if field == 10:
                doubles.append(struct.unpack("<d", bytes(buf[pos:pos + 8]))[0])
            pos += 8
        else:
            raise ValueError("unsupported wire type %d" % wire)
    if data_type not in STRUCT:
        raise ValueError("unsupported element type %d" % data_type)
    count = 1
    for d in dims:
        count *= d
    if raw is not None:
        values = list(struct.unpack("<%d%s" % (count, STRUCT[data_type]), raw))
    elif data_type == FLOAT:
        values = floats
    elif data_type == DOUBLE:
        values = doubles
    else:
        values = int64s
    if len(values) != count:
        raise ValueError("%d values for dims %s" % (len(values), dims))
    return name, data_type, dims, values


def encode_tensor(name, data_type, dims, values):
    """A TensorProto with dims, data_type, name and little-endian raw_data, fields in number order."""
    out = bytearray()
    for d in dims:
        out.append(1 << 3)
        _put_varint(out, d)
    out.append(2 << 3)
    _put_varint(out, data_type)
    encoded_name = name.encode("utf-8")
    out.append((8 << 3) | 2)
    _put_varint(out, len(encoded_name))
    out += encoded_name
    raw = struct.pack("<%d%s" % (len(values), STRUCT[data_type]), *values)
    out.append((9 << 3) | 2)
    _put_varint(out, len(raw))
    out += raw
    return bytes(out)


def to_torch(data_type, dims, values, device):
    return torch.tensor(values, dtype=TORCH_TYPES[data_type]).reshape(dims).to(device)


def from_torch(t):
    t = t.detach().to("cpu")
    if t.dtype == torch.bool:
        t = t.to(torch.int64)
    if t.dtype not in ONNX_TYPES:
        raise ValueError("cannot store a %s tensor" % t.dtype)
    return ONNX_TYPES[t.dtype], list(t.shape), t.reshape(-1).tolist()


# ------------------------------------------------------------------ running a catalog source

def run_source(source, scope):
    """Runs statements separated by '; ' and returns the value of the last expression."""
    tree = ast.parse(source, mode="exec")
    if not tree.body or not isinstance(tree.body[-1], ast.Expr):
        raise ValueError("a source must end in an expression")
    body = ast.Module(body=tree.body[:-1], type_ignores=[])
    exec(compile(body, "<source>", "exec"), scope)
    return eval(compile(ast.Expression(tree.body[-1].value), "<source>", "eval"), scope)


def python_name(port):
    return port + "_" if keyword.iskeyword(port) else port


def cotangent(seed, where, shape, dtype, device):
    """Seeded cotangent values (2k − 255)/128, k a byte of sha256(seed/where/counter): never 0, exact in float32."""
    count = 1
    for d in shape:
        count *= d
    values, block = [], 0
    while len(values) < count:
        digest = hashlib.sha256(("%d/%s/%d" % (seed, where, block)).encode()).digest()
        values.extend((2 * b - 255) / 128.0 for b in digest)
        block += 1
    return torch.tensor(values[:count], dtype=torch.float64).reshape(shape).to(dtype).to(device)


def sha256(data):
    return hashlib.sha256(data).hexdigest()


def write_json(path, obj):
    data = (json.dumps(obj, indent=2, sort_keys=True, ensure_ascii=False) + "\n").encode("utf-8")
    with open(path, "wb") as f:
        f.write(data)
    return data


def device_name(device):
    if device == "cuda":
        return torch.cuda.get_device_name(0)
    try:
        with open("/proc/cpuinfo") as f:
            for line in f:
                if line.startswith("model name"):
                    return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or platform.machine()


def set_tf32(device, dtype, tf32):
    """Sets TF32 matmuls on or off; returns the setting as recorded: 'on', 'off', or why it does not apply."""
    if device != "cuda":
        if tf32 is not None:
            raise SystemExit("--tf32 applies to --device cuda only")
        return "not applicable: cpu"
    if dtype != "float32":
        if tf32 is not None:
            raise SystemExit("--tf32 applies to --dtype float32 only")
        return "not applicable: float64"
    if tf32 is None:
        raise SystemExit("--device cuda --dtype float32 needs --tf32 on|off")
    on = tf32 == "on"
    matmul = torch.backends.cuda.matmul
    if hasattr(matmul, "fp32_precision"):  # PyTorch >= 2.9: the new API alone (mixing it with allow_tf32 is refused)
        matmul.fp32_precision = "tf32" if on else "ieee"
        if hasattr(getattr(torch.backends.cudnn, "conv", None), "fp32_precision"):
            torch.backends.cudnn.conv.fp32_precision = "tf32" if on else "ieee"
    else:
        torch.set_float32_matmul_precision("high" if on else "highest")
        matmul.allow_tf32 = on
        torch.backends.cudnn.allow_tf32 = on
    return tf32


def tf32_observed(device, dtype):
    """Whether a float32 CUDA matmul now rounds its inputs to TF32's 10-bit mantissa: (1 + 2^-12) times I gives 1 then."""
    if device != "cuda" or dtype != torch.float32:
        return None
    a = torch.full((64, 64), 1 + 2.0 ** -12, dtype=torch.float32, device=device)
    product = (a @ torch.eye(64, dtype=torch.float32, device=device))[0, 0].item()
    return product == 1.0


def set_name(device, dtype, tf32):
    name = "%s-%s" % (device, dtype)
    if device == "cuda" and dtype == "float32":
        name += "-tf32" if tf32 == "on" else "-notf32"
    return name


class Case:
    def __init__(self, golden, rel):
        self.rel = rel
        self.dir = os.path.join(golden, rel)
        with open(os.path.join(self.dir, "manifest.json"), "rb") as f:
            self.manifest_bytes = f.read()
        self.manifest = json.loads(self.manifest_bytes)

    def inputs(self):
        """(name, onnx type, dims, values) per graph input, in the case's order."""
        out = []
        for entry in self.manifest["inputs"]:
            with open(os.path.join(self.dir, entry["file"]), "rb") as f:
                data = f.read()
            recorded = self.manifest["files"][entry["file"]]["sha256"]
            if sha256(data) != recorded:
                raise ValueError("%s/%s: sha256 %s, the manifest records %s" % (self.rel, entry["file"], sha256(data), recorded))
            name, data_type, dims, values = decode_tensor(data)
            if name != entry["name"]:
                raise ValueError("%s/%s holds %s, the manifest says %s" % (self.rel, entry["file"], name, entry["name"]))
            out.append((name, data_type, dims, values))
        return out


def compute(form, inputs, dtype, device, seed, where):
    """The outputs (and gradients, with their cotangents) of one form on one case's inputs."""
    differentiable = {p["name"] for p in form["inputs"] if p["differentiable"]}
    with_gradients = form["gradients"]
    scope = {"torch": torch, "F": F, "math": math, "functools": functools, "__builtins__": __builtins__}
    for p in form["inputs"]:
        scope[python_name(p["name"])] = None
    leaves = []
    for name, data_type, dims, values in inputs:
        if data_type in (FLOAT, DOUBLE) and not dims and name not in differentiable:
            value = float(values[0])
        elif data_type in (FLOAT, DOUBLE):
            value = to_torch(data_type, dims, values, device).to(dtype)
            if with_gradients and name in differentiable:
                value.requires_grad_(True)
                leaves.append((name, value))
        else:
            value = to_torch(data_type, dims, values, device)
        scope[python_name(name)] = value
    result = run_source(form["source"], scope)
    outputs = form["outputs"]
    if isinstance(result, dict):
        if sorted(result) != sorted(outputs):
            raise ValueError("the source gave outputs %s, the entry declares %s" % (sorted(result), outputs))
    elif len(outputs) == 1 and isinstance(result, torch.Tensor):
        result = {outputs[0]: result}
    else:
        raise ValueError("the source gave %s for outputs %s" % (type(result).__name__, outputs))
    values = [(o, result[o]) for o in outputs]
    cotangents, gradients = [], []
    if with_gradients:
        total = None
        for o, t in values:
            c = cotangent(seed, "%s/%s" % (where, o), list(t.shape), dtype, device)
            cotangents.append((o, c))
            term = (t * c).sum()
            total = term if total is None else total + term
        grads = torch.autograd.grad(total, [x for _, x in leaves], allow_unused=True) if leaves else []
        for (name, x), g in zip(leaves, grads):
            gradients.append((name, torch.zeros_like(x) if g is None else g))
    return values, cotangents, gradients


def write_case(out_dir, case_name, form, case, inputs, values, cotangents, gradients, meta):
    data_dir = os.path.join(out_dir, case_name, "test_data_set_0")
    os.makedirs(data_dir)
    files, input_entries, output_entries = {}, [], []
    input_names = {name for name, _, _, _ in inputs}

    def put(kind, k, name, port, role, data_type, dims, vals, entries):
        rel = "test_data_set_0/%s_%d.pb" % (kind, k)
        data = encode_tensor(name, data_type, dims, vals)
        with open(os.path.join(out_dir, case_name, rel), "wb") as f:
            f.write(data)
        files[rel] = {"bytes": len(data), "sha256": sha256(data)}
        entries.append({"file": rel, "name": name, "port": port, "role": role,
                        "shape": dims, "type": TYPE_NAMES[data_type]})

    k = 0
    for name, data_type, dims, vals in inputs:
        put("input", k, name, name, "input", data_type, dims, vals, input_entries)
        k += 1
    for o, c in cotangents:
        put("input", k, "cotangent_" + o, o, "cotangent", *from_torch(c), input_entries)
        k += 1
    k = 0
    for o, t in values:
        put("output", k, o + "_new" if o in input_names else o, o, "output", *from_torch(t), output_entries)
        k += 1
    for name, g in gradients:
        put("output", k, "gradient_" + name, name, "gradient", *from_torch(g), output_entries)
        k += 1
    manifest = dict(meta)
    manifest.update({
        "id": form["id"],
        "family": form["family"],
        "case": case_name,
        "source": form["source"],
        "model": "none: no ONNX model; the outputs are PyTorch's, running source on the inputs",
        "inputsFrom": {"case": case.rel, "manifestSha256": sha256(case.manifest_bytes)},
        "inputs": input_entries,
        "outputs": output_entries,
        "files": files,
    })
    data = write_json(os.path.join(out_dir, case_name, "manifest.json"), manifest)
    return sha256(data), len(data) + sum(v["bytes"] for v in files.values())


def json_value(v):
    """A float as JSON allows: NaN and the infinities as strings, as in bad-inputs.json."""
    if isinstance(v, float) and not math.isfinite(v):
        return "NaN" if v != v else ("Infinity" if v > 0 else "-Infinity")
    return v


def from_json_value(v):
    return {"NaN": float("nan"), "Infinity": float("inf"), "-Infinity": float("-inf")}[v] if isinstance(v, str) else float(v)


def bad_input_tensors(case):
    """A bad input's tensors as compute() takes them: integer ports as INT64 when every value is a finite
    integer, otherwise (a NaN or 1.5 label) as DOUBLE, which is what a user would have handed PyTorch."""
    out = []
    for t in case["inputs"]:
        values = [from_json_value(v) for v in t["values"]]
        if t["integer"] and all(math.isfinite(v) and v == int(v) for v in values):
            out.append((t["name"], INT64, t["shape"], [int(v) for v in values]))
        else:
            out.append((t["name"], DOUBLE, t["shape"], values))
    return out


def bad_input_cases(golden, forms):
    """(export bytes, [(form or None, id, case)]) in the export's order."""
    with open(os.path.join(golden, "pytorch-python", "bad-inputs.json"), "rb") as f:
        export_bytes = f.read()
    by_id = {form["id"]: dict(form, gradients=False) for form in forms["forms"]}
    cases = [(by_id.get(entry["id"]), entry["id"], case) for entry in json.loads(export_bytes)["ids"] for case in entry["cases"]]
    return export_bytes, cases


def run_bad_input(form, fid, case, dtype, device):
    """One bad input through its source: the outputs, or the exception PyTorch raised (type and first line)."""
    result = {"id": fid, "k": case["k"], "category": case["category"], "description": case["description"]}
    try:
        if form is None:
            raise ValueError("forms.json has no source for %s" % fid)
        values, _, _ = compute(form, bad_input_tensors(case), dtype, device, 0, "")
        if device == "cuda":
            torch.cuda.synchronize()  # a device-side assert surfaces here, in its own case
        outputs = []
        for name, t in values:
            data_type, dims, vals = from_torch(t)
            outputs.append({"name": name, "shape": dims, "values": [json_value(v) for v in vals]})
        result["outputs"] = outputs
    except Exception as e:  # what PyTorch says about the input is the result
        message = str(e).strip().split("\n")[0][:300]
        result["raised"] = "%s: %s" % (type(e).__name__, message)
    return result


def bad_inputs_worker(args):
    """--bad-inputs-worker START: runs the cases from START on, one JSON line each; stops after a CUDA error,
    which leaves the CUDA context unusable (an out-of-range index trips a device-side assert)."""
    forms = json.loads(open(os.path.join(args.golden, "pytorch-python", "forms.json"), "rb").read())
    _, cases = bad_input_cases(args.golden, forms)
    dtype = {"float64": torch.float64, "float32": torch.float32}[args.dtype]
    for form, fid, case in cases[args.bad_inputs_worker:]:
        result = run_bad_input(form, fid, case, dtype, args.device)
        print(json.dumps(result, sort_keys=True, ensure_ascii=False), flush=True)
        if "CUDA error" in result.get("raised", "") or "device-side assert" in result.get("raised", ""):
            return 3
    return 0


def run_isolated(args, count):
    """The bad inputs in worker processes, a fresh one after each CUDA error or crash, so one poisoned CUDA context
    costs one case and not the rest; a case whose worker died without a result records how it died."""
    import subprocess
    results, start = [], 0
    env = dict(os.environ, CUDA_LAUNCH_BLOCKING="1")
    while start < count:
        command = [sys.executable, os.path.abspath(__file__), "--bad-inputs-worker", str(start), "--device", args.device,
                   "--dtype", args.dtype, "--golden", args.golden]
        done = subprocess.run(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env)
        lines = [json.loads(line) for line in done.stdout.decode("utf-8").splitlines() if line.strip()]
        results.extend(lines)
        start += len(lines)
        if start < count and done.returncode not in (0, 3):
            tail = done.stderr.decode("utf-8", "replace").strip().splitlines()[-1:] or [""]
            results.append({"crashed": True, "index": start, "raised": "worker process died (exit %d): %s" % (done.returncode, tail[0][:300])})
            start += 1
        elif start < count and done.returncode == 0:
            raise SystemExit("bad-input worker stopped at %d of %d without an error" % (start, count))
    return results


def run_bad_inputs(args, forms, dtype, device, out_dir):
    """Runs every exported bad input through its entry's source; writes <set>/bad-inputs.json; returns the index entry.
    On CUDA (or with --isolate-bad-inputs) each runs in worker processes (run_isolated)."""
    export_bytes, cases = bad_input_cases(args.golden, forms)
    if device == "cuda" or args.isolate_bad_inputs:
        results = run_isolated(args, len(cases))
        for r in results:
            if r.pop("crashed", False):
                form, fid, case = cases[r.pop("index")]
                r.update({"id": fid, "k": case["k"], "category": case["category"], "description": case["description"]})
    else:
        results = [run_bad_input(form, fid, case, dtype, device) for form, fid, case in cases]
    raised = sum(1 for r in results if "raised" in r)
    data = write_json(os.path.join(out_dir, "bad-inputs.json"), {
        "about": "The catalog's bad inputs (pytorch-python/bad-inputs.json) run by each entry's PyTorch source: the outputs, "
                 "or the exception PyTorch raised (type and first line). Generated by scripts/torch_golden.py; do not edit.",
        "cases": results,
    })
    print("ran %d bad inputs: %d raised, %d returned" % (len(results), raised, len(results) - raised))
    return {"file": "bad-inputs.json", "sha256": sha256(data), "exportSha256": sha256(export_bytes),
            "cases": len(results), "raised": raised}, len(data)


def generate(args):
    golden = args.golden
    device = args.device
    if device == "cuda" and not torch.cuda.is_available():
        raise SystemExit("--device cuda: torch.cuda.is_available() is False")
    dtype = {"float64": torch.float64, "float32": torch.float32}[args.dtype]
    tf32 = set_tf32(device, args.dtype, args.tf32)
    name = set_name(device, args.dtype, args.tf32)
    out_root = os.path.join(golden, "pytorch-python")
    out_dir = args.out or os.path.join(out_root, name)
    forms_path = os.path.join(out_root, "forms.json")
    with open(forms_path, "rb") as f:
        forms_bytes = f.read()
    forms = json.loads(forms_bytes)
    with open(os.path.join(golden, "index.json")) as f:
        ort_index = json.load(f)
    ort_cases = {}
    for entry in ort_index["cases"]:
        if entry["dtype"] == args.dtype:
            ort_cases.setdefault(entry["id"], []).append(entry["case"])
    ort_gaps = {g.split(" ", 1)[0]: g for g in ort_index.get("notGenerated", []) if " %s:" % args.dtype in g}
    if os.path.isdir(out_dir):
        if not os.path.exists(os.path.join(out_dir, "index.json")):
            raise SystemExit("%s exists and holds no index.json: not a golden set, not overwriting it" % out_dir)
        shutil.rmtree(out_dir)
    os.makedirs(out_dir)
    command = "python3 scripts/torch_golden.py " + " ".join(shlex.quote(a) for a in sys.argv[1:])
    meta = {
        "engine": ENGINE,
        "engineVersion": torch.__version__,
        "cuda": torch.version.cuda if device == "cuda" else None,
        "device": device,
        "deviceName": device_name(device),
        "dtype": args.dtype,
        "tf32": tf32,
        "tf32Observed": tf32_observed(device, dtype),
        "seed": args.seed,
        "command": command,
        "python": platform.python_version(),
    }
    cases, skipped, failed, total_bytes = [], [], [], 0
    for form in forms["forms"]:
        fid = form["id"]
        rels = ort_cases.get(fid, [])
        if not rels:
            why = ort_gaps.get(fid, "no ONNX Runtime %s case in golden-data/index.json" % args.dtype)
            skipped.append({"id": fid, "reason": "no frozen inputs to run on: " + why})
            continue
        for k, rel in enumerate(rels):
            case_name = "%s_%d" % (fid, k)
            try:
                case = Case(golden, rel)
                inputs = case.inputs()
                values, cotangents, gradients = compute(form, inputs, dtype, device, args.seed, "%s/%s" % (fid, k))
                manifest_sha, size = write_case(out_dir, case_name, form, case, inputs, values, cotangents, gradients, meta)
            except Exception as e:  # recorded, so that the Java check fails on it by name
                failed.append({"id": fid, "case": case_name, "reason": "%s: %s" % (type(e).__name__, e)})
                print("FAILED %s: %s: %s" % (case_name, type(e).__name__, e), file=sys.stderr)
                shutil.rmtree(os.path.join(out_dir, case_name), ignore_errors=True)
                continue
            total_bytes += size
            cases.append({"case": case_name, "id": fid, "dtype": args.dtype, "manifestSha256": manifest_sha})
    index = dict(meta)
    if args.dtype == "float64":  # bad inputs are stated in float64
        index["badInputs"], size = run_bad_inputs(args, forms, dtype, device, out_dir)
        total_bytes += size
    index.update({
        "set": name,
        "formsSha256": sha256(forms_bytes),
        "cases": cases,
        "skipped": skipped + [{"id": f["id"], "reason": f["reason"]} for f in forms["noForm"]],
        "failed": failed,
    })
    total_bytes += len(write_json(os.path.join(out_dir, "index.json"), index))
    for s in index["skipped"]:
        print("skipped %s: %s" % (s["id"], s["reason"]))
    print("wrote %d cases (%d ids), %.1f KiB, to %s; %d failed" % (
        len(cases), len({c["id"] for c in cases}), total_bytes / 1024.0, out_dir, len(failed)))
    return 1 if failed else 0


def self_test(args):
    """The codec against onnx (where installed) on every ONNX Runtime input and output, and a round trip."""
    try:
        import onnx
        from onnx import numpy_helper
    except ImportError:
        onnx = None
        print("onnx is not installed: round trips only")
    checked = 0
    for root, _, names in os.walk(os.path.join(args.golden, "onnxruntime")):
        for n in sorted(names):
            if not n.endswith(".pb"):
                continue
            with open(os.path.join(root, n), "rb") as f:
                data = f.read()
            name, data_type, dims, values = decode_tensor(data)
            again = decode_tensor(encode_tensor(name, data_type, dims, values))
            assert _same((name, data_type, dims, values), again), (root, n)
            if onnx is not None:
                t = onnx.TensorProto()
                t.ParseFromString(data)
                expected = numpy_helper.to_array(t)
                assert (t.name, t.data_type, list(t.dims)) == (name, data_type, dims), (root, n)
                assert _same_values(expected.reshape(-1).tolist(), values), (root, n)
                mine = onnx.TensorProto()
                mine.ParseFromString(encode_tensor(name, data_type, dims, values))
                assert _same_values(numpy_helper.to_array(mine).reshape(-1).tolist(), values), (root, n)
                assert list(mine.dims) == dims and mine.name == name, (root, n)
            checked += 1
    # hand-made encodings: packed dims, float_data, double_data, int64_data
    for data_type, vals in ((FLOAT, [1.5, -0.0, float("inf")]), (DOUBLE, [1e-300, float("nan"), 3.0]), (INT64, [-1, 0, 2 ** 40])):
        out = bytearray()
        out.append((1 << 3) | 2)
        _put_varint(out, 1)
        out.append(3)
        out.append(2 << 3)
        _put_varint(out, data_type)
        field = {FLOAT: 4, DOUBLE: 10, INT64: 7}[data_type]
        if data_type == INT64:
            body = bytearray()
            for v in vals:
                _put_varint(body, v)
        else:
            body = struct.pack("<3%s" % STRUCT[data_type], *vals)
        out.append((field << 3) | 2)
        _put_varint(out, len(body))
        out += body
        got = decode_tensor(bytes(out))
        assert got[2] == [3] and _same_values(got[3], vals), got
        if onnx is not None:
            t = onnx.TensorProto()
            t.ParseFromString(bytes(out))
            assert _same_values(numpy_helper.to_array(t).reshape(-1).tolist(), vals)
    for bad in (b"\x0a\x05\x01", b"\x4a\x10abc"):
        try:
            decode_tensor(bad)
            raise AssertionError("decoded a truncated tensor")
        except ValueError:
            pass
    print("codec self-test passed on %d files%s" % (checked, "" if onnx is None else " (against onnx %s)" % onnx.__version__))
    return 0


def _same_values(a, b):
    return len(a) == len(b) and all(x == y or (x != x and y != y) for x, y in zip(a, b)) \
        and all(math.copysign(1, x) == math.copysign(1, y) for x, y in zip(a, b) if isinstance(x, float) and x == 0)


def _same(a, b):
    return a[0] == b[0] and a[1] == b[1] and a[2] == b[2] and _same_values(a[3], b[3])


def main():
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--device", choices=["cpu", "cuda"], default="cpu")
    p.add_argument("--dtype", choices=["float64", "float32"], default="float64")
    p.add_argument("--tf32", choices=["on", "off"], help="TF32 matmuls (cuda float32 only; required there)")
    p.add_argument("--seed", type=int, default=DEFAULT_SEED, help="seed of the cotangents (default %(default)s)")
    p.add_argument("--golden", default="golden-data", help="the golden-data folder (default %(default)s)")
    p.add_argument("--out", help="the set's folder (default GOLDEN/pytorch-python/<device>-<dtype>[-tf32|-notf32])")
    p.add_argument("--self-test", action="store_true", help="check the TensorProto codec (against onnx where installed)")
    p.add_argument("--isolate-bad-inputs", action="store_true",
                   help="run the bad inputs in worker processes, as on CUDA (the default there)")
    p.add_argument("--bad-inputs-worker", type=int, metavar="START", help=argparse.SUPPRESS)
    args = p.parse_args()
    if args.bad_inputs_worker is not None:
        sys.exit(bad_inputs_worker(args))
    sys.exit(self_test(args) if args.self_test else generate(args))


if __name__ == "__main__":
    main()
