"""Generate (or verify) the PyTorch nn.GRU golden files.

    uv run python golden/generate.py            write golden/cases/<id>.json and golden/manifest.json
    uv run python golden/generate.py --verify   regenerate into a temporary folder and compare
"""

from __future__ import annotations

import argparse
import hashlib
import platform
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path
from typing import Any

import torch

from case import RECIPE_VALUES, Case
from cases import all_cases
from cell import all_cell_cases, write_cell_tree
from packed import all_packed_cases, write_packed_tree
from grad import all_grad_cases, write_grad_tree
from checks import GenerationError, check_batch_of_one
from clauses import ClauseList, check_cases, load_clauses, uncited
from dropout_replay import ReplayMismatch
from encode import dumps
from recipe import RecipeError, self_test
from size_cases import flops
from record import record
from verify import MANIFEST, verify_trees

GOLDEN_DIR = Path(__file__).resolve().parent
PAIR = ("pair-batch-of-one-batched", "pair-batch-of-one-unbatched")


def configure_torch() -> None:
    """One CPU thread, deterministic kernels: the same machine gives the same bytes."""
    torch.set_num_threads(1)
    torch.use_deterministic_algorithms(True)


def record_all(cases: list[Case], clauses: ClauseList) -> dict[str, dict[str, Any]]:
    """Golden documents by case id. Train cases whose masks cannot be proven are dropped."""
    documents: dict[str, dict[str, Any]] = {}
    for case in cases:
        try:
            documents[case.id] = record(case, clauses)
        except ReplayMismatch as exc:
            print(f"golden: DROPPED {case.id}: train-mode dropout mask replay failed: {exc}", file=sys.stderr)
    if all(name in documents for name in PAIR):
        check_batch_of_one(documents[PAIR[0]], documents[PAIR[1]])
    return documents


def manifest_entry(case: Case, document: dict[str, Any], data: bytes) -> dict[str, Any]:
    return {
        "id": case.id,
        "file": f"cases/{case.id}.json",
        "sha256": hashlib.sha256(data).hexdigest(),
        "kind": case.kind,
        "dtype": case.dtype,
        "clauses": document["clauses"],
    }


def write_tree(root: Path, cases: list[Case], documents: dict[str, dict[str, Any]]) -> None:
    """Write every case file and the manifest under root; delete stale case files."""
    cases_dir = root / "cases"
    cases_dir.mkdir(parents=True, exist_ok=True)
    entries = []
    for case in sorted((c for c in cases if c.id in documents), key=lambda c: c.id):
        data = dumps(documents[case.id]).encode("utf-8")
        (cases_dir / f"{case.id}.json").write_bytes(data)
        entries.append(manifest_entry(case, documents[case.id], data))
    for path in sorted(cases_dir.glob("*.json")):
        if path.stem not in documents:
            path.unlink()
            print(f"golden: removed stale {path.relative_to(root)}")
    manifest = {
        "format": "gru-conformance/golden-manifest",
        "formatVersion": 1,
        "torch": str(torch.__version__),
        "python": platform.python_version(),
        "cases": entries,
    }
    (root / MANIFEST).write_bytes(dumps(manifest).encode("utf-8"))


def generate(root: Path, cases: list[Case], clauses: ClauseList) -> dict[str, dict[str, Any]]:
    documents = record_all(cases, clauses)
    write_tree(root, cases, documents)
    return documents


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description="Generate or verify the PyTorch nn.GRU golden files.")
    parser.add_argument("--verify", action="store_true",
                        help="regenerate into a temporary folder and compare with the committed files")
    parser.add_argument("--out", type=Path, default=GOLDEN_DIR,
                        help="folder to write into (default: golden/); ignored with --verify")
    return parser.parse_args(argv)


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    try:
        self_test()  # the recipe generator must still give the committed known answers, bit for bit
    except RecipeError as exc:
        print(f"golden: ERROR: {exc}", file=sys.stderr)
        return 1
    configure_torch()
    clauses, cases = load_clauses(), all_cases()
    cited_by_cells = {clause for case in [*all_cell_cases(), *all_packed_cases(), *all_grad_cases()] for clause in case.clauses}
    unknown = sorted(c for c in cited_by_cells if c not in clauses.kinds)
    problems = [f"cell cases: unknown clause {c!r}" for c in unknown] + check_cases(cases, clauses, cited_by_cells)
    for problem in problems:
        print(f"golden: case list: {problem}", file=sys.stderr)
    if problems:
        return 1
    started = time.perf_counter()
    try:
        if args.verify:
            with tempfile.TemporaryDirectory(prefix="golden-verify-") as scratch:
                generate(Path(scratch), cases, clauses)
                write_cell_tree(Path(scratch) / "cell")
                write_packed_tree(Path(scratch) / "packed")
                status = verify_trees(GOLDEN_DIR, Path(scratch))
                print("golden:verify: nn.GRUCell goldens (golden/cell/):")
                status |= verify_trees(GOLDEN_DIR / "cell", Path(scratch) / "cell")
                print("golden:verify: PackedSequence goldens (golden/packed/):")
                status |= verify_trees(GOLDEN_DIR / "packed", Path(scratch) / "packed")
                write_grad_tree(Path(scratch) / "grad")
                print("golden:verify: gradient goldens (golden/grad/):")
                return status | verify_trees(GOLDEN_DIR / "grad", Path(scratch) / "grad")
        documents = generate(args.out, cases, clauses)
        cells = write_cell_tree(args.out / "cell")
        packs = write_packed_tree(args.out / "packed")
        grads = write_grad_tree(args.out / "grad")
    except GenerationError as exc:
        print(f"golden: ERROR: {exc}", file=sys.stderr)
        return 1
    kinds = Counter(case.kind for case in cases if case.id in documents)
    seconds = time.perf_counter() - started
    print(f"golden:generate: {len(documents)} cases ({kinds['forward']} forward, {kinds['error']} error) "
          f"written to {args.out} in {seconds:.1f} s; {cells} nn.GRUCell cases to {args.out / 'cell'}, "
          f"{packs} PackedSequence cases to {args.out / 'packed'}, {grads} gradient cases to {args.out / 'grad'}")
    sized = [case for case in cases if case.id in documents and case.values == RECIPE_VALUES]
    print(f"golden:generate: {len(sized)} recipe cases, {sum(map(flops, sized)) / 1e9:.3f} GFLOP per replay of all")
    missing = [clause for clause in uncited(cases, clauses) if clause not in cited_by_cells]
    if missing:
        print(f"golden: clauses no golden cites: {', '.join(missing)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
