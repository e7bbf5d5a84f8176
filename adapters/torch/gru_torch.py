"""PyTorch's own nn.GRU (and nn.GRUCell) behind gru-conformance/2 (spec/protocol.md): what the suite is about.

Run: uv run --group torch python adapters/torch/gru_torch.py. Every request builds nn.GRU(**kwargs) exactly as given, so
invalid calls are rejected by torch itself; the module runs on CPU, in eval mode, with one thread. It also
initialises its own parameters (capability init), so the suite can check torch's U(-k, k) law, answers cell
requests with nn.GRUCell (capability cell, version 2 only), and backward requests with autograd (capability
backward, version 2 only). It computes all four dtypes, float16 and bfloat16 included (gru.dtype.half-arithmetic;
the grad family judges gradients in float32 and float64 only). Tensors travel as base64 of little-endian float64
when the harness offers it (version 2), else as JSON numbers (version 1); half-precision values are exact doubles
both ways."""

import base64
import json
import math
import sys
import warnings

import numpy as np
import torch
from torch.nn.utils.rnn import PackedSequence, pack_padded_sequence, pad_packed_sequence
from torch_clauses import clause_of

V1, V2, BINARY = "gru-conformance/1", "gru-conformance/2", "base64-f64le"
DTYPES = {"float32": torch.float32, "float64": torch.float64, "float16": torch.float16, "bfloat16": torch.bfloat16}
NAMES = {v: k for k, v in DTYPES.items()}
NON_FINITE = {"NaN": math.nan, "Infinity": math.inf, "-Infinity": -math.inf}
session = {"binary": False}  # settled by the hello


def decode(t: dict) -> torch.Tensor:
    if "base64" in t:  # the exact doubles, little-endian whatever this host's byte order
        raw, count = base64.b64decode(t["base64"], validate=True), math.prod(t["shape"])
        if len(raw) != 8 * count:
            raise ValueError(f"shape {t['shape']} needs {8 * count} bytes of float64, got {len(raw)}")
        values = torch.from_numpy(np.frombuffer(raw, dtype="<f8").astype(np.float64))
    else:
        values = torch.tensor([NON_FINITE[v] if isinstance(v, str) else v for v in t["data"]], dtype=torch.float64)
    return values.to(DTYPES[t["dtype"]]).reshape(t["shape"])


def encode(t: torch.Tensor) -> dict:
    doubles = t.detach().to(torch.float64).contiguous()
    head = {"dtype": NAMES[t.dtype], "shape": list(t.shape)}
    if session["binary"]:
        return {**head, "base64": base64.b64encode(doubles.numpy().astype("<f8").tobytes()).decode("ascii")}
    values = doubles.flatten().tolist()
    data = [v if math.isfinite(v) else ("NaN" if math.isnan(v) else ("Infinity" if v > 0 else "-Infinity")) for v in values]
    return {**head, "data": data}


def build(kwargs: dict, dtype: str) -> torch.nn.GRU:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # the dropout warning is not part of the protocol
        return torch.nn.GRU(**kwargs).to(DTYPES[dtype])


class Rejected(Exception):
    """torch refused the call; `clause` is the clause its message evidences (None when unknown)."""

    def __init__(self, error: Exception, stage: str):
        super().__init__(f"{type(error).__name__}: {error}")
        self.clause = clause_of(stage, error)


def staged(stage: str, step):
    """Runs one step of the call; what torch raises there becomes a Rejected naming the clause."""
    try:
        return step()
    except Exception as e:
        raise Rejected(e, stage) from e


def forward(req: dict) -> dict:
    module = staged("constructor", lambda: build(req["kwargs"], req["dtype"]))
    params = {name: decode(t) for name, t in req["parameters"].items()}
    staged("state_dict", lambda: module.load_state_dict(params, strict=True))
    module.eval()
    x = decode(req["input"])
    hx = None if req.get("hx") is None else decode(req["hx"])
    with torch.no_grad():
        if req.get("packed") is not None or req.get("sequenceLengths") is not None:
            output, h_n = variable_length(module, x, hx, req)
        elif req.get("mode") == "train":
            masks = [decode(m) for m in req["dropoutMasks"]]
            output, h_n = staged("forward", lambda: train_forward(module, x, hx, masks))
        else:
            output, h_n = staged("forward", lambda: module(x) if hx is None else module(x, hx))
    return {"type": "result", "output": encode(output), "h_n": encode(h_n)}


