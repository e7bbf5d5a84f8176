// nn.GRU forward (eval mode) in plain JavaScript: the harness's bundled default implementation, with nn.GRUCell.
// Time-major; each layer's input projections W_ih x + b_ih are computed for all steps before the recurrence.
/** @typedef {'float32' | 'float64' | 'float16' | 'bfloat16'} DType */
/** @typedef {{dtype: DType, shape: number[], data: Float64Array}} Tensor */
/** @typedef {{batchSizes: number[], sortedIndices: number[] | null, unsortedIndices: number[] | null}} Packed */
/** @typedef {{kwargs: Record<string, unknown>, dtype: DType, parameters: Record<string, Tensor>, input: Tensor, hx?: Tensor | null, dropoutMasks?: Tensor[], packed?: Packed, sequenceLengths?: {lengths: number[], enforceSorted: boolean}}} Request */
/** @typedef {Omit<Request, 'dropoutMasks' | 'packed' | 'sequenceLengths'>} CellRequest */

const KNOWN = ['input_size', 'hidden_size', 'num_layers', 'bias', 'batch_first', 'dropout', 'bidirectional'];
const SIGNATURE = new Set([...KNOWN, 'device', 'dtype']);

/** Throws the rejection of an invalid call, tagged with the clause it breaks. */
function reject(clause, message) {
  throw Object.assign(new Error(`${clause}: ${message}`), { clause });
}

const isInt = (v) => typeof v === 'boolean' || Number.isInteger(v); // a Python bool is an int
const truthy = (v) => (v !== null && typeof v === 'object' ? Object.keys(v).length > 0 : Boolean(v));
const inUnit = (v) => typeof v === 'number' && v >= 0 && v <= 1; // NaN is not
const sigmoid = (v) => 1 / (1 + Math.exp(-v)); // exp overflow gives 0, not NaN

/**
 * Rounds to a binary format of p significand bits, smallest normal exponent emin, largest emax: ties to even,
 * beyond the largest finite value an infinity (spec/protocol.md: float16 and bfloat16 travel as exact doubles).
 */
function toFormat(p, emin, emax) {
  return (x) => {
    if (x === 0 || !Number.isFinite(x)) return x;
    const a = Math.abs(x);
    if (a >= (2 - 2 ** -p) * 2 ** emax) return Math.sign(x) * Number.POSITIVE_INFINITY;
    let e = Math.floor(Math.log2(a));
    if (2 ** e > a)
      e--; // Math.log2 can be one off at a power of two
    else if (2 ** (e + 1) <= a) e++;
    const q = 2 ** (Math.max(e, emin) - p + 1); // the spacing of the format at a
    const k = Math.floor(a / q);
    const rest = a / q - k;
    const r = (rest > 0.5 || (rest === 0.5 && k % 2 === 1) ? k + 1 : k) * q;
    return x > 0 ? r : -r;
  };
}
/** dtype -> rounding to it: float32 via Math.fround, float16 (binary16) and bfloat16 by toFormat. */
const ROUND = { float32: Math.fround, float16: toFormat(11, -14, 15), bfloat16: toFormat(8, -126, 127) };

/** Validates the constructor kwargs in PyTorch's order and applies the defaults. */
function options(kwargs) {
  if (Object.hasOwn(kwargs, 'proj_size')) reject('gru.err.proj-size', 'proj_size is only for LSTM');
  const unknown = Object.keys(kwargs).find((k) => !SIGNATURE.has(k));
  if (unknown !== undefined) reject('gru.err.unknown-kwarg', `unexpected keyword argument '${unknown}'`);
  const get = (k, fallback) => (Object.hasOwn(kwargs, k) ? kwargs[k] : fallback);
  const dropout = get('dropout', 0);
  if (!inUnit(dropout)) reject('gru.err.dropout-range', `dropout must be a number in [0, 1], got ${dropout}`);
  const bias = get('bias', true);
  if (typeof bias !== 'boolean') reject('gru.err.bias-type', `bias must be a bool, got ${bias}`);
  const batchFirst = get('batch_first', false);
  if (typeof batchFirst !== 'boolean') reject('gru.err.batch-first-type', 'batch_first must be a bool');
  const size = (name, slug) => {
    const v = kwargs[name];
    if (!isInt(v)) reject(`gru.err.${slug}-type`, `${name} must be an int, got ${v}`);
    if (Number(v) <= 0) reject(`gru.err.${slug}-range`, `${name} must be > 0, got ${Number(v)}`);
    return Number(v);
  };
  const [I, H] = [size('input_size', 'input-size'), size('hidden_size', 'hidden-size')];
  const layers = get('num_layers', 1);
  const numeric = ['number', 'boolean'].includes(typeof layers); // compared before its type is checked
  if (numeric && Number(layers) <= 0) reject('gru.err.num-layers-range', 'num_layers must be > 0');
  if (!isInt(layers)) reject('gru.err.num-layers-type', `num_layers must be an int, got ${layers}`);
  return { I, H, layers: Number(layers), bias, batchFirst, D: truthy(get('bidirectional', false)) ? 2 : 1 };
}

