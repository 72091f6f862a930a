"""Weight decay with BatchNorm: the closed forms against simulation and torch, the reproduction."""

from __future__ import annotations

import math

import numpy as np
import pytest

from regviz.experiments import registry, reproduce
from regviz.normalization import (
    adamw_decay,
    cosine_schedule,
    predicted_angular_update,
    relaxation_steps,
    simulate_sphere,
)


@pytest.mark.parametrize(("lr", "wd", "mu"), [(0.1, 0.01, 0.0), (0.05, 0.01, 0.9),
                                              (0.01, 0.05, 0.5), (0.2, 0.005, 0.0)])
def test_idealised_dynamics_settle_at_the_predicted_angle(lr, wd, mu):
    # the simulation knows nothing of the formula: random orthogonal gradients, torch's update
    run = simulate_sphere(lr, wd, mu, steps=3000, dim=200, norm0=1.0)
    assert run.rms_angle(1000) == pytest.approx(math.sqrt(2 * lr * wd / (1 + mu)), rel=0.02)
    assert run.predicted == predicted_angular_update(lr, wd, mu)


def test_without_decay_the_norm_only_grows_and_the_angle_fades():
    run = simulate_sphere(0.1, 0.0, 0.0, steps=500)
    assert np.all(np.diff(run.norm) > 0)
    assert run.angle[-50:].mean() < 0.5 * run.angle[:50].mean()
    assert relaxation_steps(0.1, 0.0) == math.inf
    assert relaxation_steps(0.1, 0.01, 0.9) == pytest.approx(0.1 / 0.002)


def test_adamw_decay_matches_torch_with_a_schedule():
    torch = pytest.importorskip("torch")
    steps, lr, wd = 50, 0.1, 0.3
    w = torch.nn.Parameter(torch.ones(3, dtype=torch.float64))
    opt = torch.optim.AdamW([w], lr=lr, weight_decay=wd)
    sched = torch.optim.lr_scheduler.CosineAnnealingLR(opt, T_max=steps)
    seen = []
    for _ in range(steps):
        w.grad = torch.zeros_like(w)  # only the decoupled decay moves w
        seen.append(opt.param_groups[0]["lr"])
        opt.step()
        sched.step()
    np.testing.assert_allclose(seen, cosine_schedule(lr, steps), rtol=1e-12, atol=1e-15)
    np.testing.assert_allclose(w.detach().numpy(), adamw_decay(seen, wd)[-1], rtol=1e-12)


@pytest.mark.parametrize(("call", "name"), [
    (lambda: predicted_angular_update(-0.1, 0.01), "lr"),
    (lambda: predicted_angular_update(0.1, math.nan), "weight_decay"),
    (lambda: predicted_angular_update(0.1, 0.01, 1.0), "momentum"),
    (lambda: simulate_sphere(0.1, 0.01, steps=0), "steps"),
    (lambda: simulate_sphere(0.1, 0.01, dim=1), "dim"),
    (lambda: adamw_decay([0.1, -1.0], 0.1), "lrs"),
    (lambda: cosine_schedule(0.1, 0), "steps"),
])
def test_bad_input_names_the_parameter(call, name):
    with pytest.raises(ValueError, match=rf"^{name} must"):
        call()


# --- the reproduction -------------------------------------------------------------------------
def test_registered_with_a_shipped_reference():
    spec = registry.get("normalized-decay")
    assert spec.reference and "normalized-decay" in registry.shipped()
    result = reproduce("normalized-decay")
    assert registry.networks_of("normalized-decay") == len(result.rows)
    assert result.config["momentum"] == 0.9 and "weight_decay / 2" in result.config[
        "lambda_convention"]


def test_shipped_angular_updates_follow_the_theory():
    from regviz.experiments.normalized import PENALIZED, TOLERANCE, Method

    result = reproduce("normalized-decay")
    penalized = [r for r in result.rows if r.method in PENALIZED]
    assert len(penalized) >= 6
    for r in penalized:
        pred = math.sqrt(2 * r.lr * r.lam / (1 + r.momentum))
        assert r.predicted_angular_update == pytest.approx(pred, rel=1e-12)
        assert abs(r.angular_update / pred - 1) <= TOLERANCE, r
        assert len(r.history.curve("weight_norm")) == len(r.history.loss)
    slow = result.rows_of(Method.BEFORE_EQUILIBRIUM)
    assert slow and all(r.angular_update < 0.75 * r.predicted_angular_update for r in slow)
    assert all(c.reproduced for c in result.claims), [c.id for c in result.claims
                                                      if not c.reproduced]
    assert result.claim("norm-grows-without-decay").reproduced


def test_scale_invariance_of_a_fresh_network():
    pytest.importorskip("torch")
    from regviz.experiments.mnist import load_data
    from regviz.experiments.normalized import NormalizedSettings, scale_invariance

    s = NormalizedSettings()
    facts = scale_invariance(s.hidden, load_data("sample", s), seed=1, factor=7.0)
    assert facts["relative_loss_change"] < 1e-4  # BatchNorm's eps is all that is left
    assert facts["grad_cosine"] < 1e-4
    assert facts["grad_norm_ratio"] == pytest.approx(1.0, abs=1e-3)


def test_runner_trains_a_small_setting():
    pytest.importorskip("torch")
    from regviz.experiments.mnist import load_data
    from regviz.experiments.normalized import NormalizedSettings, normalized_claims, run

    s = NormalizedSettings(steps=60, window=20, runs=((0.05, 0.01),), plain_runs=(),
                           no_decay_runs=((0.1, 0.0),))
    out = run(s, load_data("sample", s), seed=0, threads=1)
    assert [r.method for r in out.rows] == ["sgd", "sgd-no-decay", "sgd-decay-all",
                                             "sgd-before-equilibrium"]
    assert all(len(r.history.curve("weight_norm")) == 3 for r in out.rows)
    ids = [c.id for c in normalized_claims(out.rows, s)]
    assert "norm-grows-without-decay" in ids and len(set(ids)) == len(ids)
