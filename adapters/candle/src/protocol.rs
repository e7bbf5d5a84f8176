//! The wire format of spec/protocol.md: requests read from JSON values, tensors written exactly, as base64
//! of little-endian doubles (version 2, "base64-f64le") or as JSON numbers (version 1).
use base64::engine::general_purpose::STANDARD as BASE64;
use base64::Engine;
use serde_json::{json, Map, Value};
use std::collections::HashMap;

pub const V1: &str = "gru-conformance/1";
pub const V2: &str = "gru-conformance/2";
pub const BINARY: &str = "base64-f64le";

/// How tensors travel in this session, settled by the hello.
#[derive(Clone, Copy, PartialEq, Eq)]
pub enum Encoding {
    Json,
    Base64F64le,
}

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

/// One `forward` request (a `cell` request has the same fields).
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
    let count = shape.iter().product::<usize>();
    let data = match (&v["base64"], &v["data"]) {
        (Value::String(text), Value::Null) => doubles(text, count).map_err(|e| bad(&e))?,
        (Value::Null, Value::Array(values)) => {
            let data: Option<Vec<f64>> = values.iter().map(number).collect();
            data.ok_or_else(|| bad("data must hold numbers or \"NaN\", \"Infinity\", \"-Infinity\""))?
        }
        _ => return Err(bad("needs either data (an array) or base64 (a string)")),
    };
    if data.len() != count {
        return Err(bad(&format!("shape {shape:?} does not match {} values", data.len())));
    }
    Ok(WireTensor { dtype, shape, data })
}

/// `count` doubles from the base64 of their little-endian bytes (whatever this machine's byte order).
fn doubles(text: &str, count: usize) -> Result<Vec<f64>, String> {
    let bytes = BASE64.decode(text).map_err(|e| format!("base64: {e}"))?;
    if bytes.len() != 8 * count {
        return Err(format!("base64: {count} values need {} bytes, got {}", 8 * count, bytes.len()));
    }
    Ok(bytes.chunks_exact(8).map(|b| f64::from_le_bytes(b.try_into().expect("8 bytes"))).collect())
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

pub fn encode_tensor(t: &WireTensor, encoding: Encoding) -> String {
    let dims: Vec<String> = t.shape.iter().map(|d| d.to_string()).collect();
    let (dtype, dims) = (&t.dtype, dims.join(","));
    if encoding == Encoding::Base64F64le {
        let bytes: Vec<u8> = t.data.iter().flat_map(|x| x.to_le_bytes()).collect();
        return format!(r#"{{"dtype":"{dtype}","shape":[{dims}],"base64":"{}"}}"#, BASE64.encode(bytes));
    }
    let data: Vec<String> = t.data.iter().map(|&x| encode_number(x)).collect();
    format!(r#"{{"dtype":"{dtype}","shape":[{dims}],"data":[{}]}}"#, data.join(","))
}

pub fn result_line(id: u64, output: &WireTensor, h_n: &WireTensor, encoding: Encoding) -> String {
    let (output, h_n) = (encode_tensor(output, encoding), encode_tensor(h_n, encoding));
    format!(r#"{{"type":"result","id":{id},"output":{output},"h_n":{h_n}}}"#)
}

/// The answer to a `cell` request: h'.
pub fn state_line(id: u64, h: &WireTensor, encoding: Encoding) -> String {
    format!(r#"{{"type":"state","id":{id},"h":{}}}"#, encode_tensor(h, encoding))
}

pub fn error_line(id: Option<u64>, e: &Rejected) -> String {
    let mut error = json!({ "message": e.message });
    if let Some(clause) = e.clause {
        error["clause"] = json!(clause);
    }
    json!({ "type": "error", "id": id, "error": error }).to_string()
}

/// The encoding to use for a harness hello: binary when it offers version 2 and base64-f64le, JSON numbers
/// when it speaks only version 1, None when it speaks neither.
pub fn negotiate(hello: &Value) -> Option<Encoding> {
    let offers =
        |field: &str, what: &str| hello[field].as_array().is_some_and(|a| a.iter().any(|v| v == what));
    if offers("versions", V2) && offers("encodings", BINARY) {
        Some(Encoding::Base64F64le)
    } else if hello["protocol"] == V1 {
        Some(Encoding::Json)
    } else {
        None
    }
}

pub fn hello_line(version: &str, encoding: Encoding) -> String {
    let capabilities = json!({ "init": false, "dtypes": ["float32", "float64"] });
    let mut hello = json!({ "type": "hello", "protocol": V1, "name": "candle-nn GRU", "version": version,
        "capabilities": capabilities });
    if encoding == Encoding::Base64F64le {
        hello["protocol"] = json!(V2);
        hello["encoding"] = json!(BINARY);
        hello["capabilities"]["cell"] = json!(true); // nn.GRUCell, a version-2 capability
    }
    hello.to_string()
}
