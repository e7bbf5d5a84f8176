"""nn.GRU forward (eval mode) and nn.GRUCell in numpy, speaking gru-conformance/2 (spec/protocol.md) on stdin and
stdout, with tensors as base64 of little-endian float64 (the exact bits of every value, NaN and -0 included).

Run: uv run python examples/python/gru_numpy.py. float32 requests are computed in float64 from their exact
values, then the results are rounded to float32. Invalid calls get an error response with the clause."""

import base64
import json
import sys

import numpy as np

PROTOCOL, ENCODING = "gru-conformance/2", "base64-f64le"
HELLO = {"type": "hello", "protocol": PROTOCOL, "encoding": ENCODING, "name": "gru-conformance example (numpy)"}
HELLO.update(version="0.1.0", capabilities={"init": False, "dtypes": ["float32", "float64"], "cell": True})
SIGNATURE = "input_size hidden_size num_layers bias batch_first dropout bidirectional device dtype".split()
CELL_SIGNATURE = "input_size hidden_size bias device dtype".split()
NON_FINITE = {name: float(name) for name in ("NaN", "Infinity", "-Infinity")}
np.seterr(over="ignore")  # exp(-v) overflowing to inf makes the sigmoid 0, as it should


class Rejected(ValueError):
    """A call nn.GRU rejects; args are (message, clause)."""


def require(condition, clause, message):
    if not condition:
        raise Rejected(f"{clause}: {message}", clause)


def options(kw):
    """Validates the kwargs in PyTorch's order; returns (I, H, layers, bias, batch_first, D)."""
    require("proj_size" not in kw, "gru.err.proj-size", "proj_size is only supported for LSTM")
    unknown = [k for k in kw if k not in SIGNATURE]
    require(not unknown, "gru.err.unknown-kwarg", f"unexpected keyword arguments {unknown}")
    dropout = kw.get("dropout", 0.0)
    number = isinstance(dropout, (int, float)) and not isinstance(dropout, bool)
    require(number and 0 <= dropout <= 1, "gru.err.dropout-range", f"dropout not in [0, 1]: {dropout!r}")
    bias, batch_first = kw.get("bias", True), kw.get("batch_first", False)
    require(isinstance(bias, bool), "gru.err.bias-type", f"bias should be a bool, got {bias!r}")
    require(isinstance(batch_first, bool), "gru.err.batch-first-type", f"batch_first: {batch_first!r}")
    sizes = []
    for name in ("input_size", "hidden_size"):
        v, slug = kw.get(name), name.replace("_", "-")  # a bool is an int, as in PyTorch
        require(isinstance(v, int), f"gru.err.{slug}-type", f"{name} should be an int, got {v!r}")
        require(v > 0, f"gru.err.{slug}-range", f"{name} must be greater than zero, got {v}")
        sizes.append(int(v))
    layers = kw.get("num_layers", 1)
    not_positive = isinstance(layers, (int, float)) and layers <= 0  # checked before the type, as in PyTorch
    require(not not_positive, "gru.err.num-layers-range", f"num_layers must be > 0, got {layers}")
    require(isinstance(layers, int), "gru.err.num-layers-type", f"num_layers should be an int: {layers!r}")
    return (*sizes, int(layers), bias, batch_first, 2 if kw.get("bidirectional", False) else 1)


def check_parameters(opts, params):
    I, H, layers, bias, _, D = opts
    expected = {}
    for k, suffix in ((k, s) for k in range(layers) for s in ["", "_reverse"][:D]):
        expected[f"weight_ih_l{k}{suffix}"] = (3 * H, I if k == 0 else D * H)
        expected[f"weight_hh_l{k}{suffix}"] = (3 * H, H)
        expected.update({f"bias_{a}_l{k}{suffix}": (3 * H,) for a in ("ih", "hh") if bias})
    require(set(params) == set(expected), "gru.param.names", f"expected parameters {sorted(expected)}")
    for name, shape in expected.items():
        require(params[name].shape == shape, "gru.param.shapes", f"{name} must have shape {shape}")


