import json
from pathlib import Path

import numpy as np
import pytest
import torch
from torch import nn

from regviz.models import make_model
from regviz.penalties import L1, L2
from regviz.training import EpochRecord, Recording, Regularization, Trainer, fit


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
             progress=False, seed=5, recording=Recording(histogram_epochs=(0, 2)))
         for _ in range(2)]
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
    naive = Regularization(lambda p: 0.01 * torch.sqrt(p.abs()).sum(), "loss", params="all")
    h = fit(m, tiny_data(), epochs=3, lr=0.01, batch_size=16, progress=False,
            regularization=naive)
    assert h.diverged_at_epoch == 1


@pytest.mark.parametrize("momentum", [0.0, 0.9])
def test_explicit_l2_equals_sgd_weight_decay(momentum):
    lam = 0.01
    m1, m2 = tiny(), tiny()
    kw = dict(epochs=2, lr=0.05, batch_size=16, momentum=momentum, progress=False)
    fit(m1, tiny_data(), regularization=Regularization(L2(lam), "loss", params="all"), **kw)
    fit(m2, tiny_data(), regularization=Regularization(L2(lam), "weight_decay", params="all"),
        **kw)
    diff = max((p - q).abs().max().item() for p, q in zip(m1.parameters(), m2.parameters(),
                                                           strict=True))
    assert diff <= 1e-5


def test_adam_l2_is_not_adamw():
    lam = 0.01
    m1, m2 = tiny(), tiny()
    kw = dict(epochs=2, lr=0.01, batch_size=16, progress=False)
    fit(m1, tiny_data(), optimizer="adam",
        regularization=Regularization(L2(lam), "loss", params="all"), **kw)
    fit(m2, tiny_data(), optimizer="adamw",
        regularization=Regularization(L2(lam), "decoupled", params="all"), **kw)
    diff = max((p - q).abs().max().item() for p, q in zip(m1.parameters(), m2.parameters(),
                                                           strict=True))
    assert diff > 1e-3


def test_prox_l1_gives_exact_zeros_weights_only():
    m = tiny()
    h = fit(m, tiny_data(), epochs=2, lr=0.1, batch_size=16, progress=False,
            regularization=Regularization(L1(0.5), "prox"))
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
    ({"momentum": 1.5}, "momentum"), ({"regularization": L1(0.1)}, "regularization"),
    ({"regularization": Regularization(L2(0.1), "weight_decay"), "optimizer": "adamw"},
     "how='weight_decay' needs optimizer"),
    ({"regularization": Regularization(L2(0.1), "decoupled")}, "how='decoupled' needs"),
])
def test_bad_arguments(kw, match):
    with pytest.raises(ValueError, match=match):
        fit(tiny(), tiny_data(), progress=False, **kw)


@pytest.mark.parametrize("kw,match", [
    ({"penalty": L1(0.1), "how": "x"}, "how must be one of"),
    ({"penalty": L1(0.1), "params": "bias"}, "params must be one of"),
    ({"penalty": L1(0.1), "how": "weight_decay"}, r"penalty must be L2\(lam\)"),
    ({"penalty": lambda w: w.sum(), "how": "prox"}, "penalty must have a prox"),
    ({"penalty": 3.0}, "penalty must be a regviz penalty"),
])
def test_bad_regularization(kw, match):
    with pytest.raises(ValueError, match=match):
        Regularization(**kw)


def test_bad_recording():
    with pytest.raises(ValueError, match="histogram_bins must be an integer >= 1"):
        Recording(histogram_bins=0)
    with pytest.raises(ValueError, match="params must be one of"):
        Recording(params="bias")


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


# --- the reshape keeps the numbers: new fit vs golden histories of the loop as it was
GOLDEN = json.loads((Path(__file__).parent / "golden" / "fit_histories.json").read_text())["cases"]


def _close(new, old, where="history"):
    """Equal structure, equal strings and None, numbers equal to 1e-6 (relative)."""
    if isinstance(old, dict):
        assert isinstance(new, dict) and new.keys() == old.keys(), where
        for key in old:
            _close(new[key], old[key], f"{where}.{key}")
    elif isinstance(old, list):
        assert isinstance(new, list) and len(new) == len(old), where
        for i, (a, b) in enumerate(zip(new, old, strict=True)):
            _close(a, b, f"{where}[{i}]")
    elif isinstance(old, float) and not isinstance(new, bool):
        assert new == pytest.approx(old, rel=1e-6, abs=1e-9, nan_ok=True), where
    else:
        assert new == old, where


