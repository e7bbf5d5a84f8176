// The implementations the conformance matrix covers, how to start each, and what is known about each.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { type Implementation, spawnImplementation } from '../../harness/index.js';
import { PACKAGE_ROOT } from '../../harness/paths.js';

export interface MatrixEntry {
  label: string;
  /** An in-process module (path from the repository root) or a subprocess command run there. */
  module?: string;
  command?: string;
  /** The file the entry needs; its absence makes the row 'not run'. */
  needs: string;
  /** Its known discrepancy from nn.GRU in one Markdown sentence, if any. */
  discrepancy?: string;
  /** What the adapter does and why, as Markdown sentences. */
  notes: string[];
  /** Check-id prefixes left out of its run (`--skip`), said in its notes: for negative controls whose verdict is decided. */
  skip?: string;
}

export const ENTRIES: MatrixEntry[] = [
  {
    label: 'bundled JavaScript example',
    module: 'examples/js/gru.js',
    needs: 'examples/js/gru.js',
    notes: ['The default implementation of `gru-conformance check`.'],
  },
  {
    label: 'Python/numpy example',
    command: 'uv run --frozen python examples/python/gru_numpy.py',
    needs: 'examples/python/gru_numpy.py',
    notes: ['Through the subprocess protocol (spec/protocol.md).'],
  },
  {
    label: 'PyTorch',
    command: 'uv run --frozen --group torch python adapters/torch/gru_torch.py',
    needs: 'adapters/torch/gru_torch.py',
    notes: [
      '`torch.nn.GRU` itself, live, through the subprocess protocol: the behaviour the suite specifies.',
    ],
  },
  {
    label: 'ONNX Runtime',
    module: 'adapters/onnxruntime/gru-ort.js',
    needs: 'adapters/node_modules/onnxruntime-node',
    discrepancy:
      'computes nn.GRU (float32 and float16) on finite values, with two discrepancies: a batch of size 0 aborts the process (`gru.shape.batch-zero`), and NaN does not propagate (a NaN input gives a finite result) while some infinities stay infinite where nn.GRU gives NaN (`gru.num.nan-propagation`, `gru.num.infinity-saturation`); no float64 or bfloat16.',
    notes: [
      "ORT's CPU GRU kernel has no float64 (`GRU operator does not support double yet`) and ONNX's GRU takes no bfloat16: the adapter declares float32 and float16.",
      'A float16 GRU node runs the float32 kernel between casts: every float16 result is the float32 result rounded once, the state kept in float32 through the sequence (`adapters/onnxruntime/float16-kernel-match.js`: 260 of 260 values). More precise than PyTorch, which rounds every step (`gru.dtype.half-arithmetic`).',
      'NaN is not propagated: a NaN input to a GRU of input and hidden size 1, one step, gives a finite output where nn.GRU gives NaN (test/adapters/onnxruntime.test.ts holds this minimal case); an infinity in hx or the weights can survive as an infinity where nn.GRU gives NaN. Found by the non-finite checks (`numeric.nan`, `numeric.infinity`) and the special goldens.',
      'A batch of size 0 aborts the whole process (`terminate called without an active exception`). Minimal counterexample: one GRU node, X float32 [1, 0, 1] (T=1, N=0, I=1), hidden_size 1, no B, no initial_h; `node adapters/onnxruntime/probe-batch-zero.js` shows it. The adapter refuses such calls rather than send them, so the suite reports `gru.shape.batch-zero`.',
      '`layout=1` (batch-first) is refused by the CPU kernel: the adapter transposes `batch_first` data itself and always uses layout 0.',
      'Sessions run with one intra-op thread: each session otherwise starts its own thread pool, which made the profile take 51 s instead of 3 s, with the same results.',
    ],
  },
  {
    label: 'ONNX Runtime Web (wasm)',
    module: 'adapters/onnxruntime-web/gru-ort-web.js',
    needs: 'adapters/node_modules/onnxruntime-web',
    discrepancy:
      'as ONNX Runtime: computes nn.GRU (float32 and float16, the latter in float32 between casts) on finite values; a batch of size 0 throws `Aborted()` (`gru.shape.batch-zero`), and NaN and infinities differ as in the ONNX Runtime row (`gru.num.nan-propagation`, `gru.num.infinity-saturation`); no float64 or bfloat16.',
    notes: [
      'onnxruntime-web in Node (`ort.env.wasm.numThreads = 1`, execution provider `wasm`) running the same model, feeds and layouts as the ONNX Runtime row: the same CPU GRU kernel compiled to WebAssembly, with the same refusals of float64 and of `layout=1`.',
      'A batch of size 0 does not end the process here: the wasm module aborts (`RuntimeError: Aborted()`, with `Aborted()` on stderr) and the same session keeps answering, so the adapter sends such calls and reports the abort. Minimal counterexample as above; `node adapters/onnxruntime-web/probe-batch-zero.js` shows it.',
    ],
  },
  {
    label: 'candle',
    command: 'adapters/candle/target/release/gru-candle',
    needs: 'adapters/candle/target/release/gru-candle',
    discrepancy:
      'computes nn.GRU and nn.GRUCell (float32 and float64) but for one case: a GRUCell of hidden_size 0 panics inside candle where nn.GRUCell returns an empty state (`gru.cell.lenient-kwargs`).',
    notes: [
      "`candle_nn::rnn::gru` (Rust, CPU) through the subprocess protocol; build with `cargo build --release --manifest-path adapters/candle/Cargo.toml`. candle's GRU is one layer, one direction, batch-first `[B, T, F]`, and loads only the names `weight_ih_l0` ... `bias_hh_l0`: the adapter renames each layer and direction's parameters to those, runs `RNN::seq_init`, and composes layers, the time-flipped reverse direction, `batch_first`, unbatched input and omitted `hx` itself, with nn.GRU's argument checks. float64 requests run on f64 tensors, float32 ones on f32.",
      "candle's `step` is PyTorch's reset-after GRU exactly (r|z|n blocks, `b_hn` inside the reset product); `bias=False` maps to `GRUConfig::default_no_bias()`; a batch of size 0 works.",
      'One discrepancy: a GRUCell of hidden_size 0, which nn.GRUCell takes (an empty (N, 0) state), panics inside candle (`index out of bounds: the len is 0 but the index is 0`); input_size 0 works. The adapter passes the panic on as a rejection, so the suite reports `gru.cell.lenient-kwargs` (`cell.numeric.size-zero`).',
    ],
  },
  {
    label: 'tfjs, default activation',
    module: 'adapters/tfjs/gru-tfjs.js',
    needs: 'adapters/node_modules/@tensorflow/tfjs',
    discrepancy:
      'negative control: computes the reset-before-matmul GRU (no `resetAfter`) with hard-sigmoid gates by default, as the diagnosis says.',
    skip: 'numeric.sizes',
    notes: [
      'Run without the size family (1630 calls, most of an hour on tfjs): as a negative control its verdict is decided by its cell equations.',
      'Negative control. `tf.layers.gru` implements only the reset-before GRU (`resetAfter: true` throws) with one fused bias, so PyTorch weights cannot be ported exactly; its default `recurrentActivation` is `hardSigmoid`. The CPU backend computes float32 only.',
    ],
  },
  {
    label: "tfjs, recurrentActivation 'sigmoid'",
    module: 'adapters/tfjs/gru-tfjs-sigmoid.js',
    needs: 'adapters/node_modules/@tensorflow/tfjs',
    discrepancy: 'negative control: the reset-before-matmul GRU, even with logistic-sigmoid gates.',
    skip: 'numeric.sizes',
    notes: [
      'Run without the size family (1630 calls, most of an hour on tfjs): as a negative control its verdict is decided by its cell equations.',
      'Negative control: as above with the logistic sigmoid, so that only the reset-before variant remains.',
    ],
  },
];

/** Starts the entry's implementation; throws with the reason when it cannot. */
export async function openEntry(entry: MatrixEntry): Promise<Implementation> {
  if (!existsSync(join(PACKAGE_ROOT, entry.needs))) {
    throw new Error(
      `${entry.needs} is missing${entry.needs.includes('node_modules') ? ' (run `npm ci --prefix adapters`)' : ''}`,
    );
  }
  if (entry.command !== undefined)
    return spawnImplementation(entry.command, { cwd: PACKAGE_ROOT, timeoutMs: 60_000 });
  const mod = (await import(pathToFileURL(join(PACKAGE_ROOT, entry.module!)).href)) as {
    default: Implementation;
  };
  return mod.default;
}