def variable_length(gru: torch.nn.GRU, x: torch.Tensor, hx, req: dict) -> tuple:
    """Variable-length sequences in either form: a PackedSequence's four tensors (capability packed), or a padded
    input with its lengths (capability sequenceLengths), packed by pack_padded_sequence and the output padded back
    to the input's own length. Packing errors are torch's own, at the stage "pack"."""
    if req.get("packed") is not None:
        p = req["packed"]
        index = lambda v: None if v is None else torch.tensor(v, dtype=torch.int64)  # noqa: E731
        packed = PackedSequence(x, index(p["batchSizes"]), index(p["sortedIndices"]), index(p["unsortedIndices"]))
        output, h_n = staged("packed-forward", lambda: module(gru, packed, hx, keep=True))
        return output.data, h_n
    lengths = req["sequenceLengths"]
    packed = staged("pack", lambda: pack_padded_sequence(x, torch.tensor(lengths["lengths"], dtype=torch.int64),
                                                         batch_first=gru.batch_first,
                                                         enforce_sorted=lengths["enforceSorted"]))
    output, h_n = staged("packed-forward", lambda: module(gru, packed, hx, keep=True))
    T = x.shape[1 if gru.batch_first else 0]
    padded, _ = pad_packed_sequence(output, batch_first=gru.batch_first, total_length=T)
    return padded, h_n


def train_forward(gru: torch.nn.GRU, x: torch.Tensor, hx, masks: list) -> tuple:
    """Training mode with the given dropout masks: one single-layer nn.GRU per layer, each non-last layer's
    time-major output multiplied by its mask. This is how golden/ verifies torch's own train-mode output
    (bit for bit); torch's module cannot take masks, so the stack is built from its own layers. Each layer runs on
    gru's own parameter tensors (functional_call), so that autograd takes gradients into them."""
    module(gru, x, hx)  # torch validates the call exactly as in eval mode
    D, batched = (2 if gru.bidirectional else 1), x.dim() == 3
    x = x.transpose(0, 1) if batched and gru.batch_first else x if batched else x.unsqueeze(1)
    hx = None if hx is None else hx if batched else hx.unsqueeze(1)
    states = []
    for k in range(gru.num_layers):
        layer = torch.nn.GRU(x.shape[-1], gru.hidden_size, bias=gru.bias, bidirectional=gru.bidirectional)
        layer = layer.to(x.dtype).eval()
        own = {n.replace(f"_l{k}", "_l0"): p for n, p in gru.named_parameters() if n.split("_")[2] == f"l{k}"}
        x, h = torch.func.functional_call(layer, own, (x, None if hx is None else hx[k * D : (k + 1) * D]))
        states.append(h)
        x = x * masks[k] if k < gru.num_layers - 1 else x
    h_n = torch.cat(states)
    if not batched:
        return x.squeeze(1), h_n.squeeze(1)
    return (x.transpose(0, 1) if gru.batch_first else x), h_n


def module(gru: torch.nn.GRU, x, hx, keep: bool = False):
    result = gru(x) if hx is None else gru(x, hx)
    return result if keep else None


def cell(req: dict) -> dict:
    """nn.GRUCell(**kwargs) with the request's state_dict, on input and hx: h'."""
    module = staged("cell constructor", lambda: torch.nn.GRUCell(**req["kwargs"]).to(DTYPES[req["dtype"]]))
    params = {name: decode(t) for name, t in req["parameters"].items()}
    staged("cell state_dict", lambda: module.load_state_dict(params, strict=True))
    x = decode(req["input"])
    hx = None if req.get("hx") is None else decode(req["hx"])
    with torch.no_grad():
        h = staged("cell forward", lambda: module(x) if hx is None else module(x, hx))
    return {"type": "state", "h": encode(h)}


