"""regviz.playground: the numpy network and its optimizers against torch (float64), exact zeros,
determinism, bad input, and no torch import."""

from __future__ import annotations

import os
import subprocess
import sys

import numpy as np
import pytest
import torch

from regviz.penalties import L1, L2, ElasticNet, GroupLasso, Lp
from regviz.playground import (
    DATASETS,
    HISTORY_KEYS,
    Trainer,
    init_params,
    loss_and_grads,
    make_dataset,
    train,
    zero_fraction,
)

TOL = 1e-10


def _torch_params(weights, biases):
    tw = [torch.tensor(w, dtype=torch.float64, requires_grad=True) for w in weights]
    tb = [torch.tensor(b, dtype=torch.float64, requires_grad=True) for b in biases]
    return tw, tb


def _torch_logits(tw, tb, x, activation):
    a = torch.tensor(x, dtype=torch.float64)
    act = torch.tanh if activation == "tanh" else torch.relu
    for k, (w, b) in enumerate(zip(tw, tb, strict=True)):
        a = torch.nn.functional.linear(a, w, b)
        if k < len(tw) - 1:
            a = act(a)
    return a[:, 0]


def _torch_data_loss(tw, tb, x, y, activation):
    z = _torch_logits(tw, tb, x, activation)
    return torch.nn.functional.binary_cross_entropy_with_logits(
        z, torch.tensor(y, dtype=torch.float64))


def _random_setting(rng):
    hidden = tuple(int(h) for h in rng.integers(1, 11, rng.integers(1, 4)))
    n = int(rng.integers(1, 60))
    x = rng.standard_normal((n, 2)) * 1.5
    y = (rng.random(n) < 0.5).astype(float)
    return hidden, x, y


@pytest.mark.parametrize("activation", ["tanh", "relu"])
def test_forward_and_backward_match_torch_autograd(activation):
    rng = np.random.default_rng(1)
    for trial in range(40):
        hidden, x, y = _random_setting(rng)
        weights, biases = init_params((2, *hidden, 1), seed=trial)
        biases = [rng.standard_normal(b.shape) * 0.3 for b in biases]
        loss, gw, gb = loss_and_grads(weights, biases, x, y, activation)
        tw, tb = _torch_params(weights, biases)
        tloss = _torch_data_loss(tw, tb, x, y, activation)
        tloss.backward()
        assert abs(loss - tloss.item()) <= TOL
        for mine, ref in zip([*gw, *gb], [*tw, *tb], strict=True):
            np.testing.assert_allclose(mine, ref.grad.numpy(), rtol=0, atol=TOL)


def _torch_run(dataset, *, hidden, activation, penalty, mode, optimizer, lr, momentum, steps,
               seed):
    """The same run written with torch.optim: the oracle of Trainer's updates."""
    weights, biases = init_params((2, *hidden, 1), seed=seed)
    tw, tb = _torch_params(weights, biases)
    if optimizer == "sgd":
        opt = torch.optim.SGD([*tw, *tb], lr=lr, momentum=momentum)
    elif optimizer == "adam":
        opt = torch.optim.Adam([*tw, *tb], lr=lr)
    else:
        decay = 2 * penalty.lam if penalty is not None else 0.0
        opt = torch.optim.AdamW([{"params": tw, "weight_decay": decay},
                                 {"params": tb, "weight_decay": 0.0}], lr=lr)
    for _ in range(steps):
        opt.zero_grad()
        loss = _torch_data_loss(tw, tb, dataset.x_train, dataset.y_train, activation)
        if penalty is not None and mode == "loss":
            loss = loss + sum(penalty.value(w).sum() for w in tw)
        loss.backward()
        opt.step()
        if penalty is not None and mode == "prox":
            with torch.no_grad():
                for w in tw:
                    w.copy_(penalty.prox(w, step=lr))
    return [w.detach().numpy() for w in tw], [b.detach().numpy() for b in tb]


CASES = [
    ("sgd", None, "loss"),
    ("sgd", L2(0.01), "loss"),
    ("sgd", L1(0.01), "loss"),
    ("sgd", Lp(1.5, 0.02), "loss"),
    ("sgd", ElasticNet(0.01, 0.02), "loss"),
    ("sgd", L1(0.02), "prox"),
    ("sgd", Lp(0.5, 0.01), "prox"),
    ("sgd", Lp(0.75, 0.01), "prox"),
    ("adam", None, "loss"),
    ("adam", L2(0.01), "loss"),
    ("adam", L1(0.01), "loss"),
    ("adam", L1(0.01), "prox"),
    ("adamw", L2(0.01), "decoupled"),
    ("adamw", None, "decoupled"),
    ("sgd", GroupLasso(0.02), "prox"),
    ("sgd", GroupLasso(0.01), "loss"),
    ("adam", GroupLasso(0.01), "prox"),
]