const same = (a, b) => String(a) === String(b); // shapes: arrays of integers

/** Checks the state_dict: exactly the expected names and shapes. */
function checkParameters(o, params) {
  const expected = new Map();
  for (let l = 0; l < o.layers; l++) {
    for (let d = 0; d < o.D; d++) {
      const add = (name, shape) => expected.set(`${name}_l${l}${d === 1 ? '_reverse' : ''}`, shape);
      add('weight_ih', [3 * o.H, l === 0 ? o.I : o.D * o.H]);
      add('weight_hh', [3 * o.H, o.H]);
      for (const name of o.bias ? ['bias_ih', 'bias_hh'] : []) add(name, [3 * o.H]);
    }
  }
  const names = Object.keys(params).sort();
  if (!same(names, [...expected.keys()].sort())) reject('gru.param.names', `got parameters ${names}`);
  for (const [name, shape] of expected) {
    if (!same(params[name].shape, shape)) reject('gru.param.shapes', `${name} must have shape [${shape}]`);
  }
}

/** Validates input and hx in PyTorch's order; returns the sizes L, N and whether input is batched. */
function checkCall(o, dtype, input, hx) {
  const rank = input.shape.length;
  if (rank !== 2 && rank !== 3) reject('gru.err.input-rank', `input must be 2-D or 3-D, got ${rank}-D`);
  if (hx && hx.shape.length !== rank) reject('gru.err.hx-rank', `hx must be ${rank}-D like the input`);
  if (input.dtype !== dtype) reject('gru.err.input-dtype', `input is ${input.dtype}, weights ${dtype}`);
  if (input.shape[rank - 1] !== o.I) reject('gru.err.input-features', `input.size(-1) must be ${o.I}`);
  const batched = rank === 3;
  const L = input.shape[batched && o.batchFirst ? 1 : 0];
  const N = batched ? input.shape[o.batchFirst ? 0 : 1] : 1;
  const hxShape = batched ? [o.D * o.layers, N, o.H] : [o.D * o.layers, o.H];
  if (hx && !same(hx.shape, hxShape)) reject('gru.err.hx-shape', `hx must have shape [${hxShape}]`);
  if (hx && hx.dtype !== input.dtype) reject('gru.err.hx-dtype', `hx is ${hx.dtype}, not ${input.dtype}`);
  if (L === 0) reject('gru.err.seq-len-zero', 'the sequence length must be > 0');
  return { L, N, batched, hxShape };
}

/** [a, b, c] -> [b, a, c] */
function swap01(x, a, b, c) {
  const y = new Float64Array(x.length);
  for (let k = 0; k < a * b; k++) y.set(x.subarray(k * c, k * c + c), ((k % b) * a + ((k / b) | 0)) * c);
  return y;
}

