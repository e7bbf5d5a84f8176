// Constructor kwargs: validation in PyTorch's order, then defaults (gru.ctor.*, gru.default.*, gru.err.* at construction).
import { GruSpecError, pyRepr, pyTypeName } from './errors.js';

/** Keyword arguments as a caller passes them to nn.GRU; optional ones may be omitted. */
export type GruKwargs = Record<string, unknown>;

/** The constructor options with every default applied. */
export interface GruOptions {
  input_size: number;
  hidden_size: number;
  num_layers: number;
  bias: boolean;
  batch_first: boolean;
  dropout: number;
  bidirectional: boolean;
}

// gru.ctor.signature: GRU(input_size, hidden_size, num_layers=1, bias=True, batch_first=False,
// dropout=0.0, bidirectional=False, device=None, dtype=None)
export const GRU_DEFAULTS = {
  num_layers: 1, // gru.default.num-layers
  bias: true, // gru.default.bias
  batch_first: false, // gru.default.batch-first
  dropout: 0.0, // gru.default.dropout
  bidirectional: false, // gru.default.bidirectional
} as const;

const SIGNATURE = new Set([
  'input_size',
  'hidden_size',
  'num_layers',
  'bias',
  'batch_first',
  'dropout',
  'bidirectional',
  'device',
  'dtype',
]);

/** Python's isinstance(v, int): a bool is an int too. */
function isPyInt(v: unknown): v is number | boolean {
  return typeof v === 'boolean' || (typeof v === 'number' && Number.isInteger(v));
}

/** Python's truthiness of a JSON-like value (bidirectional is used for its truthiness only). */
function pyTruthy(v: unknown): boolean {
  if (Array.isArray(v)) return v.length > 0;
  if (v !== null && typeof v === 'object') return Object.keys(v).length > 0;
  return Boolean(v);
}

function checkSize(name: string, v: unknown, typeClause: string, rangeClause: string): number {
  if (!isPyInt(v)) {
    throw new GruSpecError(
      typeClause,
      `${name} should be of type int, got: ${pyTypeName(v)} (${pyRepr(v)})`,
      {
        [name]: v,
      },
    );
  }
  const n = Number(v);
  if (n <= 0)
    throw new GruSpecError(rangeClause, `${name} must be greater than zero, got ${n}`, { [name]: v });
  return n;
}

/** The value passed for `name`, or its default when omitted (an explicit null is Python's None, not omission). */
function arg(kwargs: GruKwargs, name: string, fallback: unknown): unknown {
  return Object.hasOwn(kwargs, name) ? kwargs[name] : fallback;
}

/** Validates kwargs exactly where nn.GRU's constructor would reject them, then applies the defaults. */
export function resolveKwargs(kwargs: GruKwargs): { options: GruOptions; warnings: string[] } {
  // gru.err.proj-size: GRU.__init__ rejects proj_size before RNNBase.__init__ sees any other kwarg
  if (Object.hasOwn(kwargs, 'proj_size')) {
    throw new GruSpecError(
      'gru.err.proj-size',
      `proj_size is only supported for LSTM, got proj_size=${pyRepr(kwargs.proj_size)}`,
    );
  }
  // gru.err.unknown-kwarg
  const unknown = Object.keys(kwargs).find((key) => !SIGNATURE.has(key));
  if (unknown !== undefined)
    throw new GruSpecError('gru.err.unknown-kwarg', `unexpected keyword argument '${unknown}'`);
  const dropout = arg(kwargs, 'dropout', GRU_DEFAULTS.dropout);
  // gru.err.dropout-range: a number (not a bool, not NaN) in [0, 1]
  if (typeof dropout !== 'number' || !(dropout >= 0 && dropout <= 1)) {
    throw new GruSpecError(
      'gru.err.dropout-range',
      `dropout must be a number in [0, 1], got ${pyRepr(dropout)}`,
      { dropout },
    );
  }
  const bias = arg(kwargs, 'bias', GRU_DEFAULTS.bias);
  // gru.err.bias-type
  if (typeof bias !== 'boolean') {
    throw new GruSpecError(
      'gru.err.bias-type',
      `bias should be of type bool, got: ${pyTypeName(bias)} (${pyRepr(bias)})`,
      { bias },
    );
  }
  const batchFirst = arg(kwargs, 'batch_first', GRU_DEFAULTS.batch_first);
  // gru.err.batch-first-type
  if (typeof batchFirst !== 'boolean') {
    throw new GruSpecError(
      'gru.err.batch-first-type',
      `batch_first should be of type bool, got: ${pyTypeName(batchFirst)} (${pyRepr(batchFirst)})`,
      { batch_first: batchFirst },
    );
  }
  const inputSize = checkSize(
    'input_size',
    kwargs.input_size,
    'gru.err.input-size-type',
    'gru.err.input-size-range',
  );
  const hiddenSize = checkSize(
    'hidden_size',
    kwargs.hidden_size,
    'gru.err.hidden-size-type',
    'gru.err.hidden-size-range',
  );
  const numLayers = arg(kwargs, 'num_layers', GRU_DEFAULTS.num_layers);
  // gru.err.num-layers-range is checked before the type: PyTorch compares first, then calls range(num_layers)
  if ((typeof numLayers === 'number' || typeof numLayers === 'boolean') && Number(numLayers) <= 0) {
    throw new GruSpecError(
      'gru.err.num-layers-range',
      `num_layers must be greater than zero, got ${numLayers}`,
      {
        num_layers: numLayers,
      },
    );
  }
  // gru.err.num-layers-type
  if (!isPyInt(numLayers)) {
    throw new GruSpecError(
      'gru.err.num-layers-type',
      `num_layers should be of type int, got: ${pyTypeName(numLayers)} (${pyRepr(numLayers)})`,
      { num_layers: numLayers },
    );
  }
  const options: GruOptions = {
    input_size: inputSize,
    hidden_size: hiddenSize,
    num_layers: Number(numLayers),
    bias,
    batch_first: batchFirst,
    dropout,
    bidirectional: pyTruthy(arg(kwargs, 'bidirectional', GRU_DEFAULTS.bidirectional)),
  };
  // gru.warn.dropout-single-layer
  const warnings = dropout > 0 && options.num_layers === 1 ? ['gru.warn.dropout-single-layer'] : [];
  return { options, warnings };
}
