//! nn.GRU's argument checks, in PyTorch's order (candle's GRU has no kwargs, no layers, no hx checks).
//! kwargs are read with Python's meaning: a JSON integer is an `int`, and so is a bool; other numbers are floats.
use crate::protocol::{Rejected, WireTensor};
use serde_json::{Map, Value};
use std::collections::{BTreeMap, HashMap};

const SIGNATURE: &str =
    "input_size hidden_size num_layers bias batch_first dropout bidirectional device dtype";

/// Rejects the call, naming `clause`, unless `ok` holds.
macro_rules! ensure {
    ($ok:expr, $clause:expr, $($message:tt)+) => {
        if !$ok {
            return Err(Rejected::by($clause, format!($($message)+)));
        }
    };
}

/// The constructor's arguments with their defaults applied; `directions` is 2 when bidirectional.
pub struct Options {
    pub input_size: usize,
    pub hidden_size: usize,
    pub layers: usize,
    pub bias: bool,
    pub batch_first: bool,
    pub directions: usize,
}

/// The call's layout: batch size (1 when unbatched), and h_n's shape (never batch-first).
pub struct Call {
    pub batched: bool,
    pub batch: usize,
    pub h_shape: Vec<usize>,
}

/// A kwarg as Python sees it.
enum Py {
    Int(i128),
    Float(f64),
    Other(bool), // anything else, by its truth value
}

fn py(v: &Value) -> Py {
    match v {
        Value::Bool(b) => Py::Int(*b as i128),
        Value::Number(n) => n.as_i128().map_or_else(|| Py::Float(n.as_f64().unwrap_or(f64::NAN)), Py::Int),
        Value::Object(o) if o.len() == 1 && o.contains_key("$float") => {
            Py::Float(match o["$float"].as_str() {
                Some("Infinity") => f64::INFINITY,
                Some("-Infinity") => f64::NEG_INFINITY,
                _ => f64::NAN,
            })
        }
        Value::Null => Py::Other(false),
        Value::String(s) => Py::Other(!s.is_empty()),
        Value::Array(a) => Py::Other(!a.is_empty()),
        Value::Object(o) => Py::Other(!o.is_empty()),
    }
}

