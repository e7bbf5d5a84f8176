//! The wire format of spec/protocol.md: requests read from JSON values, tensors written exactly.
use serde_json::{json, Map, Value};
use std::collections::HashMap;

pub const PROTOCOL: &str = "gru-conformance/1";

/// A rejected call: the message, and the clause of spec/clauses.json it breaks when known.
#[derive(Debug)]
pub struct Rejected {
    pub message: String,
    pub clause: Option<&'static str>,
}

impl Rejected {
    /// A call nn.GRU rejects, tagged with its clause; the message starts with the clause id.
    pub fn by(clause: &'static str, message: String) -> Self {
        let message = format!("{clause}: {message}");
        Rejected { message, clause: Some(clause) }
    }
}

impl From<String> for Rejected {
    fn from(message: String) -> Self {
        Rejected { message, clause: None }
    }
}

impl From<candle_core::Error> for Rejected {
    fn from(e: candle_core::Error) -> Self {
        Rejected::from(format!("candle: {e}"))
    }
}

/// A tensor as the protocol carries it: row-major values, float32 ones as the doubles they equal.
#[derive(Debug, Clone)]
pub struct WireTensor {
    pub dtype: String,
    pub shape: Vec<usize>,
    pub data: Vec<f64>,
}

/// One `forward` request.
pub struct Forward {
    pub kwargs: Map<String, Value>,
    pub dtype: String,
    pub parameters: HashMap<String, WireTensor>,
    pub input: WireTensor,
    pub hx: Option<WireTensor>,
}

fn number(v: &Value) -> Option<f64> {
    match v.as_str() {
        Some("NaN") => Some(f64::NAN),
        Some("Infinity") => Some(f64::INFINITY),
        Some("-Infinity") => Some(f64::NEG_INFINITY),
        _ => v.as_f64(),
    }
}

fn tensor(v: &Value, field: &str) -> Result<WireTensor, String> {
    let bad = |what: &str| format!("{field}: {what}");
    let dtype = match v["dtype"].as_str() {
        Some(d @ ("float32" | "float64")) => d.to_string(),
        _ => return Err(bad("dtype must be \"float32\" or \"float64\"")),
    };
    let dims = v["shape"].as_array().ok_or_else(|| bad("shape must be an array"))?;
    let shape: Option<Vec<usize>> = dims.iter().map(|d| d.as_u64().map(|d| d as usize)).collect();
    let shape = shape.ok_or_else(|| bad("shape must hold non-negative integers"))?;
    let values = v["data"].as_array().ok_or_else(|| bad("data must be an array"))?;
    let data: Option<Vec<f64>> = values.iter().map(number).collect();
    let data = data.ok_or_else(|| bad("data must hold numbers or \"NaN\", \"Infinity\", \"-Infinity\""))?;
    if data.len() != shape.iter().product::<usize>() {
        return Err(bad(&format!("shape {shape:?} does not match {} values", data.len())));
    }
    Ok(WireTensor { dtype, shape, data })
}

/// The fields of a `forward` message.
pub fn forward(msg: &Value) -> Result<Forward, String> {
    let kwargs = msg["kwargs"].as_object().ok_or("kwargs must be an object")?.clone();
    let dtype = match msg["dtype"].as_str() {
        Some(d @ ("float32" | "float64")) => d.to_string(),
        _ => return Err("dtype must be \"float32\" or \"float64\"".into()),
    };
    let params = msg["parameters"].as_object().ok_or("parameters must be an object")?;
    let parameters =
        params.iter().map(|(name, t)| Ok((name.clone(), tensor(t, name)?))).collect::<Result<_, String>>()?;
    let input = tensor(&msg["input"], "input")?;
    let hx = match &msg["hx"] {
        Value::Null => None,
        t => Some(tensor(t, "hx")?),
    };
    Ok(Forward { kwargs, dtype, parameters, input, hx })
}

/// One value as the shortest decimal that reads back as the same double; -0.0 keeps its sign.
/// Rust's `{:?}` for f64 is that decimal (with an exponent where long), always valid JSON.
fn encode_number(x: f64) -> String {
    match x {
        x if x.is_nan() => "\"NaN\"".into(),
        f64::INFINITY => "\"Infinity\"".into(),
        f64::NEG_INFINITY => "\"-Infinity\"".into(),
        x => format!("{x:?}"),
    }
}

pub fn encode_tensor(t: &WireTensor) -> String {
    let dims: Vec<String> = t.shape.iter().map(|d| d.to_string()).collect();
    let data: Vec<String> = t.data.iter().map(|&x| encode_number(x)).collect();
    format!(r#"{{"dtype":"{}","shape":[{}],"data":[{}]}}"#, t.dtype, dims.join(","), data.join(","))
}

pub fn result_line(id: u64, output: &WireTensor, h_n: &WireTensor) -> String {
    let (output, h_n) = (encode_tensor(output), encode_tensor(h_n));
    format!(r#"{{"type":"result","id":{id},"output":{output},"h_n":{h_n}}}"#)
}

pub fn error_line(id: Option<u64>, e: &Rejected) -> String {
    let mut error = json!({ "message": e.message });
    if let Some(clause) = e.clause {
        error["clause"] = json!(clause);
    }
    json!({ "type": "error", "id": id, "error": error }).to_string()
}

pub fn hello_line(version: &str) -> String {
    let capabilities = json!({ "init": false, "dtypes": ["float32", "float64"] });
    let hello = json!({ "type": "hello", "protocol": PROTOCOL, "name": "candle-nn GRU", "version": version,
        "capabilities": capabilities });
    hello.to_string()
}
