//! nn.GRU's forward built from candle-nn's single-layer, single-direction, batch-first GRU.
//! candle computes every step (`RNN::seq_init`); this file only composes layers and directions and lays out
//! data, as a Rust user porting a PyTorch GRU to candle would.
use crate::protocol::{Forward, WireTensor};
use crate::validate::{param_name, Call, CellCall, CellOptions, Options};
use candle_core::{DType, Device, Result, Tensor};
use candle_nn::rnn::{gru, GRUConfig, GRUState, RNN};
use candle_nn::VarBuilder;
use std::collections::HashMap;

const CPU: Device = Device::Cpu;

fn to_candle(t: &WireTensor, dtype: DType) -> Result<Tensor> {
    Tensor::from_slice(&t.data, t.shape.as_slice(), &CPU)?.to_dtype(dtype)
}

fn to_wire(t: &Tensor, dtype: &str) -> Result<WireTensor> {
    let data = t.to_dtype(DType::F64)?.flatten_all()?.to_vec1::<f64>()?;
    Ok(WireTensor { dtype: dtype.into(), shape: t.dims().to_vec(), data })
}

/// `x` with its time axis (dim 1 of [N, T, F]) reversed.
fn flip_time(x: &Tensor) -> Result<Tensor> {
    let steps = x.dim(1)? as u32;
    x.index_select(&Tensor::new((0..steps).rev().collect::<Vec<u32>>(), &CPU)?, 1)
}

/// Layer `k`, direction `d` as a candle GRU: its PyTorch parameters renamed to the `_l0` names candle loads.
fn candle_gru(
    o: &Options,
    params: &HashMap<String, Tensor>,
    k: usize,
    d: usize,
    dtype: DType,
) -> Result<impl RNN<State = GRUState>> {
    let names: &[&str] =
        if o.bias { &["weight_ih", "weight_hh", "bias_ih", "bias_hh"] } else { &["weight_ih", "weight_hh"] };
    let tensors = names.iter().map(|n| (format!("{n}_l0"), params[&param_name(n, k, d)].clone())).collect();
    let config = if o.bias { GRUConfig::default() } else { GRUConfig::default_no_bias() };
    let in_dim = if k == 0 { o.input_size } else { o.directions * o.hidden_size };
    gru(in_dim, o.hidden_size, config, VarBuilder::from_tensors(tensors, dtype, &CPU))
}

/// One direction of one layer on batch-first `x` [N, T, F] from `h0` [N, H]: (output [N, T, H], h_n [N, H]).
/// The reverse direction reads the time-flipped sequence, and its outputs are flipped back into input order.
fn run(gru: &impl RNN<State = GRUState>, x: &Tensor, h0: Tensor, reverse: bool) -> Result<(Tensor, Tensor)> {
    let x = if reverse { flip_time(x)? } else { x.clone() };
    let states = gru.seq_init(&x, &GRUState { h: h0 })?;
    let h_n = states[states.len() - 1].h.clone();
    let output = Tensor::stack(&states.into_iter().map(|s| s.h).collect::<Vec<_>>(), 1)?;
    Ok((if reverse { flip_time(&output)? } else { output }, h_n))
}

/// nn.GRU(**kwargs).load_state_dict(parameters)(input, hx) in eval mode: (output, h_n) in torch's layouts.
pub fn forward(o: &Options, call: &Call, f: &Forward) -> Result<(WireTensor, WireTensor)> {
    let dt = if f.dtype == "float32" { DType::F32 } else { DType::F64 };
    let params: HashMap<String, Tensor> =
        f.parameters.iter().map(|(n, t)| Ok((n.clone(), to_candle(t, dt)?))).collect::<Result<_>>()?;
    // candle's GRU is batch-first: [N, T, F]; an unbatched input is a batch of one
    let x = to_candle(&f.input, dt)?;
    let mut seq = match (call.batched, o.batch_first) {
        (false, _) => x.unsqueeze(0)?,
        (true, true) => x,
        (true, false) => x.transpose(0, 1)?.contiguous()?,
    };
    let rows = o.layers * o.directions;
    let h0 = match &f.hx {
        Some(h) => to_candle(h, dt)?.reshape((rows, call.batch, o.hidden_size))?,
        None => Tensor::zeros((rows, call.batch, o.hidden_size), dt, &CPU)?,
    };
    let mut h_n = Vec::with_capacity(rows);
    for k in 0..o.layers {
        let mut outputs = Vec::with_capacity(o.directions);
        for d in 0..o.directions {
            let gru = candle_gru(o, &params, k, d, dt)?;
            let (output, h) = run(&gru, &seq, h0.get(k * o.directions + d)?, d == 1)?;
            outputs.push(output);
            h_n.push(h);
        }
        seq = Tensor::cat(&outputs, 2)?; // [N, T, D*H], the next layer's input
    }
    let output = match (call.batched, o.batch_first) {
        (false, _) => seq.squeeze(0)?,
        (true, true) => seq,
        (true, false) => seq.transpose(0, 1)?.contiguous()?,
    };
    let h_n = Tensor::stack(&h_n, 0)?.reshape(call.h_shape.as_slice())?;
    Ok((to_wire(&output, &f.dtype)?, to_wire(&h_n, &f.dtype)?))
}

/// nn.GRUCell(**kwargs).load_state_dict(parameters)(input, hx): one `RNN::step` of candle's GRU, built from the
/// cell's parameters under the `_l0` names candle loads. An unbatched input is a batch of one.
pub fn cell(o: &CellOptions, call: &CellCall, f: &Forward) -> Result<WireTensor> {
    let dt = if f.dtype == "float32" { DType::F32 } else { DType::F64 };
    let tensors = f
        .parameters
        .iter()
        .map(|(n, t)| Ok((format!("{n}_l0"), to_candle(t, dt)?)))
        .collect::<Result<_>>()?;
    let config = if o.bias { GRUConfig::default() } else { GRUConfig::default_no_bias() };
    let gru = gru(o.input_size, o.hidden_size, config, VarBuilder::from_tensors(tensors, dt, &CPU))?;
    let x = to_candle(&f.input, dt)?.reshape((call.batch, o.input_size))?;
    let h0 = match &f.hx {
        Some(h) => to_candle(h, dt)?.reshape((call.batch, o.hidden_size))?,
        None => gru.zero_state(call.batch)?.h,
    };
    let h = gru.step(&x, &GRUState { h: h0 })?.h;
    let h = if call.batched { h } else { h.squeeze(0)? };
    to_wire(&h, &f.dtype)
}