fn size(kw: &Map<String, Value>, name: &str, clauses: [&'static str; 2]) -> Result<usize, Rejected> {
    let v = kw.get(name).unwrap_or(&Value::Null);
    let Py::Int(n) = py(v) else {
        return Err(Rejected::by(clauses[0], format!("{name} should be an int, got {v}")));
    };
    ensure!(n > 0, clauses[1], "{name} must be greater than zero, got {n}");
    Ok(n as usize)
}

fn flag(kw: &Map<String, Value>, name: &str, default: bool, clause: &'static str) -> Result<bool, Rejected> {
    match kw.get(name) {
        None => Ok(default),
        Some(Value::Bool(b)) => Ok(*b),
        Some(v) => Err(Rejected::by(clause, format!("{name} should be a bool, got {v}"))),
    }
}

/// The constructor's checks, as `torch.nn.GRU(**kwargs)` makes them.
pub fn options(kw: &Map<String, Value>) -> Result<Options, Rejected> {
    ensure!(!kw.contains_key("proj_size"), "gru.err.proj-size", "proj_size is only supported for LSTM");
    let unknown: Vec<&String> = kw.keys().filter(|k| !SIGNATURE.split(' ').any(|s| s == *k)).collect();
    ensure!(unknown.is_empty(), "gru.err.unknown-kwarg", "unexpected keyword arguments {unknown:?}");
    let dropout = match kw.get("dropout") {
        None => 0.0,
        Some(Value::Bool(_)) => f64::NAN, // a bool is an int in Python, but PyTorch refuses it as a dropout
        Some(v) => match py(v) {
            Py::Int(n) => n as f64,
            Py::Float(f) => f,
            Py::Other(_) => f64::NAN,
        },
    };
    ensure!((0.0..=1.0).contains(&dropout), "gru.err.dropout-range", "dropout: {}", kw["dropout"]);
    let bias = flag(kw, "bias", true, "gru.err.bias-type")?;
    let batch_first = flag(kw, "batch_first", false, "gru.err.batch-first-type")?;
    let input_size = size(kw, "input_size", ["gru.err.input-size-type", "gru.err.input-size-range"])?;
    let hidden_size = size(kw, "hidden_size", ["gru.err.hidden-size-type", "gru.err.hidden-size-range"])?;
    let layers = kw.get("num_layers").map_or(Py::Int(1), py);
    // PyTorch compares num_layers with 0 before it checks the type
    let positive = match layers {
        Py::Int(n) => n > 0,
        Py::Float(f) => f.is_nan() || f > 0.0,
        Py::Other(_) => true,
    };
    ensure!(positive, "gru.err.num-layers-range", "num_layers must be > 0, got {}", kw["num_layers"]);
    let Py::Int(layers) = layers else {
        return Err(Rejected::by("gru.err.num-layers-type", format!("num_layers: {}", kw["num_layers"])));
    };
    let directions = match kw.get("bidirectional").map_or(Py::Int(0), py) {
        Py::Int(0) | Py::Float(0.0) | Py::Other(false) => 1,
        _ => 2, // any truthy value, as in `if bidirectional`
    };
    Ok(Options { input_size, hidden_size, layers: layers as usize, bias, batch_first, directions })
}

/// The state_dict key of a parameter of layer `k`, direction `d`.
pub fn param_name(name: &str, k: usize, d: usize) -> String {
    format!("{name}_l{k}{}", if d == 1 { "_reverse" } else { "" })
}

/// nn.GRUCell's arguments: it checks only their names, and uses bias by its truth value.
pub struct CellOptions {
    pub input_size: usize,
    pub hidden_size: usize,
    pub bias: bool,
}

/// A cell call's layout: batched (2-D input) or not, and the batch size (1 when unbatched).
pub struct CellCall {
    pub batched: bool,
    pub batch: usize,
}

const CELL_SIGNATURE: &str = "input_size hidden_size bias device dtype";

/// `torch.nn.GRUCell(**kwargs)`: an unknown kwarg is its one check (gru.cell.lenient-kwargs).
pub fn cell_options(kw: &Map<String, Value>) -> Result<CellOptions, Rejected> {
    let unknown: Vec<&String> = kw.keys().filter(|k| !CELL_SIGNATURE.split(' ').any(|s| s == *k)).collect();
    ensure!(unknown.is_empty(), "gru.cell.err-unknown-kwarg", "unexpected keyword arguments {unknown:?}");
    let count = |name: &str| match kw.get(name).map(py) {
        Some(Py::Int(n)) if n >= 0 => Ok(n as usize),
        _ => Err(Rejected::from(format!("{name} must be a non-negative int, got {:?}", kw.get(name)))),
    };
    let bias = match kw.get("bias").map(py) {
        None => true,
        Some(Py::Int(n)) => n != 0,
        Some(Py::Float(f)) => f != 0.0,
        Some(Py::Other(truth)) => truth,
    };
    Ok(CellOptions { input_size: count("input_size")?, hidden_size: count("hidden_size")?, bias })
}

/// The cell's `load_state_dict(strict=True)`: weight_ih, weight_hh and, with bias, bias_ih and bias_hh.
pub fn check_cell_parameters(o: &CellOptions, params: &HashMap<String, WireTensor>) -> Result<(), Rejected> {
    let h3 = 3 * o.hidden_size;
    let mut expected =
        BTreeMap::from([("weight_ih", vec![h3, o.input_size]), ("weight_hh", vec![h3, o.hidden_size])]);
    if o.bias {
        expected.extend([("bias_ih", vec![h3]), ("bias_hh", vec![h3])]);
    }
    let same_names = params.len() == expected.len() && expected.keys().all(|n| params.contains_key(*n));
    ensure!(same_names, "gru.cell.param-names", "expected parameters {:?}", expected.keys());
    for (name, shape) in &expected {
        let got = &params[*name].shape;
        ensure!(got == shape, "gru.cell.param-names", "{name} must have shape {shape:?}, got {got:?}");
    }
    Ok(())
}

/// GRUCell.forward's checks, then ATen gru_cell's, then the dtypes its matrix products need.
pub fn check_cell_call(
    o: &CellOptions,
    dtype: &str,
    x: &WireTensor,
    hx: Option<&WireTensor>,
) -> Result<CellCall, Rejected> {
    let (rank, shape) = (x.shape.len(), &x.shape);
    ensure!(rank == 1 || rank == 2, "gru.cell.err-input-rank", "input must be 1-D or 2-D, got {shape:?}");
    let hx_rank = hx.map(|h| h.shape.len());
    ensure!(hx_rank.is_none_or(|r| r == 1 || r == 2), "gru.cell.err-hx-rank", "hx must be 1-D or 2-D");
    ensure!(
        shape[rank - 1] == o.input_size,
        "gru.cell.err-input-features",
        "input width must be {}",
        o.input_size
    );
    let batch = if rank == 2 { shape[0] } else { 1 };
    ensure!(
        hx_rank.is_none_or(|r| r == rank),
        "gru.cell.err-hx-rank-mismatch",
        "hx must be {rank}-D like the input"
    );
    ensure!(
        hx.is_none_or(|h| rank == 1 || h.shape[0] == batch),
        "gru.cell.err-batch-mismatch",
        "hx batch must be {batch}"
    );
    ensure!(
        hx.is_none_or(|h| h.shape[rank - 1] == o.hidden_size),
        "gru.cell.err-hidden-size",
        "hx width must be {}",
        o.hidden_size
    );
    let same_dtype = x.dtype == dtype && hx.is_none_or(|h| h.dtype == dtype);
    ensure!(same_dtype, "gru.cell.err-dtype", "input and hx must be {dtype} like the parameters");
    Ok(CellCall { batched: rank == 2, batch })
}

/// `load_state_dict(strict=True)`: exactly the expected names, each with its shape.
pub fn check_parameters(o: &Options, params: &HashMap<String, WireTensor>) -> Result<(), Rejected> {
    let (h3, mut expected) = (3 * o.hidden_size, BTreeMap::new());
    for k in 0..o.layers {
        for d in 0..o.directions {
            let width = if k == 0 { o.input_size } else { o.directions * o.hidden_size };
            expected.insert(param_name("weight_ih", k, d), vec![h3, width]);
            expected.insert(param_name("weight_hh", k, d), vec![h3, o.hidden_size]);
            for b in ["bias_ih", "bias_hh"].iter().filter(|_| o.bias) {
                expected.insert(param_name(b, k, d), vec![h3]);
            }
        }
    }
    let same_names = params.len() == expected.len() && expected.keys().all(|n| params.contains_key(n));
    ensure!(same_names, "gru.param.names", "expected parameters {:?}", expected.keys());
    for (name, shape) in &expected {
        let got = &params[name].shape;
        ensure!(got == shape, "gru.param.shapes", "{name} must have shape {shape:?}, got {got:?}");
    }
    Ok(())
}

/// The forward checks on input and hx, in PyTorch's order.
pub fn check_call(
    o: &Options,
    dtype: &str,
    x: &WireTensor,
    hx: Option<&WireTensor>,
) -> Result<Call, Rejected> {
    let (rank, shape) = (x.shape.len(), &x.shape);
    ensure!(rank == 2 || rank == 3, "gru.err.input-rank", "input must be 2-D or 3-D, got {shape:?}");
    ensure!(
        hx.is_none_or(|h| h.shape.len() == rank),
        "gru.err.hx-rank",
        "for {rank}-D input hx must be {rank}-D"
    );
    ensure!(x.dtype == dtype, "gru.err.input-dtype", "input is {}, the parameters {dtype}", x.dtype);
    ensure!(
        shape[rank - 1] == o.input_size,
        "gru.err.input-features",
        "input.size(-1) must be {}",
        o.input_size
    );
    let batched = rank == 3;
    let batch_first = batched && o.batch_first; // batch_first is ignored for unbatched input
    let steps = shape[if batch_first { 1 } else { 0 }];
    let batch = if batched { shape[if batch_first { 0 } else { 1 }] } else { 1 };
    let rows = o.directions * o.layers;
    let h_shape = if batched { vec![rows, batch, o.hidden_size] } else { vec![rows, o.hidden_size] };
    ensure!(hx.is_none_or(|h| h.shape == h_shape), "gru.err.hx-shape", "hx must have shape {h_shape:?}");
    ensure!(
        hx.is_none_or(|h| h.dtype == x.dtype),
        "gru.err.hx-dtype",
        "hx is not {} like the input",
        x.dtype
    );
    ensure!(steps > 0, "gru.err.seq-len-zero", "the sequence length must be > 0, got input shape {shape:?}");
    Ok(Call { batched, batch, h_shape })
}
