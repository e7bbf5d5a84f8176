//! torch.nn.GRU computed with candle-nn's GRU, speaking gru-conformance/2 (spec/protocol.md) on stdin/stdout,
//! or version 1 for a harness that offers only that.
//! Build: cargo build --release --manifest-path adapters/candle/Cargo.toml
//! Check: npx tsx harness/cli/main.ts check --cmd adapters/candle/target/release/gru-candle
mod gru;
mod protocol;
mod validate;

use protocol::{error_line, hello_line, negotiate, result_line, state_line, Encoding, Rejected, V1, V2};
use serde_json::Value;
use std::io::{BufRead, Write};
use std::panic::{catch_unwind, AssertUnwindSafe};

/// The candle-nn version pinned in Cargo.toml (test/adapters/candle.test.ts compares it with Cargo.lock).
const CANDLE_NN_VERSION: &str = "0.11.1";

/// One `forward` request: validated as nn.GRU validates it, then computed by candle.
fn forward(msg: &Value, encoding: Encoding) -> Result<String, Rejected> {
    let f = protocol::forward(msg)?;
    let o = validate::options(&f.kwargs)?;
    validate::check_parameters(&o, &f.parameters)?;
    let call = validate::check_call(&o, &f.dtype, &f.input, f.hx.as_ref())?;
    let (output, h_n) = gru::forward(&o, &call, &f)?;
    Ok(result_line(msg["id"].as_u64().unwrap_or(0), &output, &h_n, encoding))
}

/// One `cell` request (version 2): validated as nn.GRUCell validates it, then one step of candle's GRU.
fn cell(msg: &Value, encoding: Encoding) -> Result<String, Rejected> {
    let f = protocol::forward(msg)?;
    let o = validate::cell_options(&f.kwargs)?;
    validate::check_cell_parameters(&o, &f.parameters)?;
    let call = validate::check_cell_call(&o, &f.dtype, &f.input, f.hx.as_ref())?;
    let h = gru::cell(&o, &call, &f)?;
    Ok(state_line(msg["id"].as_u64().unwrap_or(0), &h, encoding))
}

/// Runs one call; a panic inside candle answers that call with an error instead of ending the process.
fn guarded(call: impl FnOnce() -> Result<String, Rejected>) -> Result<String, Rejected> {
    catch_unwind(AssertUnwindSafe(call)).unwrap_or_else(|panic| {
        let what = panic
            .downcast_ref::<String>()
            .cloned()
            .or_else(|| panic.downcast_ref::<&str>().map(|s| s.to_string()));
        Err(Rejected::from(format!("candle panicked: {}", what.unwrap_or_default())))
    })
}

/// The answer to one request line; None for `bye`. A hello settles the session's encoding.
fn answer(line: &str, encoding: &mut Encoding) -> Option<String> {
    let msg: Value = match serde_json::from_str(line) {
        Ok(msg) => msg,
        Err(e) => return Some(error_line(None, &Rejected::from(format!("not a JSON line: {e}")))),
    };
    let id = msg["id"].as_u64();
    let reply = match msg["type"].as_str() {
        Some("bye") => return None,
        Some("hello") if negotiate(&msg).is_some() => {
            *encoding = negotiate(&msg).unwrap_or(Encoding::Json);
            Ok(hello_line(CANDLE_NN_VERSION, *encoding))
        }
        Some("forward") if id.is_some() => guarded(|| forward(&msg, *encoding)),
        Some("cell") if id.is_some() && *encoding == Encoding::Base64F64le => {
            guarded(|| cell(&msg, *encoding))
        }
        _ => Err(Rejected::from(format!("unsupported request {line:.80}; this program speaks {V2} or {V1}"))),
    };
    Some(reply.unwrap_or_else(|e| error_line(id, &e)))
}

fn main() {
    let mut stdout = std::io::stdout().lock();
    let mut encoding = Encoding::Json;
    for line in std::io::stdin().lock().lines() {
        let Ok(line) = line else { return };
        if line.trim().is_empty() {
            continue;
        }
        let Some(reply) = answer(&line, &mut encoding) else { return };
        if writeln!(stdout, "{reply}").and_then(|_| stdout.flush()).is_err() {
            return;
        }
    }
}
