"""Exact JSON encoding of golden files.

Numbers are written with Python's float repr, which round-trips every float64 exactly; a float32,
float16 or bfloat16 value is written as the double it equals. -0.0 stays -0.0. Non-finite values become the strings
"NaN", "Infinity" and "-Infinity"; any other non-finite float is an error (allow_nan=False).
A tensor has one of three forms (spec/golden.schema.json): its values under "data", the recipe that
makes them under "recipe" (golden/recipe.py), or its little-endian bytes in its own dtype under
"base64" (exact bits; NaN written as the one quiet NaN numpy makes).
Layout: 2-space indent, keys in insertion order, each tensor on one line, newline at end of file.
"""

from __future__ import annotations

import base64
import json
import math
from dataclasses import dataclass
from typing import Any

import numpy
import torch

NON_FINITE = {"NaN": math.nan, "Infinity": math.inf, "-Infinity": -math.inf}
DTYPE_NAMES = {torch.float32: "float32", torch.float64: "float64", torch.float16: "float16", torch.bfloat16: "bfloat16"}


@dataclass(frozen=True)
class TensorData:
    """A tensor as the golden format holds it: dtype name, shape, flat row-major values."""

    dtype: str
    shape: list[int]
    data: list[float]

    def to_json(self) -> dict[str, Any]:
        return {"dtype": self.dtype, "shape": self.shape, "data": [encode_number(v) for v in self.data]}


@dataclass(frozen=True)
class RecipeTensor:
    """A tensor stored as the recipe that makes its values (golden/recipe.py)."""

    dtype: str
    shape: list[int]
    recipe: dict[str, Any]

    def to_json(self) -> dict[str, Any]:
        return {"dtype": self.dtype, "shape": self.shape, "recipe": self.recipe}


@dataclass(frozen=True)
class PackedTensor:
    """A tensor stored as base64 of its little-endian values in its own dtype: exact and compact."""

    dtype: str
    shape: list[int]
    data: bytes

    def to_json(self) -> dict[str, Any]:
        return {"dtype": self.dtype, "shape": self.shape, "base64": base64.b64encode(self.data).decode("ascii")}


LITTLE_ENDIAN = {"float32": "<f4", "float64": "<f8"}


def packed(tensor: torch.Tensor) -> PackedTensor:
    """The exact bytes of a float32 or float64 tensor, row-major, little-endian; NaN made canonical."""
    values = tensor.detach().cpu().reshape(-1).numpy()
    dtype = DTYPE_NAMES[tensor.dtype]
    values = numpy.where(numpy.isnan(values), numpy.nan, values).astype(LITTLE_ENDIAN[dtype])
    return PackedTensor(dtype, list(tensor.shape), values.tobytes())


def unpack(wire: dict[str, Any]) -> list[float]:
    """The values of a base64 tensor as a list of floats."""
    raw = base64.b64decode(wire["base64"], validate=True)
    return [float(v) for v in numpy.frombuffer(raw, dtype=LITTLE_ENDIAN[wire["dtype"]])]


def encode_number(value: float) -> float | str:
    """A finite float as itself; NaN and infinities as their string names."""
    if math.isnan(value):
        return "NaN"
    if math.isinf(value):
        return "Infinity" if value > 0 else "-Infinity"
    return value


def tensor_data(tensor: torch.Tensor) -> TensorData:
    """Exact values of a float32 or float64 tensor, flattened in row-major order."""
    values = tensor.detach().cpu().reshape(-1).tolist()
    return TensorData(DTYPE_NAMES[tensor.dtype], list(tensor.shape), [float(v) for v in values])


def _emit(value: Any, depth: int) -> str:
    if isinstance(value, (TensorData, RecipeTensor, PackedTensor)):
        return json.dumps(value.to_json(), allow_nan=False, ensure_ascii=False)
    pad, inner = "  " * depth, "  " * (depth + 1)
    if isinstance(value, dict):
        if not value:
            return "{}"
        items = [f"{inner}{json.dumps(str(key))}: {_emit(item, depth + 1)}" for key, item in value.items()]
        return "{\n" + ",\n".join(items) + "\n" + pad + "}"
    if isinstance(value, (list, tuple)):
        if not value:
            return "[]"
        items = [inner + _emit(item, depth + 1) for item in value]
        return "[\n" + ",\n".join(items) + "\n" + pad + "]"
    return json.dumps(value, allow_nan=False, ensure_ascii=False)


def dumps(document: Any) -> str:
    """The file text for a document whose tensors are TensorData."""
    return _emit(document, 0) + "\n"


def decode_number(value: Any) -> Any:
    """Inverse of encode_number for one JSON value (other values pass through)."""
    if isinstance(value, str) and value in NON_FINITE:
        return NON_FINITE[value]
    return value