/** y[r, k] = b[k] + sum_i w[k, i] x[r, i] for every row r of x: a batch of affine maps, 4 outputs at a time. */
function affine(w, b, x, rows, inW, outW) {
  const y = new Float64Array(rows * outW);
  for (let r = 0; r < rows; r++) {
    const [xr, yr] = [r * inW, r * outW];
    let k = 0;
    for (; k + 4 <= outW; k += 4) {
      const [w0, w1, w2, w3] = [k * inW, (k + 1) * inW, (k + 2) * inW, (k + 3) * inW];
      let [s0, s1, s2, s3] = [b[k], b[k + 1], b[k + 2], b[k + 3]];
      for (let i = 0; i < inW; i++) {
        const v = x[xr + i];
        s0 += w[w0 + i] * v;
        s1 += w[w1 + i] * v;
        s2 += w[w2 + i] * v;
        s3 += w[w3 + i] * v;
      }
      [y[yr + k], y[yr + k + 1], y[yr + k + 2], y[yr + k + 3]] = [s0, s1, s2, s3];
    }
    for (; k < outW; k++) {
      let s = b[k];
      for (let i = 0; i < inW; i++) s += w[k * inW + i] * x[xr + i];
      y[yr + k] = s;
    }
  }
  return y;
}

/** One step for row n: h[n] from its rows of gi = W_ih x + b_ih and gh = W_hh h + b_hh (r | z | n blocks). */
function update(gi, gx, gh, gy, h, n, H) {
  for (let j = 0; j < H; j++) {
    const r = sigmoid(gi[gx + j] + gh[gy + j]); // reset gate
    const z = sigmoid(gi[gx + H + j] + gh[gy + H + j]); // update gate
    const c = Math.tanh(gi[gx + 2 * H + j] + r * gh[gy + 2 * H + j]); // new gate: r scales W_hn h + b_hn
    h[n * H + j] = (1 - z) * c + z * h[n * H + j];
  }
}

/**
 * Layer l, direction d over xs [L, N, width]: writes its states into out [L, N, D*H] and run.hN. Sequence n has
 * run.lengths[n] steps: past them its state stands still and its output stays 0, so the reverse direction starts
 * at its own last step.
 */
function direction(run, l, d, xs, out) {
  const { o, p, L, N, lengths } = run;
  const H = o.H;
  const s = `_l${l}${d === 1 ? '_reverse' : ''}`;
  const bias = (name) => (o.bias ? p[`${name}${s}`].data : new Float64Array(3 * H));
  const gi = affine(p[`weight_ih${s}`].data, bias('bias_ih'), xs, L * N, l === 0 ? o.I : o.D * H, 3 * H);
  const row = (l * o.D + d) * N * H;
  const h = run.h0.slice(row, row + N * H);
  for (let step = 0; step < L; step++) {
    const t = d === 1 ? L - 1 - step : step; // the reverse direction reads the sequence backwards
    const gh = affine(p[`weight_hh${s}`].data, bias('bias_hh'), h, N, H, 3 * H); // W_hh h + b_hh, rows r|z|n
    for (let n = 0; n < N; n++) {
      if (t >= lengths[n]) continue; // padding: not a step of this sequence
      update(gi, (t * N + n) * 3 * H, gh, n * 3 * H, h, n, H); // this step's rows of gi and gh
      out.set(h.subarray(n * H, (n + 1) * H), (t * N + n) * o.D * H + d * H);
    }
  }
  run.hN.set(h, row);
}

/** The layers over time-major xs [L, N, I]: the output [L, N, D*H] and h_n, sequence n running lengths[n] steps. */
function layers(o, p, xs, L, N, hx, lengths, masks) {
  const size = o.D * o.layers * N * o.H;
  const run = { o, p, L, N, lengths, h0: hx ? hx.data : new Float64Array(size), hN: new Float64Array(size) };
  for (let l = 0; l < o.layers; l++) {
    const out = new Float64Array(L * N * o.D * o.H);
    for (let d = 0; d < o.D; d++) direction(run, l, d, xs, out);
    xs = masks && l < o.layers - 1 ? out.map((v, i) => v * masks[l].data[i]) : out; // training: dropout masks
  }
  return { out: xs, hN: run.hN };
}

const rounder = (dtype) => (x) => (Object.hasOwn(ROUND, dtype) ? x.map(ROUND[dtype]) : x); // computed in float64, rounded

