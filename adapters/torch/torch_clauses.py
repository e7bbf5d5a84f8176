"""Which gru.err.* (or gru.param.*, gru.cell.*) clause a PyTorch exception evidences, so that the adapter names it.

PyTorch's messages are matched by the stage that raised them: the constructor, loading the state_dict, or the
forward call. The patterns are PyTorch's own wording (recorded in golden/cases/err-*.json); a message that
matches none is answered without a clause, which the suite reports as a warning."""

import re

CONSTRUCTOR = [
    (r"unexpected keyword argument", "gru.err.unknown-kwarg"),
    (r"proj_size argument is only supported for LSTM", "gru.err.proj-size"),
    (r"input_size should be of type int", "gru.err.input-size-type"),
    (r"input_size must be greater than zero", "gru.err.input-size-range"),
    (r"hidden_size should be of type int", "gru.err.hidden-size-type"),
    (r"hidden_size must be greater than zero", "gru.err.hidden-size-range"),
    (r"num_layers must be greater than zero", "gru.err.num-layers-range"),
    (r"num_layers should be of type int", "gru.err.num-layers-type"),
    (r"bias should be of type bool", "gru.err.bias-type"),
    (r"batch_first should be of type bool", "gru.err.batch-first-type"),
    (r"dropout should be a number in range", "gru.err.dropout-range"),
    # A non-int num_layers reaches Python's own comparisons and range() before any message of nn.GRU's.
    (r"cannot be interpreted as an integer|not supported between instances of", "gru.err.num-layers-type"),
]

STATE_DICT = [
    (r"size mismatch", "gru.param.shapes"),
    (r"Missing key|Unexpected key", "gru.param.names"),
]

FORWARD = [
    (r"Expected input to be 2D or 3D", "gru.err.input-rank"),
    (r"input\.size\(-1\) must be equal to input_size", "gru.err.input-features"),
    (r"hx should also be", "gru.err.hx-rank"),
    (r"Expected hidden size", "gru.err.hx-shape"),
    (r"RNN input dtype .* does not match weight dtype", "gru.err.input-dtype"),
    # An hx of another dtype meets the weights in a matmul; torch words it two ways (with and without bias).
    (r"must have the same dtype|to have the same dtype", "gru.err.hx-dtype"),
    (r"Expected sequence length to be larger than 0", "gru.err.seq-len-zero"),
]

# nn.GRUCell (capability cell): its own messages, from GRUCell.forward and ATen's gru_cell checks (recorded in
# golden/cell/cases/cell-err-*.json).
CELL_CONSTRUCTOR = [(r"unexpected keyword argument", "gru.cell.err-unknown-kwarg")]

CELL_STATE_DICT = [(r"size mismatch|Missing key|Unexpected key", "gru.cell.param-names")]

CELL_FORWARD = [
    (r"GRUCell: Expected input to be 1D or 2D", "gru.cell.err-input-rank"),
    (r"GRUCell: Expected hidden to be 1D or 2D", "gru.cell.err-hx-rank"),
    (r"Expected 2D hidden0", "gru.cell.err-hx-rank-mismatch"),
    (r"Input batch size \d+ doesn't match hidden0 batch size", "gru.cell.err-batch-mismatch"),
    (r"input has inconsistent input_size", "gru.cell.err-input-features"),
    (r"hidden0 has inconsistent hidden_size", "gru.cell.err-hidden-size"),
    (r"must have the same dtype|to have the same dtype", "gru.cell.err-dtype"),
]

# pack_padded_sequence, before the GRU runs (torch checks the last length before the order).
PACK = [
    (r"Length of all samples has to be greater than 0", "gru.packed.err-zero-length"),
    (r"must be sorted in decreasing order when `enforce_sorted` is True", "gru.packed.err-unsorted"),
]

# torch.autograd.backward: an upstream gradient whose shape is not its output's.
BACKWARD = [(r"Mismatch in shape", "gru.grad.err-upstream-shape")]


def packed_forward(error: Exception):
    """nn.GRU on a PackedSequence: torch words an hx of the wrong batch as any wrong hx size, so the batch is read
    from the message: a batch other than the packed one is gru.packed.err-hx-batch, the rest as for any forward.
    With enforce_sorted=False torch reorders hx by sorted_indices first, and a smaller hx batch fails there."""
    if re.search(r"INDICES element is out of DATA bounds|index out of range", str(error)):
        return "gru.packed.err-hx-batch"
    m = re.search(r"Expected hidden size \((\d+), (\d+), (\d+)\), got \[(\d+), (\d+), (\d+)\]", str(error))
    if m is not None and m.group(2) != m.group(5):
        return "gru.packed.err-hx-batch"
    return clause_of("forward", error)


STAGES = {
    "constructor": CONSTRUCTOR,
    "state_dict": STATE_DICT,
    "forward": FORWARD,
    "pack": PACK,
    "cell constructor": CELL_CONSTRUCTOR,
    "cell state_dict": CELL_STATE_DICT,
    "cell forward": CELL_FORWARD,
    "backward": BACKWARD,
}


def clause_of(stage: str, error: Exception):
    """The clause id the error evidences at that stage, or None when no pattern matches."""
    if stage == "packed-forward":
        return packed_forward(error)
    text = str(error)
    return next((clause for pattern, clause in STAGES[stage] if re.search(pattern, text)), None)