def check_call(opts, dtype, x, hx):
    """Validates input and hx, each (dtype, array), in PyTorch's order; returns h_n's shape."""
    I, H, layers, _, batch_first, D = opts
    rank, hs = x[1].ndim, None if hx is None else hx[1].shape
    require(rank in (2, 3), "gru.err.input-rank", f"input must be 2-D or 3-D, got {rank}-D")
    require(hx is None or len(hs) == rank, "gru.err.hx-rank", f"for {rank}-D input hx must be {rank}-D")
    require(x[0] == dtype, "gru.err.input-dtype", f"input dtype {x[0]} does not match the weights' {dtype}")
    require(x[1].shape[-1] == I, "gru.err.input-features", f"input.size(-1) must be {I}, got {x[1].shape}")
    h_shape = (D * layers, x[1].shape[0 if batch_first else 1], H) if rank == 3 else (D * layers, H)
    require(hx is None or hs == h_shape, "gru.err.hx-shape", f"hx must have shape {h_shape}, got {hs}")
    require(hx is None or hx[0] == x[0], "gru.err.hx-dtype", f"hx dtype does not match input dtype {x[0]}")
    steps = x[1].shape[1 if rank == 3 and batch_first else 0]
    require(steps > 0, "gru.err.seq-len-zero", f"sequence length must be > 0, got input shape {x[1].shape}")
    return h_shape


def tensor(t):
    """(dtype, array) of a base64 tensor; reshape checks the byte count."""
    return t["dtype"], np.frombuffer(base64.b64decode(t["base64"], validate=True), "<f8").reshape(t["shape"])


def step(gi, gh, h, H):
    """h' from gi = W_ih x + b_ih and gh = W_hh h + b_hh, gate blocks r | z | n."""
    r = 1 / (1 + np.exp(-(gi[:, :H] + gh[:, :H])))  # reset gate
    z = 1 / (1 + np.exp(-(gi[:, H : 2 * H] + gh[:, H : 2 * H])))  # update gate
    n = np.tanh(gi[:, 2 * H :] + r * gh[:, 2 * H :])  # new gate: r scales W_hn h + b_hn
    return (1 - z) * n + z * h


def forward(msg):
    """nn.GRU(**kwargs) with the given state_dict on input and hx: (output, h_n)."""
    opts, dtype = options(msg["kwargs"]), msg["dtype"]
    params = {name: tensor(t)[1] for name, t in msg["parameters"].items()}
    x, hx = tensor(msg["input"]), None if msg.get("hx") is None else tensor(msg["hx"])
    check_parameters(opts, params)
    h_shape = check_call(opts, dtype, x, hx)
    _, H, layers, bias, batch_first, D = opts
    seq = x[1][:, None, :] if x[1].ndim == 2 else x[1].swapaxes(0, 1) if batch_first else x[1]  # [L, N, I]
    h0 = (np.zeros(h_shape) if hx is None else hx[1]).reshape(D * layers, seq.shape[1], H)
    h_n = np.empty_like(h0)
    for k in range(layers):
        outs = []
        for d, suffix in enumerate(["", "_reverse"][:D]):
            b_ih, b_hh = (params[f"bias_{a}_l{k}{suffix}"] if bias else np.zeros(3 * H) for a in ("ih", "hh"))
            gi = seq @ params[f"weight_ih_l{k}{suffix}"].T + b_ih  # all steps' input projections
            h, out = h0[k * D + d], np.empty(seq.shape[:2] + (H,))
            for t in reversed(range(seq.shape[0])) if d == 1 else range(seq.shape[0]):
                h = out[t] = step(gi[t], h @ params[f"weight_hh_l{k}{suffix}"].T + b_hh, h, H)
            outs.append(out)
            h_n[k * D + d] = h
        seq = np.concatenate(outs, axis=2)
    output = seq[:, 0, :] if x[1].ndim == 2 else seq.swapaxes(0, 1) if batch_first else seq
    results = (output, h_n.reshape(h_shape))
    return tuple(a.astype(np.float32).astype(np.float64) for a in results) if dtype == "float32" else results