/** @param {Request} request @returns {{output: Tensor, h_n: Tensor}} */
function forward(request) {
  const { kwargs, dtype, parameters: p, input, hx, dropoutMasks: masks } = request;
  const o = options(kwargs);
  checkParameters(o, p);
  if (request.packed || request.sequenceLengths) return variableLength(o, request);
  const { L, N, batched, hxShape } = checkCall(o, dtype, input, hx);
  const W = o.D * o.H;
  const xs = batched && o.batchFirst ? swap01(input.data, N, L, o.I) : input.data;
  const { out, hN } = layers(o, p, xs, L, N, hx, new Array(N).fill(L), masks);
  const round = rounder(dtype);
  const shape = batched ? (o.batchFirst ? [N, L, W] : [L, N, W]) : [L, W];
  const output = { dtype, shape, data: round(batched && o.batchFirst ? swap01(out, L, N, W) : out) };
  return { output, h_n: { dtype, shape: hxShape, data: round(hN) } }; // h_n has hx's shape
}

/**
 * Variable-length sequences (spec/protocol.md): a PackedSequence is unpacked, or a padded input's lengths are
 * checked as pack_padded_sequence checks them; then the padded batch runs with each sequence's own length, and
 * the output goes back to the request's form (packed rows, or padded with zeros past each length).
 */
function variableLength(o, { dtype, parameters: p, input, hx, packed, sequenceLengths }) {
  if (input.dtype !== dtype) reject('gru.err.input-dtype', `input is ${input.dtype}, weights ${dtype}`);
  if (input.shape.at(-1) !== o.I) reject('gru.err.input-features', `input.size(-1) must be ${o.I}`);
  let L, N, lengths, xs, rows;
  if (packed) {
    const sizes = packed.batchSizes;
    [L, N] = [sizes.length, sizes[0]];
    const order = packed.sortedIndices ?? [...Array(N).keys()]; // sorted position j is the caller's order[j]
    lengths = new Array(N).fill(0);
    rows = []; // rows[r] = [t, n]: where packed row r sits in the padded batch
    sizes.forEach((count, t) => {
      for (let j = 0; j < count; j++) rows.push([t, order[j]]);
      for (let j = 0; j < count; j++) lengths[order[j]] = t + 1;
    });
    xs = new Float64Array(L * N * o.I);
    for (const [r, [t, n]] of rows.entries())
      xs.set(input.data.subarray(r * o.I, (r + 1) * o.I), (t * N + n) * o.I);
  } else {
    lengths = sequenceLengths.lengths;
    [L, N] = o.batchFirst ? [input.shape[1], input.shape[0]] : [input.shape[0], input.shape[1]];
    const last = lengths[N - 1];
    if ((sequenceLengths.enforceSorted ? last : Math.min(...lengths)) <= 0)
      reject('gru.packed.err-zero-length', `lengths [${lengths}] hold a length <= 0`);
    if (sequenceLengths.enforceSorted && lengths.some((v, n) => n > 0 && v > lengths[n - 1]))
      reject('gru.packed.err-unsorted', `lengths [${lengths}] are not in decreasing order`);
    xs = o.batchFirst ? swap01(input.data, N, L, o.I) : input.data;
  }
  const hxShape = [o.D * o.layers, N, o.H];
  if (hx && (hx.shape.length !== 3 || hx.shape[1] !== N))
    reject('gru.packed.err-hx-batch', `hx [${hx.shape}] for ${N} sequences`);
  if (hx && !same(hx.shape, hxShape)) reject('gru.err.hx-shape', `hx must have shape [${hxShape}]`);
  if (hx && hx.dtype !== dtype) reject('gru.err.hx-dtype', `hx is ${hx.dtype}, not ${dtype}`);
  const { out, hN } = layers(o, p, xs, L, N, hx, lengths);
  const W = o.D * o.H;
  const round = rounder(dtype);
  const h_n = { dtype, shape: hxShape, data: round(hN) };
  if (packed) {
    const data = new Float64Array(rows.length * W);
    for (const [r, [t, n]] of rows.entries())
      data.set(out.subarray((t * N + n) * W, (t * N + n + 1) * W), r * W);
    return { output: { dtype, shape: [rows.length, W], data: round(data) }, h_n };
  }
  const shape = o.batchFirst ? [N, L, W] : [L, N, W];
  return { output: { dtype, shape, data: round(o.batchFirst ? swap01(out, L, N, W) : out) }, h_n };
}

const CELL_SIGNATURE = new Set(['input_size', 'hidden_size', 'bias', 'device', 'dtype']);

