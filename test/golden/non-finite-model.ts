// The clauses gru.num.nan-propagation and gru.num.infinity-saturation as an executable model: from a call's
// parameters and the classes of its input and hx values (finite, zero, NaN, +-inf), it predicts where the
// result is NaN, +Infinity, -Infinity or finite, without computing any finite value. It follows torch's
// kernel: pre-activations W x + b, n = tanh(W_in x + b_in + r * (W_hn h + b_hn)), h' = (h - n) * z + n.
import { type GruKwargs, type GruParameters, resolveKwargs, type Tensor } from '../../oracle/index.js';

/**
 * F finite nonzero, 0 zero, N NaN, + and - the infinities, I an infinity whose sign needs finite values,
 * U unknown: the clauses cannot say without computing finite values.
 */
export type Cls = 'F' | '0' | 'N' | '+' | '-' | 'I' | 'U';
/** A gate value: exactly 0, exactly 1, S (0 or 1, which needs finite values), F (strictly between), N, U. */
type Gate = '0' | '1' | 'S' | 'F' | 'N' | 'U';

const INF = new Set<Cls>(['+', '-', 'I']);

export function classOf(v: number): Cls {
  if (Number.isNaN(v)) return 'N';
  if (v === Number.POSITIVE_INFINITY) return '+';
  if (v === Number.NEGATIVE_INFINITY) return '-';
  return v === 0 ? '0' : 'F';
}

const flip = (c: Cls): Cls => (c === '+' ? '-' : c === '-' ? '+' : c);

/** w * x: 0 * inf is NaN; an infinite weight times a finite nonzero value is an infinity of unknown sign. */
function mul(w: number, x: Cls): Cls {
  if (x === 'U') return 'U';
  if (Number.isNaN(w) || x === 'N') return 'N';
  if (!Number.isFinite(w)) {
    if (x === '0') return 'N';
    if (x === 'F' || x === 'I') return 'I';
    return w > 0 ? x : flip(x);
  }
  if (w === 0) return INF.has(x) ? 'N' : '0';
  if (INF.has(x)) return x === 'I' ? 'I' : w > 0 ? x : flip(x);
  return x === '0' ? '0' : 'F';
}

/** a + b: inf - inf is NaN; an infinity absorbs finite values. */
function add(a: Cls, b: Cls): Cls {
  if (a === 'U' || b === 'U') return 'U';
  if (a === 'N' || b === 'N') return 'N';
  if (INF.has(a) && INF.has(b)) return a === b && a !== 'I' ? a : a === 'I' || b === 'I' ? 'U' : 'N';
  if (INF.has(a)) return a;
  if (INF.has(b)) return b;
  return a === '0' && b === '0' ? '0' : 'F';
}

/** sigmoid(+inf) = 1, sigmoid(-inf) = 0 exactly; finite values give a gate strictly between. */
function sigmoid(c: Cls): Gate {
  const gates: Record<Cls, Gate> = { N: 'N', U: 'U', '+': '1', '-': '0', I: 'S', F: 'F', '0': 'F' };
  return gates[c];
}

/** tanh(+-inf) = +-1: never infinite. */
function tanh(c: Cls): Cls {
  return c === 'N' || c === 'U' ? c : c === '0' ? '0' : 'F';
}

/** r * (W_hn h + b_hn): 0 * inf is NaN. */
function resetTimes(hn: Cls, r: Gate): Cls {
  if (hn === 'U' || r === 'U') return 'U';
  if (hn === 'N' || r === 'N') return 'N';
  if (INF.has(hn)) return r === '0' ? 'N' : r === 'S' ? 'U' : hn;
  return hn === '0' || r === '0' ? '0' : 'F';
}

/** h' = (h - n) * z + n, with n finite or NaN: an infinite h survives z > 0 and is NaN for z = 0. */
function update(h: Cls, n: Cls, z: Gate): Cls {
  if (h === 'U' || n === 'U' || z === 'U') return 'U';
  if (h === 'N' || n === 'N' || z === 'N') return 'N';
  if (INF.has(h)) return z === '0' ? 'N' : z === 'S' ? 'U' : h;
  return h === '0' && n === '0' ? '0' : 'F';
}

function row(w: Tensor, g: number, x: Cls[], bias: Tensor | undefined): Cls {
  const width = w.shape[1];
  let s: Cls = bias === undefined ? '0' : classOf(bias.data[g]);
  for (let k = 0; k < width; k++) s = add(s, mul(w.data[g * width + k], x[k]));
  return s;
}

/** One step of one direction for one batch row: the classes of h_t from those of x_t and h_(t-1). */
function step(p: GruParameters, suffix: string, x: Cls[], h: Cls[]): Cls[] {
  const H = h.length;
  const [wIh, wHh, bIh, bHh] = ['weight_ih', 'weight_hh', 'bias_ih', 'bias_hh'].map((n) => p[n + suffix]);
  return h.map((hj, j) => {
    const r = sigmoid(add(row(wIh, j, x, bIh), row(wHh, j, h, bHh)));
    const z = sigmoid(add(row(wIh, H + j, x, bIh), row(wHh, H + j, h, bHh)));
    const n = tanh(add(row(wIh, 2 * H + j, x, bIh), resetTimes(row(wHh, 2 * H + j, h, bHh), r)));
    return update(hj, n, z);
  });
}

/** Classes of output [L, N, D*H] (time-major) and h_n [D*layers, N, H] for a batched time-major call. */
export function predictClasses(
  kwargs: GruKwargs,
  p: GruParameters,
  input: Cls[][][],
  hx: Cls[][][] | null,
): { output: Cls[][][]; hN: Cls[][][] } {
  const o = resolveKwargs(kwargs).options;
  const D = o.bidirectional ? 2 : 1;
  const [L, N, H] = [input.length, input[0]?.length ?? 0, o.hidden_size];
  let layerInput = input;
  const hN: Cls[][][] = [];
  for (let layer = 0; layer < o.num_layers; layer++) {
    // out[t][b][d]: the classes of direction d's state after reading x_t (gru.dir.reverse-output-time-aligned)
    const out: Cls[][][][] = Array.from({ length: L }, () => Array.from({ length: N }, () => []));
    for (let d = 0; d < D; d++) {
      const suffix = `_l${layer}${d === 1 ? '_reverse' : ''}`;
      const finals: Cls[][] = [];
      for (let b = 0; b < N; b++) {
        let h: Cls[] = hx ? hx[layer * D + d][b] : Array<Cls>(H).fill('0');
        for (let s = 0; s < L; s++) {
          const t = d === 1 ? L - 1 - s : s;
          h = step(p, suffix, layerInput[t][b], h);
          out[t][b][d] = h;
        }
        finals.push(h);
      }
      hN.push(finals);
    }
    layerInput = out.map((rows) => rows.map((dirs) => dirs.flat()));
  }
  return { output: layerInput, hN };
}
