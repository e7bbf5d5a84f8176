"""The recipe generator hash32-uniform, version 1: tensor values from (seed, stream, index), no state.

Value i of a tensor depends only on the seed, the tensor's stream name and i, so a golden can store the
recipe instead of the values. harness/cases/golden-recipe.ts is the TypeScript twin; both must give the same
bits, which golden/recipe-vectors.json pins (self_test() here, test/golden/recipe.test.ts there).

All integer arithmetic is on unsigned 32-bit words, wrapping modulo 2^32:

    fmix32(h):  h ^= h >> 16; h *= 0x85EBCA6B; h ^= h >> 13; h *= 0xC2B2AE35; h ^= h >> 16
    fnv1a32(s): h = 0x811C9DC5; for each UTF-8 byte b of s: h = (h ^ b) * 0x01000193
    key       = fmix32(seed ^ fnv1a32(stream))
    h_i       = fmix32(fmix32(i + key) ^ key)
    value_i   = (h_i - 2^31) / 2^31 * scale

The quotient is exact (an integer below 2^31 in magnitude over a power of two), so value_i is rounded
once, by the float64 product with scale. A float32 tensor rounds that double once more, to the nearest
float32 (ties to even). Values lie in [-scale, scale).

    uv run python golden/recipe.py --write-vectors   rewrite golden/recipe-vectors.json (a deliberate change)
"""

from __future__ import annotations

import hashlib
import json
import sys
from pathlib import Path
from typing import Any

import numpy as np

GENERATOR = "hash32-uniform"
VERSION = 1
VECTORS_PATH = Path(__file__).resolve().parent / "recipe-vectors.json"
DTYPES = {"float32": np.float32, "float64": np.float64}
_MASK = 0xFFFFFFFF


class RecipeError(Exception):
    """A recipe this generator cannot expand, or a generator that drifted from its known answers."""


def fmix32(h: np.ndarray) -> np.ndarray:
    """MurmurHash3's 32-bit finaliser on a uint32 array (wrapping arithmetic)."""
    h = h ^ (h >> np.uint32(16))
    h = h * np.uint32(0x85EBCA6B)
    h = h ^ (h >> np.uint32(13))
    h = h * np.uint32(0xC2B2AE35)
    return h ^ (h >> np.uint32(16))


def fnv1a32(stream: str) -> int:
    """FNV-1a (32-bit) of the stream name's UTF-8 bytes."""
    h = 0x811C9DC5
    for byte in stream.encode("utf-8"):
        h = ((h ^ byte) * 0x01000193) & _MASK
    return h


def stream_key(seed: int, stream: str) -> int:
    if not 0 <= seed <= _MASK:
        raise RecipeError(f"recipe seed must be an integer in [0, 2^32), got {seed}")
    return int(fmix32(np.array([seed ^ fnv1a32(stream)], dtype=np.uint32))[0])


def hashes(seed: int, stream: str, count: int, start: int = 0) -> np.ndarray:
    """h_i for i = start .. start + count - 1, as uint32."""
    if start < 0 or start + count > 2**32:
        raise RecipeError(f"recipe indices must lie in [0, 2^32), got {start} .. {start + count - 1}")
    key = np.uint32(stream_key(seed, stream))
    index = (np.arange(count, dtype=np.uint64) + np.uint64(start)).astype(np.uint32)
    return fmix32(fmix32(index + key) ^ key)


def values(seed: int, stream: str, scale: float, dtype: str, count: int, start: int = 0) -> np.ndarray:
    """Values i = start .. start + count - 1 of a stream, in the dtype (float32 or float64)."""
    if dtype not in DTYPES:
        raise RecipeError(f"recipe dtype must be float32 or float64, got {dtype!r}")
    unit = (hashes(seed, stream, count, start).astype(np.float64) - 2.0**31) / 2.0**31
    return (unit * np.float64(scale)).astype(DTYPES[dtype])


def recipe(seed: int, stream: str, scale: float) -> dict[str, Any]:
    """The recipe object a golden stores for one tensor."""
    return {"generator": GENERATOR, "version": VERSION, "seed": seed, "stream": stream, "scale": scale}