/** Validates a GRUCell call in PyTorch's order (it checks only its kwargs' names); returns I, H, N, batched. */
function checkCell(kwargs, dtype, p, input, hx) {
  const unknown = Object.keys(kwargs).find((k) => !CELL_SIGNATURE.has(k));
  if (unknown !== undefined) reject('gru.cell.err-unknown-kwarg', `unexpected keyword argument '${unknown}'`);
  const [I, H] = [Number(kwargs.input_size), Number(kwargs.hidden_size)];
  const bias = Object.hasOwn(kwargs, 'bias') ? truthy(kwargs.bias) : true; // used by its truth value
  const shapes = {
    weight_ih: [3 * H, I],
    weight_hh: [3 * H, H],
    ...(bias && { bias_ih: [3 * H], bias_hh: [3 * H] }),
  };
  if (!same(Object.keys(p).sort(), Object.keys(shapes).sort()))
    reject('gru.cell.param-names', `got ${Object.keys(p)}`);
  for (const [name, shape] of Object.entries(shapes))
    if (!same(p[name].shape, shape)) reject('gru.cell.param-names', `${name} must have shape [${shape}]`);
  const rank = input.shape.length;
  if (rank !== 1 && rank !== 2) reject('gru.cell.err-input-rank', `input must be 1-D or 2-D, got ${rank}-D`);
  if (hx && hx.shape.length !== 1 && hx.shape.length !== 2)
    reject('gru.cell.err-hx-rank', 'hx must be 1-D or 2-D');
  if (input.shape[rank - 1] !== I) reject('gru.cell.err-input-features', `input width must be ${I}`);
  const N = rank === 2 ? input.shape[0] : 1;
  if (hx && hx.shape.length !== rank)
    reject('gru.cell.err-hx-rank-mismatch', `hx must be ${rank}-D like the input`);
  if (hx && rank === 2 && hx.shape[0] !== N) reject('gru.cell.err-batch-mismatch', `hx batch must be ${N}`);
  if (hx && hx.shape[rank - 1] !== H) reject('gru.cell.err-hidden-size', `hx width must be ${H}`);
  for (const t of [input, hx])
    if (t && t.dtype !== dtype) reject('gru.cell.err-dtype', `${t.dtype}, not ${dtype}`);
  return { I, H, N, bias, batched: rank === 2 };
}

/** nn.GRUCell: one step of the same equations. @param {CellRequest} request @returns {{h: Tensor}} */
function forwardCell({ kwargs, dtype, parameters: p, input, hx }) {
  const { I, H, N, bias, batched } = checkCell(kwargs, dtype, p, input, hx);
  const b = (name) => (bias ? p[name].data : new Float64Array(3 * H));
  const h = hx ? Float64Array.from(hx.data) : new Float64Array(N * H); // hx omitted: zeros
  const gi = affine(p.weight_ih.data, b('bias_ih'), input.data, N, I, 3 * H);
  const gh = affine(p.weight_hh.data, b('bias_hh'), h, N, H, 3 * H);
  for (let n = 0; n < N; n++) update(gi, n * 3 * H, gh, n * 3 * H, h, n, H);
  return { h: { dtype, shape: batched ? [N, H] : [H], data: rounder(dtype)(h) } }; // a batch of one stays [1, H]
}

/** x[k, i] += a * sum over rows of u[r, k] v[r, i] (an outer-product sum, as a weight's gradient gathers). */
function addOuter(x, u, v, rows, outW, inW) {
  for (let r = 0; r < rows; r++) {
    for (let k = 0; k < outW; k++) {
      const a = u[r * outW + k];
      if (a === 0) continue;
      for (let i = 0; i < inW; i++) x[k * inW + i] += a * v[r * inW + i];
    }
  }
}

/** y[r, i] += sum_k w[k, i] g[r, k]: the gradient through W x (W transposed). */
function addTransposed(y, w, g, rows, outW, inW) {
  for (let r = 0; r < rows; r++) {
    for (let k = 0; k < outW; k++) {
      const a = g[r * outW + k];
      if (a === 0) continue;
      for (let i = 0; i < inW; i++) y[r * inW + i] += a * w[k * inW + i];
    }
  }
}

