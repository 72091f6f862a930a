import numpy as np
import pytest
import torch
from torch import nn

from regviz.models import make_model
from regviz.penalties import L1, L2
from regviz.training import fit


def tiny_data(n=64, seed=0):
    g = torch.Generator().manual_seed(seed)
    x = torch.randn(n, 1, 28, 28, generator=g)
    y = torch.randint(0, 10, (n,), generator=g)
    return (x, y, x[:32], y[:32])


class Tiny(nn.Module):
    def __init__(self):
        super().__init__()
        self.fc = nn.Linear(784, 10)

    def forward(self, x):
        return self.fc(x.flatten(1))


def tiny(seed=0):
    torch.manual_seed(seed)
    return Tiny()


def test_determinism_identical_history():
    h = [fit(make_model("mlp", seed=1), tiny_data(), epochs=2, lr=0.05, batch_size=16,
             progress=False, seed=5, histogram_epochs=(0, 2)) for _ in range(2)]
    a, b = h[0].to_dict(), h[1].to_dict()
    a.pop("time"), b.pop("time")
    assert a == b


def test_progress_bar_runs():
    h = fit(tiny(), tiny_data(), epochs=1, lr=0.1, batch_size=16, progress=True)
    assert len(h.loss) == 1


def test_divergence_detected_and_stopped():
    m = tiny()
    with torch.no_grad():
        m.fc.weight[0, 0] = float("inf")
    h = fit(m, tiny_data(), epochs=5, lr=0.1, batch_size=16, progress=False)
    assert h.diverged_at_epoch == 1 and "loss" in h.cause
    assert len(h.loss) == 0


def test_nan_from_sqrt_at_zero():
    m = tiny()
    with torch.no_grad():
        m.fc.bias.zero_()
    h = fit(m, tiny_data(), epochs=3, lr=0.01, batch_size=16, progress=False, params="all",
            penalty_fn=lambda p: 0.01 * torch.sqrt(p.abs()).sum())
    assert h.diverged_at_epoch == 1


@pytest.mark.parametrize("momentum", [0.0, 0.9])
def test_explicit_l2_equals_sgd_weight_decay(momentum):
    lam = 0.01
    m1, m2 = tiny(), tiny()
    kw = dict(epochs=2, lr=0.05, batch_size=16, momentum=momentum, progress=False, params="all")
    fit(m1, tiny_data(), penalty=L2(lam), **kw)
    fit(m2, tiny_data(), weight_decay=2 * lam, **kw)
    diff = max((p - q).abs().max().item() for p, q in zip(m1.parameters(), m2.parameters(),
                                                           strict=True))
    assert diff <= 1e-5


def test_adam_l2_is_not_adamw():
    lam = 0.01
    m1, m2 = tiny(), tiny()
    kw = dict(epochs=2, lr=0.01, batch_size=16, progress=False, params="all")
    fit(m1, tiny_data(), optimizer="adam", penalty=L2(lam), **kw)
    fit(m2, tiny_data(), optimizer="adamw", weight_decay=2 * lam, **kw)
    diff = max((p - q).abs().max().item() for p, q in zip(m1.parameters(), m2.parameters(),
                                                           strict=True))
    assert diff > 1e-3


def test_prox_l1_gives_exact_zeros_weights_only():
    m = tiny()
    h = fit(m, tiny_data(), epochs=2, lr=0.1, batch_size=16, progress=False,
            penalty=L1(0.5), penalty_mode="prox")
    assert h.zero_fraction[-1] > 0.5
    assert (m.fc.bias != 0).any()


def test_end_to_end_convnet_learns_a_little():
    from regviz.data import load_sample

    d = load_sample(n_train_per_class=10, cache=False)
    h = fit(make_model("convnet"), (d.x_train, d.y_train, d.x_test[:500], d.y_test[:500]),
            epochs=3, lr=0.1, batch_size=20, progress=False)
    assert len(h.test_error) == 3 and h.loss[-1] < h.loss[0]
    assert np.isfinite(h.loss).all()


@pytest.mark.parametrize("kw,match", [
    ({"epochs": 0}, "epochs"), ({"lr": -1}, "lr"), ({"optimizer": "rmsprop"}, "optimizer"),
    ({"penalty_mode": "x"}, "penalty_mode"), ({"params": "bias"}, "params"),
    ({"momentum": 1.5}, "momentum"), ({"penalty_mode": "prox"}, "penalty"),
])
def test_bad_arguments(kw, match):
    with pytest.raises(ValueError, match=match):
        fit(tiny(), tiny_data(), progress=False, **kw)


class Recorder(Tiny):
    """Tiny model that remembers which training examples each batch held (by their value)."""

    def __init__(self, lookup):
        super().__init__()
        self.lookup, self.batches = lookup, []

    def forward(self, x):
        if self.training:
            self.batches.append([self.lookup[float(v)] for v in x[:, 0, 0, 0]])
        return super().forward(x)


@pytest.mark.parametrize("shuffle", ["every_epoch", "once"])
def test_shuffle_once_repeats_one_order(shuffle):
    data = tiny_data()
    lookup = {float(v): i for i, v in enumerate(data[0][:, 0, 0, 0])}
    torch.manual_seed(0)
    model = Recorder(lookup)
    fit(model, data, epochs=3, lr=0.01, batch_size=16, shuffle=shuffle, evaluate=False,
        progress=False)
    epochs = [sum(model.batches[k:k + 4], []) for k in (0, 4, 8)]  # 64 examples, 4 batches
    assert all(sorted(e) == list(range(64)) for e in epochs)  # each epoch sees every example
    assert epochs[0] != list(range(64))  # in a random order, not the stored one
    if shuffle == "once":
        assert epochs[0] == epochs[1] == epochs[2]
    else:
        assert epochs[0] != epochs[1] and epochs[1] != epochs[2]


def test_shuffle_every_epoch_is_the_default_and_bad_values_say_what_is_allowed():
    h = [fit(tiny(), tiny_data(), epochs=2, lr=0.05, batch_size=16, progress=False, **kw)
         for kw in ({}, {"shuffle": "every_epoch"})]
    assert h[0].loss == h[1].loss
    with pytest.raises(ValueError, match=r"shuffle must be one of \('every_epoch', 'once'\)"):
        fit(tiny(), tiny_data(), epochs=1, shuffle=False, progress=False)