def expand(spec: dict[str, Any], dtype: str, count: int) -> np.ndarray:
    """The count values a stored recipe stands for."""
    if (spec.get("generator"), spec.get("version")) != (GENERATOR, VERSION):
        raise RecipeError(f"unknown recipe generator {spec.get('generator')!r} version {spec.get('version')!r}")
    return values(spec["seed"], spec["stream"], spec["scale"], dtype, count)


# The known answers: small slices, a slice far into a stream, and a digest of a 400 000-value tensor.
VECTOR_CASES = (
    (0, "input", 1.0, "float64", 0, 8),
    (0, "input", 1.0, "float32", 0, 8),
    (1, "input", 1.0, "float64", 0, 8),
    (2**32 - 1, "weight_hh_l5_reverse", 0.0625, "float32", 0, 8),
    (123456789, "hx", 1 / 3, "float64", 399_992, 8),
    (987654321, "bias_ih_l0", 2.0**-1040, "float64", 0, 4),
    (987654321, "bias_ih_l0", 2.0**-133, "float32", 0, 4),
    (20240611, "weight_ih_l0", 1e300, "float64", 2**32 - 4, 4),
)
DIGEST_CASE = (31337, "weight_hh_l0", 1 / 16, "float32", 0, 400_000)
FNV_NAMES = ("", "a", "input", "hx", "weight_ih_l0", "bias_hh_l2_reverse")


def digest(seed: int, stream: str, scale: float, dtype: str, start: int, count: int) -> str:
    """sha256 of the values as little-endian float64 (float32 values widened exactly)."""
    data = values(seed, stream, scale, dtype, count, start).astype("<f8").tobytes()
    return hashlib.sha256(data).hexdigest()


def known_answers() -> dict[str, Any]:
    vectors = []
    for seed, stream, scale, dtype, start, count in VECTOR_CASES:
        vectors.append({
            "seed": seed, "stream": stream, "scale": scale, "dtype": dtype, "start": start,
            "key": stream_key(seed, stream),
            "hashes": [int(h) for h in hashes(seed, stream, count, start)],
            "values": [float(v) for v in values(seed, stream, scale, dtype, count, start)],
        })
    seed, stream, scale, dtype, start, count = DIGEST_CASE
    return {
        "generator": GENERATOR,
        "version": VERSION,
        "about": "Known answers of the recipe generator (golden/recipe.py, harness/cases/golden-recipe.ts). "
                 "Written by: uv run python golden/recipe.py --write-vectors. Never edit by hand.",
        "fnv1a32": {name: fnv1a32(name) for name in FNV_NAMES},
        "vectors": vectors,
        "digest": {"seed": seed, "stream": stream, "scale": scale, "dtype": dtype, "start": start,
                   "count": count, "sha256": digest(seed, stream, scale, dtype, start, count)},
    }


def self_test(path: Path = VECTORS_PATH) -> None:
    """Raise RecipeError unless this generator reproduces the committed known answers bit for bit."""
    committed = json.loads(path.read_text(encoding="utf-8"))
    fresh = known_answers()
    for key in ("generator", "version", "fnv1a32", "digest"):
        if committed.get(key) != fresh[key]:
            raise RecipeError(f"golden/recipe.py disagrees with {path.name} on {key!r}: "
                              f"committed {committed.get(key)!r}, computed {fresh[key]!r}")
    if len(committed.get("vectors", [])) != len(fresh["vectors"]):
        raise RecipeError(f"{path.name} holds {len(committed.get('vectors', []))} vectors, "
                          f"golden/recipe.py makes {len(fresh['vectors'])}")
    for old, new in zip(committed["vectors"], fresh["vectors"]):
        for field in new:
            if old.get(field) != new[field]:
                raise RecipeError(f"golden/recipe.py disagrees with {path.name}: seed {new['seed']}, stream "
                                  f"{new['stream']!r}, {new['dtype']}: {field} committed {old.get(field)!r}, "
                                  f"computed {new[field]!r}")


def main(argv: list[str]) -> int:
    if argv == ["--write-vectors"]:
        VECTORS_PATH.write_text(json.dumps(known_answers(), indent=2) + "\n", encoding="utf-8")
        print(f"recipe: wrote {VECTORS_PATH}")
        return 0
    if argv:
        print("usage: python golden/recipe.py [--write-vectors]", file=sys.stderr)
        return 2
    self_test()
    print(f"recipe: {GENERATOR} v{VERSION} reproduces {VECTORS_PATH.name}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