@pytest.mark.parametrize(("optimizer", "penalty", "mode"), CASES)
def test_optimizers_match_torch_step_for_step(optimizer, penalty, mode):
    rng = np.random.default_rng(7)
    for trial in range(6):
        hidden = tuple(int(h) for h in rng.integers(1, 9, rng.integers(1, 4)))
        data = make_dataset(DATASETS[trial % len(DATASETS)], n=int(rng.integers(10, 80)),
                            seed=trial)
        setting = dict(hidden=hidden, activation=("tanh", "relu")[trial % 2], penalty=penalty,
                       mode=mode, optimizer=optimizer,
                       lr=float(rng.choice([0.003, 0.03, 0.1])) if optimizer != "sgd"
                       else float(rng.choice([0.05, 0.2])),
                       momentum=float(rng.choice([0.0, 0.5, 0.9])), seed=trial)
        steps = int(rng.integers(1, 40))
        result = train(data, steps=steps, **setting)
        ref_w, ref_b = _torch_run(data, steps=steps, **setting)
        for mine, ref in zip([*result.weights, *result.biases], [*ref_w, *ref_b], strict=True):
            np.testing.assert_allclose(mine, ref, rtol=0, atol=TOL)


def test_history_has_equal_length_lists_from_step_0():
    result = train(make_dataset("xor", n=40), steps=25)
    h = result.history
    assert set(h) == set(HISTORY_KEYS)
    assert {len(v) for v in h.values()} == {26}
    assert h["step"] == list(range(26))
    assert all(0 <= a <= 1 for a in h["test_accuracy"])
    assert result.diverged_at is None
    assert [w.shape for w in result.weights] == [(8, 2), (8, 8), (1, 8)]


def test_l1_as_prox_gives_exact_zeros_and_in_the_loss_does_not():
    data = make_dataset("moons", n=60, noise=0.3)
    kw = dict(hidden=(16, 16), steps=1500, lr=0.1)
    prox = train(data, penalty=L1(0.01), mode="prox", **kw)
    loss = train(data, penalty=L1(0.01), mode="loss", **kw)
    assert prox.history["zero_fraction"][-1] > 0.5
    assert zero_fraction(prox.weights) == prox.history["zero_fraction"][-1]
    assert loss.history["zero_fraction"][-1] == 0.0
    assert max(loss.history["zero_fraction"]) == 0.0
    # in the loss, many weights are small but not zero
    small = np.concatenate([np.abs(w).ravel() for w in loss.weights])
    assert (small < 1e-2).mean() > 0.2 and small.min() > 0


def test_group_lasso_as_prox_removes_whole_units():
    data = make_dataset("moons", seed=2)
    result = train(data, penalty=GroupLasso(0.03), mode="prox", steps=300, hidden=(8, 8))
    removed = 0
    for w in result.weights:  # each row is one unit's incoming weights
        zero_rows = np.all(w == 0, axis=1)
        removed += int(zero_rows.sum())
        assert not np.any((w == 0) & ~zero_rows[:, None])  # no zero outside a removed row
    assert removed >= 1


def test_p_below_1_gradient_never_reaches_zero_its_prox_does():
    data = make_dataset("moons", n=60, noise=0.3)
    kw = dict(hidden=(16, 16), steps=1500, lr=0.1, momentum=0.0)
    grad = train(data, penalty=Lp(0.5, 0.01), mode="loss", **kw)
    prox = train(data, penalty=Lp(0.5, 0.01), mode="prox", **kw)
    assert grad.history["zero_fraction"][-1] == 0.0
    assert prox.history["zero_fraction"][-1] > 0.5


def test_adam_with_l2_is_not_adamw():
    data = make_dataset("circles", n=80)
    a = train(data, penalty=L2(0.05), mode="loss", optimizer="adam", lr=0.01, steps=300)
    b = train(data, penalty=L2(0.05), mode="decoupled", optimizer="adamw", lr=0.01, steps=300)
    gap = max(np.abs(x - y).max() for x, y in zip(a.weights, b.weights, strict=True))
    assert gap > 0.05


def test_the_same_seed_replays_exactly():
    data = make_dataset("spiral", seed=3)
    kw = dict(penalty=L1(0.003), mode="prox", steps=200, seed=5)
    assert train(data, **kw).history == train(data, **kw).history
    assert train(data, **kw).history != train(data, **{**kw, "seed": 6}).history
    trainer = Trainer(data, penalty=L1(0.003), mode="prox", seed=5)
    first = [w.copy() for w in trainer.weights]
    trainer.step(60)
    trainer.configure(lr=0.3, penalty=L2(0.1), mode="loss")
    trainer.step(20)
    trainer.reset()
    trainer.configure(lr=0.1, penalty=L1(0.003), mode="prox")
    assert all(np.array_equal(a, b) for a, b in zip(first, trainer.weights, strict=True))
    trainer.step(200)
    assert trainer.history == train(data, **kw).history