def backward(req: dict) -> dict:
    """The gradients of forward(req) by autograd: torch.autograd.backward on output and h_n with the upstream
    gradients given (null: that result gets none, which is zeros), in eval mode or with the dropout masks replayed.
    A tensor autograd leaves without a gradient (no path to the upstream) gets zeros."""
    if req.get("packed") is not None or req.get("sequenceLengths") is not None:
        raise ValueError("gradients of packed calls are not computed")
    module = staged("constructor", lambda: build(req["kwargs"], req["dtype"]))
    params = {name: decode(t) for name, t in req["parameters"].items()}
    staged("state_dict", lambda: module.load_state_dict(params, strict=True))
    module.eval()
    x = decode(req["input"]).requires_grad_()
    hx = None if req.get("hx") is None else decode(req["hx"]).requires_grad_()
    with torch.enable_grad():
        if req.get("mode") == "train":
            masks = [decode(m) for m in req["dropoutMasks"]]
            output, h_n = staged("forward", lambda: train_forward(module, x, hx, masks))
        else:
            output, h_n = staged("forward", lambda: module(x) if hx is None else module(x, hx))
        upstream = req.get("upstream") or {}
        pairs = [(t, decode(upstream[k])) for t, k in ((output, "output"), (h_n, "h_n")) if upstream.get(k) is not None]
        if pairs:
            staged("backward", lambda: torch.autograd.backward([t for t, _ in pairs], [g for _, g in pairs]))
    grad = lambda t: t.grad if t.grad is not None else torch.zeros_like(t)  # noqa: E731
    gradients = {"input": encode(grad(x))}
    if hx is not None:
        gradients["hx"] = encode(grad(hx))
    gradients.update({name: encode(grad(p)) for name, p in module.named_parameters()})
    return {"type": "gradients", "gradients": gradients}


def init(req: dict) -> dict:
    torch.manual_seed(req["seed"])
    module = staged("constructor", lambda: build(req["kwargs"], req["dtype"]))
    return {"type": "parameters", "parameters": {k: encode(v) for k, v in module.state_dict().items()}}


def hello(req: dict) -> dict:
    """Version 2 with binary tensors when the harness offers both, else version 1 (JSON numbers)."""
    session["binary"] = V2 in req.get("versions", []) and BINARY in req.get("encodings", [])
    settled = {"protocol": V2, "encoding": BINARY} if session["binary"] else {"protocol": V1}
    version = f"{torch.__version__} (CPU, eval mode)"
    caps = {
        "init": True,
        "trainMasks": True,
        "packed": True,
        "sequenceLengths": True,
        "dtypes": list(DTYPES),
        "cell": session["binary"],
        "backward": session["binary"],
    }
    return {"type": "hello", **settled, "name": "PyTorch torch.nn.GRU", "version": version, "capabilities": caps}


def answer(req: dict) -> dict:
    kind = req.get("type")
    if kind == "hello":
        return hello(req)
    try:
        v2 = session["binary"]
        calls = {"forward": forward, "init": init, "cell": cell if v2 else None, "backward": backward if v2 else None}
        reply = calls[kind](req) if calls.get(kind) else None
        if reply is None:
            raise ValueError(f"unknown message type {kind!r}")
    except Rejected as e:  # torch rejected the call: that is the answer, with the clause when it is known
        clause = {} if e.clause is None else {"clause": e.clause}
        reply = {"type": "error", "error": {"message": str(e), **clause}}
    except Exception as e:  # a request the adapter cannot read
        reply = {"type": "error", "error": {"message": f"{type(e).__name__}: {e}"}}
    return {**reply, "id": req.get("id")}


def main() -> None:
    torch.set_num_threads(1)
    for line in sys.stdin:
        if not line.strip():
            continue
        # kwargs carry non-finite floats tagged, as {"$float": "NaN"} (spec/protocol.md)
        req = json.loads(line, object_hook=lambda o: NON_FINITE[o["$float"]] if list(o) == ["$float"] else o)
        if req.get("type") == "bye":
            return
        sys.stdout.write(json.dumps(answer(req), allow_nan=False) + "\n")
        sys.stdout.flush()


if __name__ == "__main__":
    main()