def _same_run(case, new_kw, *, model="mlp", epochs=3):
    # two threads, as the golden file was written: another count moves the 7th digit
    golden = GOLDEN[case]
    m = make_model(model, seed=2)
    h = fit(m, tiny_data(), device="cpu", epochs=epochs, lr=0.05, batch_size=16,
            progress=False, seed=3, threads=2, **new_kw).to_dict()
    h.pop("time")
    _close(json.loads(json.dumps(h)), golden["history"])
    params = [p.detach().double() for p in m.parameters()]
    _close([float(p.sum()) for p in params], golden["parameter_sums"], "parameter sums")
    _close([float(p.norm()) for p in params], golden["parameter_norms"], "parameter norms")


@pytest.mark.parametrize("case,new_kw", [
    ("plain", {}),
    ("l2-loss-all", {"regularization": Regularization(L2(0.01), "loss", params="all")}),
    ("l1-prox-all", {"regularization": Regularization(L1(0.5), "prox", params="all")}),
    ("l1-loss-weights", {"regularization": Regularization(L1(0.001), "loss")}),
    ("weight-decay-momentum",  # torch's weight_decay 0.001 is regviz's L2(0.0005)
     {"regularization": Regularization(L2(0.0005), "weight_decay", params="all"),
      "momentum": 0.9}),
    ("adamw", {"regularization": Regularization(L2(0.01), "decoupled", params="all"),
               "optimizer": "adamw"}),
    ("sqrt-penalty-fn",
     {"regularization": Regularization(lambda w: 0.01 * torch.sqrt(w.abs()).sum(), "loss")}),
    ("recording-once-last",
     {"recording": Recording(params="all", histogram_epochs=(0, 3), histogram_range=(-.3, .3)),
      "shuffle": "once", "evaluate": "last"}),
])
def test_reshaped_fit_gives_the_numbers_of_the_old_one(case, new_kw):
    _same_run(case, new_kw)  # the MLP has dropout: the torch generator's state matters too


def test_reshaped_fit_same_numbers_convnet_mse():
    _same_run("convnet-mse-l1-prox",
              {"regularization": Regularization(L1(0.1), "prox", params="all"), "loss": "mse"},
              model="convnet", epochs=2)


def test_golden_check_fails_on_a_changed_run():
    with pytest.raises(AssertionError):
        _same_run("l2-loss-all", {"regularization": Regularization(L2(0.0101), "loss",
                                                                   params="all")})


# --- the trainer: one epoch at a time, stop whenever
def test_trainer_steps_and_iterates_to_the_same_history_as_fit():
    kw = dict(epochs=3, lr=0.05, batch_size=16, seed=1)
    h = fit(make_model("mlp", seed=1), tiny_data(), progress=False, **kw)
    trainer = Trainer(make_model("mlp", seed=1), tiny_data(), **kw)
    first = trainer.step_epoch()
    assert isinstance(first, EpochRecord) and first.epoch == 1 and first.epochs == 3
    torch.rand(5)  # other code drawing from torch between epochs changes nothing
    rest = list(trainer)
    assert [r.epoch for r in rest] == [2, 3] and trainer.done
    assert trainer.history.loss == h.loss and trainer.history.test_error == h.test_error
    with pytest.raises(RuntimeError, match="done"):
        trainer.step_epoch()


def test_trainer_stops_when_the_caller_breaks():
    trainer = Trainer(tiny(), tiny_data(), epochs=50, lr=0.1, batch_size=16)
    for record in trainer:
        if record.epoch == 2:
            break
    assert trainer.epoch == 2 and not trainer.done and len(trainer.history.loss) == 2


def test_trainer_leaves_the_callers_torch_state_alone():
    torch.manual_seed(123)
    expected = torch.rand(3)
    torch.manual_seed(123)
    trainer = Trainer(make_model("mlp"), tiny_data(), epochs=2, lr=0.05, batch_size=16)
    trainer.step_epoch()
    assert torch.equal(torch.rand(3), expected)


def test_epoch_record_of_a_divergence():
    m = tiny()
    with torch.no_grad():
        m.fc.weight[0, 0] = float("inf")
    record = Trainer(m, tiny_data(), epochs=5, lr=0.1, batch_size=16).step_epoch()
    assert record.diverged and record.loss is None and "loss" in record.cause