@pytest.mark.parametrize("activation", ["tanh", "relu"])
def test_dropout_gradients_match_torch_autograd_with_the_same_masks(activation):
    from regviz.playground import _backprop, _dropout_forward

    rng = np.random.default_rng(2)
    for trial in range(20):
        hidden, x, y = _random_setting(rng)
        weights, biases = init_params((2, *hidden, 1), seed=trial)
        p = float(rng.uniform(0.1, 0.7))
        outs, masks = _dropout_forward(weights, biases, x, activation, p,
                                       np.random.default_rng(trial))
        gw, gb = _backprop(weights, outs, y, activation, masks, p)
        tw, tb = _torch_params(weights, biases)
        a = torch.tensor(x, dtype=torch.float64)
        act = torch.tanh if activation == "tanh" else torch.relu
        for k, (w, b) in enumerate(zip(tw, tb, strict=True)):
            a = torch.nn.functional.linear(a, w, b)
            if k < len(tw) - 1:
                a = act(a) * torch.tensor(masks[k + 1])
        torch.nn.functional.binary_cross_entropy_with_logits(
            a[:, 0], torch.tensor(y, dtype=torch.float64)).backward()
        for mine, ref in zip([*gw, *gb], [*tw, *tb], strict=True):
            np.testing.assert_allclose(mine, ref.grad.numpy(), rtol=0, atol=TOL)
        # the masks keep a share 1 - p of the units, scaled by 1 / (1 - p)
        kept = np.concatenate([m.ravel() for m in masks[1:]])
        assert set(np.unique(kept)) <= {0.0, 1 / (1 - p)}


@pytest.mark.parametrize("option", [{"dropout": 0.3}, {"input_noise": 0.2},
                                    {"dropout": 0.2, "input_noise": 0.1}])
def test_dropout_and_input_noise_replay_per_seed_and_change_the_run(option):
    data = make_dataset("moons", seed=1)
    kw = dict(steps=150, seed=4, hidden=(8, 8))
    plain = train(data, **kw)
    noisy = train(data, **kw, **option)
    assert noisy.history == train(data, **kw, **option).history  # the same seed replays it
    assert noisy.history["train_loss"][0] == plain.history["train_loss"][0]  # same start
    assert noisy.history["train_loss"][1:] != plain.history["train_loss"][1:]  # another run
    assert not all(np.array_equal(a, b) for a, b in zip(noisy.weights, plain.weights,
                                                         strict=True))
    other = train(data, **{**kw, "seed": 5}, **option)
    assert other.history != noisy.history
    # Reset replays the same draws: the generator restarts with the run
    trainer = Trainer(data, hidden=(8, 8), seed=4, **option)
    trainer.step(70)
    trainer.reset()
    trainer.step(150)
    assert trainer.history == noisy.history


def test_zero_dropout_and_noise_are_the_plain_run():
    data = make_dataset("xor", seed=2)
    kw = dict(steps=120, seed=3, penalty=L1(0.002), mode="prox")
    assert train(data, **kw).history == train(data, dropout=0.0, input_noise=0.0,
                                               **kw).history
    # turning dropout on mid-run, then off again, keeps training from where the run is
    trainer = Trainer(data, seed=3, penalty=L1(0.002), mode="prox")
    trainer.step(10)
    trainer.configure(dropout=0.5)
    trainer.step(10)
    trainer.configure(dropout=0.0)
    trainer.step(10)
    assert trainer.dropout == 0.0 and len(trainer.history["step"]) == 31


def test_datasets_are_seeded_and_split():
    for name in DATASETS:
        a, b = make_dataset(name, n=101, seed=4), make_dataset(name, n=101, seed=4)
        assert np.array_equal(a.x_train, b.x_train) and np.array_equal(a.y_test, b.y_test)
        assert len(a.y_train) + len(a.y_test) == 101 and abs(len(a.y_test) - 50.5) <= 1
        assert set(np.unique(np.r_[a.y_train, a.y_test])) == {0.0, 1.0}
        assert np.abs(np.r_[a.x_train, a.x_test]).max() < 3
        c = make_dataset(name, n=101, seed=5)
        assert not np.array_equal(a.x_train, c.x_train)


def test_a_diverging_run_stops_and_says_where():
    # an L2 gradient step multiplies a weight by 1 - 2*lr*lam = -9: it overflows to inf
    data = make_dataset("moons", n=40)
    result = train(data, penalty=L2(5.0), lr=1.0, momentum=0.0, steps=1000, hidden=(8,))
    assert result.diverged_at is not None and 100 < result.diverged_at < 1000
    assert len(result.history["step"]) == result.diverged_at + 1
    assert {len(v) for v in result.history.values()} == {result.diverged_at + 1}
    assert not np.isfinite(result.history["train_loss"][-1]) or not all(
        np.isfinite(w).all() for w in result.weights)


