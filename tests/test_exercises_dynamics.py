"""Notebooks 03 and 04's checks accept the right answers and reject wrong ones."""

import math

from regviz.exercises.gradients import check_autograd_at_zero, check_cycle_amplitude, check_l2_steps
from regviz.exercises.prox import check_half_threshold, check_plateau_width, check_soft_threshold


def test_cycle_amplitude(capsys):
    assert check_cycle_amplitude((0.05 * 0.2 / 4) ** (2 / 3), lr=0.05, lam=0.2)
    assert "Correct" in capsys.readouterr().out
    assert check_cycle_amplitude(0.018420, lr=0.01, lam=1.0)
    assert not check_cycle_amplitude((0.05 * 0.2 / 4) ** 0.5, lr=0.05, lam=0.2)  # wrong power
    assert "Not yet" in capsys.readouterr().out
    assert not check_cycle_amplitude(None)


def test_l2_steps():
    # (1 - 0.1)^t <= 1e-6  <=>  t >= log(1e-6)/log(0.9) = 131.1...
    assert check_l2_steps(132, lr=0.1, lam=0.5, factor=1e-6)
    assert not check_l2_steps(131, lr=0.1, lam=0.5, factor=1e-6)
    assert not check_l2_steps(math.inf, lr=0.1, lam=0.5, factor=1e-6)
    assert not check_l2_steps("many")


def test_autograd_at_zero():
    import torch

    w = torch.zeros(1, requires_grad=True)
    torch.sqrt(w.abs()).sum().backward()
    assert check_autograd_at_zero(w.grad.item())  # the real autograd answer is accepted
    assert check_autograd_at_zero(float("nan"))
    assert not check_autograd_at_zero(0.0)
    assert not check_autograd_at_zero(math.inf)
    assert not check_autograd_at_zero(None)


def test_soft_threshold():
    assert check_soft_threshold(0.5, z=0.8, step=0.1, lam=3.0)
    assert check_soft_threshold(0.0, z=0.2, step=0.1, lam=3.0)
    assert not check_soft_threshold(0.8, z=0.8, step=0.1, lam=3.0)
    assert not check_soft_threshold(-0.1, z=0.2, step=0.1, lam=3.0)  # crossed zero: subgradient


def test_half_threshold():
    assert check_half_threshold(1.5 * 0.1 ** (2 / 3), step=0.1, lam=1.0)
    assert check_half_threshold(0.3232, step=0.1, lam=1.0)
    assert not check_half_threshold(0.1, step=0.1, lam=1.0)  # the soft threshold
    assert not check_half_threshold(math.sqrt(0.2), step=0.1, lam=1.0)  # the hard threshold


def test_plateau_width():
    assert check_plateau_width(0.04, lr=0.05, lam=0.4)
    assert not check_plateau_width(0.02, lr=0.05, lam=0.4)  # half of it
    assert not check_plateau_width(None)
