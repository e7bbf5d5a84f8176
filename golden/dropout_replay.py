"""Train-mode dropout (gru.dropout.between-layers): drawing the masks torch used, and proving them.

Torch's dropout between layers draws, per boundary l = 0 .. num_layers-2 in order,
torch.empty(L, N, D*H).bernoulli_(1 - p).div_(1 - p) and multiplies layer l's time-major output
by it (reference section 7.4). Re-seeding and drawing the same way gives the masks; a manual
stack of single-layer GRUs using them must reproduce the module, or the masks are not recorded.
"""

from __future__ import annotations

import torch
from torch import nn

# Largest |manual stack - module| accepted, per dtype.
REPLAY_TOLERANCE = {torch.float32: 1e-6, torch.float64: 1e-14}


class ReplayMismatch(Exception):
    """The masks drawn by replay do not reproduce the module's train-mode result."""


def draw_masks(seed: int, module: nn.GRU, steps: int, batch: int) -> list[torch.Tensor]:
    """Re-seed and draw each layer boundary's mask as torch's dropout does."""
    dtype = next(module.parameters()).dtype
    p = float(module.dropout)
    width = (2 if module.bidirectional else 1) * module.hidden_size
    torch.manual_seed(seed)
    return [
        torch.empty(steps, batch, width, dtype=dtype).bernoulli_(1 - p).div_(1 - p)
        for _ in range(module.num_layers - 1)
    ]


def single_layer(module: nn.GRU, layer: int) -> nn.GRU:
    """A 1-layer GRU holding the weights of the module's layer `layer`."""
    directions = 2 if module.bidirectional else 1
    width = module.input_size if layer == 0 else directions * module.hidden_size
    dtype = next(module.parameters()).dtype
    part = nn.GRU(input_size=width, hidden_size=module.hidden_size, bias=module.bias,
                  bidirectional=module.bidirectional).to(dtype)
    source = module.state_dict()
    part.load_state_dict({name: source[name.replace("_l0", f"_l{layer}")] for name in part.state_dict()})
    return part.eval()


def manual_stack(module: nn.GRU, x_time_major: torch.Tensor, hx: torch.Tensor | None,
                 masks: list[torch.Tensor]) -> tuple[torch.Tensor, torch.Tensor]:
    """Run the layers one by one, multiplying each non-last layer's output by its mask."""
    directions = 2 if module.bidirectional else 1
    layer_input, finals = x_time_major, []
    with torch.no_grad():
        for layer in range(module.num_layers):
            part = single_layer(module, layer)
            h0 = None if hx is None else hx[layer * directions:(layer + 1) * directions]
            output, h_n = part(layer_input) if h0 is None else part(layer_input, h0)
            finals.append(h_n)
            layer_input = output * masks[layer] if layer < len(masks) else output
    return layer_input, torch.cat(finals)


def verified_masks(seed: int, module: nn.GRU, x: torch.Tensor, hx: torch.Tensor | None,
                   output: torch.Tensor, h_n: torch.Tensor) -> list[torch.Tensor]:
    """The masks of the train-mode run that produced (output, h_n) from a seeded generator.

    Raises ReplayMismatch when the manual stack with these masks does not reproduce the module.
    """
    time_major = x.transpose(0, 1) if module.batch_first else x
    steps, batch = time_major.shape[0], time_major.shape[1]
    masks = draw_masks(seed, module, steps, batch)
    replay_output, replay_h_n = manual_stack(module, time_major, hx, masks)
    module_output = output.transpose(0, 1) if module.batch_first else output
    worst = max(
        (replay_output - module_output).abs().max().item(),
        (replay_h_n - h_n).abs().max().item(),
    )
    allowed = REPLAY_TOLERANCE[output.dtype]
    if not worst <= allowed:
        raise ReplayMismatch(f"manual stack differs from the module by {worst:.3g} (allowed {allowed:g})")
    return masks