DATA = make_dataset("moons", n=20)
BAD = [
    (lambda: make_dataset("swirl"), "name"),
    (lambda: make_dataset("moons", n=2), "n"),
    (lambda: make_dataset("moons", n=10.5), "n"),
    (lambda: make_dataset("moons", noise=-0.1), "noise"),
    (lambda: make_dataset("moons", noise=float("nan")), "noise"),
    (lambda: make_dataset("moons", test_fraction=1.0), "test_fraction"),
    (lambda: make_dataset("moons", test_fraction=0), "test_fraction"),
    (lambda: make_dataset("moons", seed=-1), "seed"),
    (lambda: train(DATA, steps=0), "steps"),
    (lambda: train(DATA, steps=2.5), "steps"),
    (lambda: train(DATA, lr=0), "lr"),
    (lambda: train(DATA, lr=-0.1), "lr"),
    (lambda: train(DATA, momentum=1.0), "momentum"),
    (lambda: train(DATA, hidden=()), "hidden"),
    (lambda: train(DATA, hidden=(8, 8, 8, 8)), "hidden"),
    (lambda: train(DATA, hidden=(8, 0)), "hidden"),
    (lambda: train(DATA, hidden=8), "hidden"),
    (lambda: train(DATA, activation="sigmoid"), "activation"),
    (lambda: train(DATA, penalty="l1"), "penalty"),
    (lambda: train(DATA, penalty=L1(-0.1)), "lam"),
    (lambda: train(DATA, penalty=L2(-1)), "lam"),
    (lambda: train(DATA, mode="weight_decay"), "mode"),
    (lambda: train(DATA, optimizer="rmsprop"), "optimizer"),
    (lambda: train(DATA, mode="decoupled", optimizer="sgd"), "mode"),
    (lambda: train(DATA, mode="decoupled", optimizer="adam"), "mode"),
    (lambda: train(DATA, mode="loss", optimizer="adamw"), "mode"),
    (lambda: train(DATA, mode="prox", optimizer="adamw"), "mode"),
    (lambda: train(DATA, seed=-3), "seed"),
    (lambda: train(DATA.x_train, steps=3), "dataset"),
    (lambda: Trainer(DATA).configure(mode="decoupled"), "mode"),
    (lambda: Trainer(DATA).configure(lr=float("inf")), "lr"),
    (lambda: Trainer(DATA).step(-1), "k"),
    (lambda: train(DATA, dropout=1.0), "dropout"),
    (lambda: train(DATA, dropout=-0.1), "dropout"),
    (lambda: train(DATA, dropout=float("nan")), "dropout"),
    (lambda: train(DATA, input_noise=-0.01), "input_noise"),
    (lambda: train(DATA, input_noise=float("inf")), "input_noise"),
    (lambda: Trainer(DATA).configure(dropout=1.2), "dropout"),
    (lambda: Trainer(DATA).configure(input_noise=-1), "input_noise"),
]


@pytest.mark.parametrize(("call", "name"), BAD, ids=[f"{i}-{n}" for i, (_, n) in enumerate(BAD)])
def test_bad_input_is_a_value_error_naming_the_parameter(call, name):
    with pytest.raises(ValueError, match=rf"\b{name}\b"):
        call()


def test_the_playground_imports_no_torch():
    code = (
        "import sys\n"
        "import regviz.playground, regviz.plots.playground, regviz.widgets.playground\n"
        "import regviz.exercises.playground\n"
        "from regviz.playground import make_dataset, train\n"
        "train(make_dataset('moons', n=20), steps=3)\n"
        "assert 'torch' not in sys.modules, 'torch was imported'\n"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr


def test_notebook_09_runs_without_torch(tmp_path):
    """The playground notebook joins the browser-only site: it must run where torch is absent."""
    from test_notebooks import NOTEBOOK_DIR, convert

    blocker = tmp_path / "blocked" / "torch"
    blocker.mkdir(parents=True)
    (blocker / "__init__.py").write_text("raise ImportError('torch is blocked for this test')\n")
    nb = convert(NOTEBOOK_DIR / "09_playground.py", tmp_path)
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(
        [str(blocker.parent), str(NOTEBOOK_DIR.parent), os.environ.get("PYTHONPATH", "")])}
    result = subprocess.run(
        [sys.executable, "-m", "pytest", "--nbval-lax", "--nbval-current-env",
         "-p", "no:cacheprovider", "-q", str(nb)],
        cwd=tmp_path, capture_output=True, text=True, timeout=900, env=env,
    )
    assert result.returncode == 0, result.stdout[-4000:] + result.stderr[-2000:]