/**
 * One layer and direction over xs [L, N, width], forward then back through time: dOut [L, N, D*H] is dL/d this
 * layer's output, dhLast dL/d its final state. Adds into grads (its parameters) and dxs; returns dL/d its h0.
 */
function directionBackward(run, l, d, xs, dOut, dhLast, dxs) {
  const { o, p, L, N, grads } = run;
  const H = o.H;
  const s = `_l${l}${d === 1 ? '_reverse' : ''}`;
  const width = l === 0 ? o.I : o.D * H;
  const [wih, whh] = [p[`weight_ih${s}`].data, p[`weight_hh${s}`].data];
  const bias = (name) => (o.bias ? p[`${name}${s}`].data : new Float64Array(3 * H));
  const gi = affine(wih, bias('bias_ih'), xs, L * N, width, 3 * H);
  const row = (l * o.D + d) * N * H;
  const hs = [run.h0.slice(row, row + N * H)]; // hs[step]: the state before that step
  const ghs = []; // W_hh h + b_hh at each step
  const order = [...Array(L).keys()].map((step) => (d === 1 ? L - 1 - step : step));
  for (const t of order) {
    const h = hs.at(-1).slice();
    const gh = affine(whh, bias('bias_hh'), h, N, H, 3 * H);
    for (let n = 0; n < N; n++) update(gi, (t * N + n) * 3 * H, gh, n * 3 * H, h, n, H);
    ghs.push(gh);
    hs.push(h);
  }
  const dgi = new Float64Array(L * N * 3 * H); // dL/d (W_ih x + b_ih), by time
  const dW = new Float64Array(3 * H * H);
  const db = new Float64Array(3 * H);
  const dh = Float64Array.from(dhLast);
  for (let step = L - 1; step >= 0; step--) {
    const t = order[step];
    const [hp, gh] = [hs[step], ghs[step]];
    const dgh = new Float64Array(N * 3 * H);
    for (let n = 0; n < N; n++) {
      for (let j = 0; j < H; j++) {
        const [x, y] = [(t * N + n) * 3 * H + j, n * 3 * H + j];
        const g = dh[n * H + j] + dOut[(t * N + n) * o.D * H + d * H + j];
        const r = sigmoid(gi[x] + gh[y]);
        const z = sigmoid(gi[x + H] + gh[y + H]);
        const c = Math.tanh(gi[x + 2 * H] + r * gh[y + 2 * H]);
        const dn = g * (1 - z) * (1 - c * c); // through h = (1 - z) c + z h_prev, c = tanh(a)
        const dz = g * (hp[n * H + j] - c) * z * (1 - z);
        const dr = dn * gh[y + 2 * H] * r * (1 - r); // r scales W_hn h + b_hn
        [dgi[x], dgi[x + H], dgi[x + 2 * H]] = [dr, dz, dn];
        [dgh[y], dgh[y + H], dgh[y + 2 * H]] = [dr, dz, dn * r];
        dh[n * H + j] = g * z; // the direct path to h_prev
      }
    }
    addOuter(dW, dgh, hp, N, 3 * H, H);
    for (let k = 0; k < N * 3 * H; k++) db[k % (3 * H)] += dgh[k];
    addTransposed(dh, whh, dgh, N, 3 * H, H);
  }
  const dWih = new Float64Array(3 * H * width);
  addOuter(dWih, dgi, xs, L * N, 3 * H, width);
  addTransposed(dxs, wih, dgi, L * N, 3 * H, width);
  grads[`weight_ih${s}`] = dWih;
  grads[`weight_hh${s}`] = dW;
  if (o.bias) {
    const dbi = new Float64Array(3 * H);
    for (let k = 0; k < L * N * 3 * H; k++) dbi[k % (3 * H)] += dgi[k];
    [grads[`bias_ih${s}`], grads[`bias_hh${s}`]] = [dbi, db];
  }
  return dh;
}

/**
 * Gradients (capability backward): dL/d input, hx and every parameter for the upstream dL/d output and dL/d h_n
 * (absent: zeros), by backpropagation through time, layer by layer from the top; computed in float64.
 * @param {Request & {upstream: {output?: Tensor | null, h_n?: Tensor | null}}} request
 */
