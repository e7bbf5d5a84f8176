"""The case record: one plain data record per golden file, plus the shape rules it implies."""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass
from typing import Any

ID_PATTERN = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*$")

# Defaults of torch.nn.GRU's signature (gru.ctor.signature), used only to derive shapes and clauses.
DEFAULTS: dict[str, Any] = {
    "num_layers": 1,
    "bias": True,
    "batch_first": False,
    "dropout": 0.0,
    "bidirectional": False,
}


@dataclass(frozen=True)
class Case:
    """One call of torch.nn.GRU: how to build the module, what to feed it, what it evidences.

    kwargs are passed verbatim as torch.nn.GRU(**kwargs); omitted keys stay omitted.
    input_shape / hx_shape are the shapes drawn with torch.randn (hx_shape None = hx omitted).
    error names the gru.err.* clause the call must trip; None means a forward golden.
    clauses lists clause ids beyond those derived from the case's features.
    """

    id: str
    description: str
    kwargs: dict[str, Any]
    input_shape: tuple[int, ...]
    hx_shape: tuple[int, ...] | None = None
    dtype: str = "float64"
    mode: str = "eval"
    input_scale: float = 1.0
    hx_scale: float = 1.0
    input_dtype: str | None = None
    hx_dtype: str | None = None
    error: str | None = None
    clauses: tuple[str, ...] = ()
    seed: int | None = None

    @property
    def rng_seed(self) -> int:
        """The explicit seed, or one derived from a stable hash of the id."""
        if self.seed is not None:
            return self.seed
        return int.from_bytes(hashlib.sha256(self.id.encode()).digest()[:4], "big") & 0x7FFFFFFF

    @property
    def kind(self) -> str:
        return "forward" if self.error is None else "error"

    def arg(self, name: str) -> Any:
        """The value torch uses for a signature argument (the default when omitted)."""
        return self.kwargs.get(name, DEFAULTS[name])

    @property
    def directions(self) -> int:
        return 2 if self.arg("bidirectional") else 1

    @property
    def batched(self) -> bool:
        return len(self.input_shape) == 3

    def time_major_dims(self) -> tuple[int, int]:
        """(L, N) of a valid batched input; N = 1 for unbatched input."""
        if not self.batched:
            return self.input_shape[0], 1
        if self.arg("batch_first"):
            return self.input_shape[1], self.input_shape[0]
        return self.input_shape[0], self.input_shape[1]

    def expected_shapes(self) -> tuple[tuple[int, ...], tuple[int, ...]]:
        """Shapes of output and h_n (gru.shape.output-batched, gru.shape.h-n, gru.shape.unbatched)."""
        hidden = self.kwargs["hidden_size"]
        states = self.directions * self.arg("num_layers")
        width = self.directions * hidden
        if not self.batched:
            return (self.input_shape[0], width), (states, hidden)
        steps, batch = self.time_major_dims()
        output = (batch, steps, width) if self.arg("batch_first") else (steps, batch, width)
        return output, (states, batch, hidden)


def state_shape(kwargs: dict[str, Any], batch: int | None) -> tuple[int, ...]:
    """The hx shape a module built with kwargs expects; batch None means unbatched."""
    directions = 2 if kwargs.get("bidirectional", False) else 1
    states = directions * kwargs.get("num_layers", 1)
    hidden = kwargs["hidden_size"]
    return (states, hidden) if batch is None else (states, batch, hidden)


def input_shape(kwargs: dict[str, Any], steps: int, batch: int | None) -> tuple[int, ...]:
    """The input shape for kwargs; batch None means unbatched (L, input_size)."""
    features = kwargs["input_size"]
    if batch is None:
        return (steps, features)
    if kwargs.get("batch_first", False):
        return (batch, steps, features)
    return (steps, batch, features)
