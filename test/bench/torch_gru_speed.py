"""PyTorch's float64 nn.GRU forward on ONE thread, for npm run bench (test/bench/oracle-speed.ts).

Run: uv run --frozen --group torch python test/bench/torch_gru_speed.py SHAPES REPEATS, SHAPES a JSON list such as
'[{"input": 64, "hidden": 128, "steps": 100, "batch": 16, "layers": 2, "bidirectional": true}]'.
Prints JSON: per shape, the best of REPEATS forward times in seconds (after one warm-up call; eval mode,
no autograd, default U(-1/sqrt(H), 1/sqrt(H)) parameters, input uniform in [-1, 1), as the oracle's bench
draws them), and the GFLOP/s of a 1024 x 1024 float64 matrix product on the same thread, the practical
float64 ceiling of the core."""

import json
import sys
import time

import torch


def best_seconds(fn, repeats):
    fn()  # warm-up
    best = float("inf")
    for _ in range(repeats):
        t0 = time.perf_counter()
        fn()
        best = min(best, time.perf_counter() - t0)
    return best


def gru_seconds(shape, repeats):
    gru = torch.nn.GRU(
        shape["input"],
        shape["hidden"],
        num_layers=shape["layers"],
        bidirectional=shape["bidirectional"],
        dtype=torch.float64,
    ).eval()
    x = torch.rand(shape["steps"], shape["batch"], shape["input"], dtype=torch.float64) * 2 - 1
    return best_seconds(lambda: gru(x), repeats)


def gemm_gflops(n=1024):
    a = torch.rand(n, n, dtype=torch.float64)
    b = torch.rand(n, n, dtype=torch.float64)
    return 2 * n**3 / best_seconds(lambda: a @ b, 5) / 1e9


def main():
    torch.set_num_threads(1)
    torch.manual_seed(1)
    shapes = json.loads(sys.argv[1])
    repeats = int(sys.argv[2])
    with torch.no_grad():
        result = {
            "torch": torch.__version__,
            "threads": torch.get_num_threads(),
            "seconds": [gru_seconds(s, repeats) for s in shapes],
            "gemmGflops": gemm_gflops(),
        }
    print(json.dumps(result))


if __name__ == "__main__":
    main()
