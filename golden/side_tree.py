"""Writing a folder of goldens beside the nn.GRU ones (golden/cell/, golden/packed/): one file a case, and a
manifest with each file's sha256, in the same discipline as golden/manifest.json."""

from __future__ import annotations

import hashlib
import platform
from pathlib import Path
from typing import Any, Callable

import numpy
import torch

from encode import dumps


def provenance(module: str, seed: int) -> dict[str, Any]:
    return {"generator": f"golden/generate.py (golden/{module})", "torch": str(torch.__version__),
            "python": platform.python_version(), "numpy": numpy.__version__, "seed": seed, "device": "cpu"}


def write_side_tree(root: Path, cases: list[Any], record: Callable[[Any], dict[str, Any]], manifest_format: str) -> int:
    """Write root/cases/<id>.json for each case and root/manifest.json; delete stale files; return the count."""
    cases_dir = root / "cases"
    cases_dir.mkdir(parents=True, exist_ok=True)
    entries, ids = [], set()
    for case in sorted(cases, key=lambda c: c.id):
        data = dumps(record(case)).encode("utf-8")
        (cases_dir / f"{case.id}.json").write_bytes(data)
        ids.add(case.id)
        entries.append({"id": case.id, "file": f"cases/{case.id}.json", "sha256": hashlib.sha256(data).hexdigest(),
                        "kind": case.kind, "dtype": case.dtype, "clauses": case.clauses})
    for path in sorted(cases_dir.glob("*.json")):
        if path.stem not in ids:
            path.unlink()
    manifest = {"format": manifest_format, "formatVersion": 1, "torch": str(torch.__version__),
                "python": platform.python_version(), "cases": entries}
    (root / "manifest.json").write_bytes(dumps(manifest).encode("utf-8"))
    return len(entries)