def cell(msg):
    """nn.GRUCell(**kwargs) with the given state_dict on input and hx, checked in PyTorch's order: h'."""
    kw, dtype = msg["kwargs"], msg["dtype"]
    unknown = [k for k in kw if k not in CELL_SIGNATURE]
    require(not unknown, "gru.cell.err-unknown-kwarg", f"unexpected keyword arguments {unknown}")
    I, H, bias = int(kw["input_size"]), int(kw["hidden_size"]), bool(kw.get("bias", True))  # bias: truth value
    params = {name: tensor(t)[1] for name, t in msg["parameters"].items()}
    shapes = {"weight_ih": (3 * H, I), "weight_hh": (3 * H, H)}
    shapes |= {"bias_ih": (3 * H,), "bias_hh": (3 * H,)} if bias else {}
    same = set(params) == set(shapes) and all(params[n].shape == s for n, s in shapes.items())
    require(same, "gru.cell.param-names", f"expected parameters {shapes}")
    x, hx = tensor(msg["input"]), None if msg.get("hx") is None else tensor(msg["hx"])
    rank, hs = x[1].ndim, None if hx is None else hx[1].shape
    require(rank in (1, 2), "gru.cell.err-input-rank", f"input must be 1-D or 2-D, got {rank}-D")
    require(hx is None or len(hs) in (1, 2), "gru.cell.err-hx-rank", f"hx must be 1-D or 2-D, got {hs}")
    require(x[1].shape[-1] == I, "gru.cell.err-input-features", f"input width must be {I}, got {x[1].shape}")
    require(hx is None or len(hs) == rank, "gru.cell.err-hx-rank-mismatch", f"hx {hs} for input {x[1].shape}")
    require(hx is None or rank == 1 or hs[0] == x[1].shape[0], "gru.cell.err-batch-mismatch", f"hx rows {hs}")
    require(hx is None or hs[-1] == H, "gru.cell.err-hidden-size", f"hx width must be {H}, got {hs}")
    require(x[0] == dtype and (hx is None or hx[0] == dtype), "gru.cell.err-dtype", f"the parameters are {dtype}")
    b_ih, b_hh = (params[f"bias_{a}"] if bias else np.zeros(3 * H) for a in ("ih", "hh"))
    n = x[1].shape[0] if rank == 2 else 1  # rows given, not inferred: a size of 0 leaves -1 undetermined
    xs = x[1].reshape(n, I)
    h0 = np.zeros((n, H)) if hx is None else hx[1].reshape(n, H)  # hx omitted: zeros
    h = step(xs @ params["weight_ih"].T + b_ih, h0 @ params["weight_hh"].T + b_hh, h0, H).reshape(*x[1].shape[:-1], H)
    return h.astype(np.float32).astype(np.float64) if dtype == "float32" else h


def encode(a, dtype):
    """The values as little-endian doubles in base64 (float32 results are already float32 values)."""
    data = base64.b64encode(np.ascontiguousarray(a, dtype="<f8").tobytes()).decode("ascii")
    return f'{{"dtype":"{dtype}","shape":[{",".join(map(str, a.shape))}],"base64":"{data}"}}'


def answer(line):
    """The response line for one request line; None for bye."""
    id_ = None
    try:  # a rejected call, or a line this program cannot read, gets an error response
        # kwargs carry non-finite floats as {"$float": "NaN"}
        msg = json.loads(line, object_hook=lambda o: NON_FINITE[o["$float"]] if list(o) == ["$float"] else o)
        kind, id_ = msg.get("type"), msg.get("id")
        if kind == "bye":
            return None
        if kind == "hello" and PROTOCOL in msg.get("versions", []) and ENCODING in msg.get("encodings", []):
            return json.dumps(HELLO)
        if kind == "cell":
            return f'{{"type":"state","id":{id_},"h":{encode(cell(msg), msg["dtype"])}}}'
        if kind != "forward":
            raise ValueError(f"unsupported request {kind!r}; this program speaks {PROTOCOL} with {ENCODING}")
        (output, h_n), dtype = forward(msg), msg["dtype"]
        return f'{{"type":"result","id":{id_},"output":{encode(output, dtype)},"h_n":{encode(h_n, dtype)}}}'
    except Exception as e:
        error = dict(zip(("message", "clause"), e.args)) if isinstance(e, Rejected) else {"message": str(e)}
        return json.dumps({"type": "error", "id": id_ if isinstance(id_, int) else None, "error": error})


def main():
    for reply in map(answer, filter(str.strip, sys.stdin)):  # lazy: one line in, one line out
        if reply is None:
            return
        print(reply, flush=True)


if __name__ == "__main__":
    main()
