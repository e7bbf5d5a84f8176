"""Comparing committed golden files with freshly regenerated ones.

Bytes first. When bytes differ, both files are parsed and compared structurally: strings, keys,
shapes and dtypes must be equal, numbers may differ by a relative 1e-15 (BLAS and libm differences
across machines). The manifest's sha256 fields are skipped in that comparison (they differ whenever
the bytes do), but each committed sha256 must match the committed file it names.
"""

from __future__ import annotations

import hashlib
import json
import math
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from encode import decode_number, unpack

RELATIVE_TOLERANCE = 1e-15
SHOWN_PER_FILE = 10
MANIFEST = "manifest.json"


@dataclass(frozen=True)
class Difference:
    path: str
    committed: Any
    regenerated: Any


TENSOR_FORMS = ("data", "recipe", "base64")


def tensor_form(value: Any) -> str | None:
    """Which of the three tensor forms a JSON value is ("data", "recipe", "base64"), or None."""
    if not isinstance(value, dict):
        return None
    return next((form for form in TENSOR_FORMS if set(value) == {"dtype", "shape", form}), None)


def is_tensor(value: Any) -> bool:
    return tensor_form(value) is not None


def flat_values(value: dict[str, Any]) -> list[Any]:
    """A data or base64 tensor's values (a base64 tensor is compared by value, not by its text)."""
    return unpack(value) if tensor_form(value) == "base64" else value["data"]


def is_number(value: Any) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool)


def close(a: Any, b: Any) -> bool:
    """Equal values, or finite numbers within the relative tolerance (NaN matches only NaN)."""
    a, b = decode_number(a), decode_number(b)
    if not (is_number(a) and is_number(b)):
        return type(a) is type(b) and a == b
    if math.isnan(a) or math.isnan(b):
        return math.isnan(a) and math.isnan(b)
    if math.isinf(a) or math.isinf(b):
        return a == b
    return a == b or abs(a - b) <= RELATIVE_TOLERANCE * max(abs(a), abs(b))


def compare(a: Any, b: Any, path: str, out: list[Difference], skip: frozenset[str] = frozenset()) -> None:
    """Append every difference between committed a and regenerated b beyond the tolerance.

    Keys named in skip are not compared at any depth.
    """
    if is_tensor(a) and is_tensor(b):
        for key in ("dtype", "shape"):
            if a[key] != b[key]:
                out.append(Difference(f"{path}.{key}", a[key], b[key]))
        if "recipe" in a or "recipe" in b:
            compare(a.get("recipe"), b.get("recipe"), f"{path}.recipe", out, skip)
        else:
            compare_flat(flat_values(a), flat_values(b), path, out)
    elif isinstance(a, dict) and isinstance(b, dict):
        if list(a) != list(b):
            out.append(Difference(f"{path} keys", list(a), list(b)))
        for key in [key for key in a if key in b and key not in skip]:
            compare(a[key], b[key], f"{path}.{key}" if path else key, out, skip)
    elif isinstance(a, list) and isinstance(b, list):
        if len(a) != len(b):
            out.append(Difference(f"{path} length", len(a), len(b)))
        for index, (x, y) in enumerate(zip(a, b)):
            compare(x, y, f"{path}[{index}]", out, skip)
    elif not close(a, b):
        out.append(Difference(path, a, b))


def compare_flat(a: list[Any], b: list[Any], path: str, out: list[Difference]) -> None:
    if len(a) != len(b):
        out.append(Difference(f"{path} length", len(a), len(b)))
    out.extend(Difference(f"{path}[{i}]", x, y) for i, (x, y) in enumerate(zip(a, b)) if not close(x, y))


def golden_files(root: Path) -> set[str]:
    files = {f"cases/{path.name}" for path in (root / "cases").glob("*.json")}
    return files | ({MANIFEST} if (root / MANIFEST).exists() else set())


def integrity(root: Path) -> list[str]:
    """Committed manifest entries whose sha256 does not match the committed file."""
    manifest = json.loads((root / MANIFEST).read_text(encoding="utf-8"))
    problems = []
    for entry in manifest["cases"]:
        path = root / entry["file"]
        if path.exists() and hashlib.sha256(path.read_bytes()).hexdigest() != entry["sha256"]:
            problems.append(f"{entry['file']}: manifest sha256 does not match the committed file")
    return problems


def report(name: str, differences: list[Difference]) -> None:
    print(f"MISMATCH {name}: {len(differences)} value(s) differ beyond {RELATIVE_TOLERANCE:g}")
    for diff in differences[:SHOWN_PER_FILE]:
        print(f"  {diff.path}: committed {diff.committed!r} vs regenerated {diff.regenerated!r}")
    if len(differences) > SHOWN_PER_FILE:
        print(f"  ... and {len(differences) - SHOWN_PER_FILE} more in {name}")


def verify_trees(committed: Path, fresh: Path) -> int:
    """Print the comparison of committed against fresh; return the exit status (0 = pass)."""
    have, want = golden_files(committed), golden_files(fresh)
    missing, extra = sorted(want - have), sorted(have - want)
    for name in missing:
        print(f"MISSING {name}: the generator makes it but it is not committed")
    for name in extra:
        print(f"EXTRA {name}: committed but no longer generated")
    identical = within = failed = 0
    for name in sorted(have & want):
        old, new = (committed / name).read_bytes(), (fresh / name).read_bytes()
        is_case = name != MANIFEST
        if old == new:
            identical += is_case
            continue
        differences: list[Difference] = []
        skip = frozenset() if is_case else frozenset({"sha256"})
        compare(json.loads(old), json.loads(new), "", differences, skip)
        if differences:
            failed += 1
            report(name, differences)
        else:
            within += is_case
    problems = integrity(committed) if MANIFEST in have else []
    for problem in problems:
        print(f"INTEGRITY {problem}")
    if failed or missing or extra or problems:
        print(f"golden:verify: FAILED: {failed} file(s) differ, {len(missing)} missing, {len(extra)} extra, "
              f"{len(problems)} sha256 mismatch(es); {identical} cases identical ({within} within 1e-15)")
        return 1
    print(f"golden:verify: {identical + within} cases identical ({within} within 1e-15)")
    return 0
