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


# Where a forward case's values come from (see golden/README.md, "Values").
TORCH_VALUES = "torch"  # torch.manual_seed(seed), torch's own init, torch.randn input and hx (formatVersion 1)
RECIPE_VALUES = "recipe"  # hash32-uniform recipes (golden/recipe.py), stored as recipes (formatVersion 2)
SPECIAL_VALUES = ("NaN", "Infinity", "-Infinity", "-0.0", "0.0", "subnormal")


def text_seed(text: str) -> int:
    """The first 31 bits of the SHA-256 of a text: a stable seed."""
    return int.from_bytes(hashlib.sha256(text.encode()).digest()[:4], "big") & 0x7FFFFFFF


@dataclass(frozen=True)
class Special:
    """A special value written into a case's tensors after they are drawn, before forward.

    target is "input", "hx", "parameters" (every parameter tensor) or one state_dict name. index selects
    the elements written, one entry per axis: an integer, or None for every position along that axis; an
    index of None selects the whole tensor. A value is written as it is, except "subnormal", which scales
    the selection into the dtype's subnormal range (times 2^-1040 for float64, 2^-133 for float32).
    """

    target: str
    value: str
    index: tuple[int | None, ...] | None = None

    @property
    def selection(self) -> tuple[int | slice, ...]:
        """The torch index of the written elements."""
        if self.index is None:
            return (...,)
        return tuple(slice(None) if i is None else i for i in self.index)

    def to_json(self) -> dict[str, Any]:
        return {"tensor": self.target, "index": None if self.index is None else list(self.index),
                "value": self.value}


@dataclass(frozen=True)
class Case:
    """One call of torch.nn.GRU: how to build the module, what to feed it, what it evidences.

    kwargs are passed verbatim as torch.nn.GRU(**kwargs); omitted keys stay omitted.
    input_shape / hx_shape are the shapes drawn with torch.randn (hx_shape None = hx omitted).
    error names the gru.err.* clause the call must trip; None means a forward golden.
    clauses lists clause ids beyond those derived from the case's features.
    values says where the values come from (TORCH_VALUES or RECIPE_VALUES); specials are written into them.
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
    values: str = TORCH_VALUES
    specials: tuple[Special, ...] = ()
    overflows_float16: bool = False  # the generator checks that an input pre-activation passes 65504

    @property
    def rng_seed(self) -> int:
        """The explicit seed, or one derived from a stable hash of the id."""
        return self.seed if self.seed is not None else text_seed(self.id)

    @property
    def writes_non_finite(self) -> bool:
        """The case writes a NaN or an infinity into its input, hx or parameters."""
        return any(special.value in ("NaN", "Infinity", "-Infinity") for special in self.specials)

    @property
    def writes_parameters(self) -> bool:
        """The case writes special values into its parameters."""
        return any(special.target not in ("input", "hx") for special in self.specials)

    @property
    def torch_init(self) -> bool:
        """The parameters are torch's own initialisation, untouched (what gru.init.uniform is about)."""
        return self.values == TORCH_VALUES and not self.writes_parameters

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