function backward(request) {
  const { kwargs, dtype, parameters: p, input, hx, dropoutMasks: masks, upstream } = request;
  const o = options(kwargs);
  checkParameters(o, p);
  if (request.packed || request.sequenceLengths)
    throw new Error('gradients of packed calls are not computed');
  const { L, N, batched, hxShape } = checkCall(o, dtype, input, hx);
  const W = o.D * o.H;
  const outShape = batched ? (o.batchFirst ? [N, L, W] : [L, N, W]) : [L, W];
  for (const [name, shape] of [
    ['output', outShape],
    ['h_n', hxShape],
  ]) {
    const g = upstream?.[name];
    if (g && !same(g.shape, shape))
      reject(
        'gru.grad.err-upstream-shape',
        `upstream ${name} has shape [${g.shape}], ${name} has [${shape}]`,
      );
  }
  const timeMajor = (x, width) => (batched && o.batchFirst ? swap01(x, N, L, width) : x);
  const size = o.D * o.layers * N * o.H;
  const run = { o, p, L, N, grads: {}, h0: hx ? hx.data : new Float64Array(size) };
  const inputs = [timeMajor(input.data, o.I)]; // each layer's input, time-major
  for (let l = 0; l + 1 < o.layers; l++) {
    const out = layers(
      { ...o, layers: 1, I: l === 0 ? o.I : o.D * o.H },
      renameLayer(p, l),
      inputs[l],
      L,
      N,
      sliceLayer(run.h0, l, o, N),
      [...Array(N).fill(L)],
    ).out;
    inputs.push(masks ? out.map((v, i) => v * masks[l].data[i]) : out);
  }
  const dhN = upstream?.h_n ? upstream.h_n.data : new Float64Array(size);
  let dOut = upstream?.output ? timeMajor(upstream.output.data, W) : new Float64Array(L * N * W);
  const dh0 = new Float64Array(size);
  for (let l = o.layers - 1; l >= 0; l--) {
    const dxs = new Float64Array(inputs[l].length);
    for (let d = 0; d < o.D; d++) {
      const row = (l * o.D + d) * N * o.H;
      const dh = directionBackward(run, l, d, inputs[l], dOut, dhN.subarray(row, row + N * o.H), dxs);
      dh0.set(dh, row);
    }
    dOut = l > 0 && masks ? dxs.map((v, i) => v * masks[l - 1].data[i]) : dxs; // a dropped unit passes nothing
  }
  const round = rounder(dtype);
  const tensor = (shape, data) => ({ dtype, shape, data: round(data) });
  const gradients = { input: tensor(input.shape, batched && o.batchFirst ? swap01(dOut, L, N, o.I) : dOut) };
  if (hx) gradients.hx = tensor(hx.shape, dh0);
  for (const name of Object.keys(p)) gradients[name] = tensor(p[name].shape, run.grads[name]);
  return { gradients };
}

/** Layer l's parameters under layer 0's names (to run it alone as a one-layer GRU). */
const renameLayer = (p, l) =>
  Object.fromEntries(
    Object.entries(p)
      .filter(([k]) => /_l(\d+)/.exec(k)[1] === String(l))
      .map(([k, v]) => [k.replace(`_l${l}`, '_l0'), v]),
  );

/** Layer l's rows of h0 (both directions). */
const sliceLayer = (h0, l, o, N) => ({ data: h0.slice(l * o.D * N * o.H, (l + 1) * o.D * N * o.H) });

// training mode from explicit dropout masks, nn.GRUCell, variable-length sequences in both forms, gradients
// (float32 and float64: the grad family judges no other), and every dtype, half precision included
// (spec/protocol.md)
/**
 * @type {{trainMasks: boolean, cell: boolean, packed: boolean, sequenceLengths: boolean, backward: boolean,
 *   dtypes: DType[]}}
 */
const capabilities = {
  trainMasks: true,
  cell: true,
  packed: true,
  sequenceLengths: true,
  backward: true,
  dtypes: ['float32', 'float64', 'float16', 'bfloat16'],
};
export default {
  name: 'gru-conformance example (JavaScript)',
  version: '0.1.0',
  capabilities,
  forward,
  forwardCell,
  backward,
};
