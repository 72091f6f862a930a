"""Notebooks 06 and 07's checks: right answers pass, wrong ones a hint; oracles right."""

import numpy as np
import pytest
import torch

from regviz.exercises import mnist as ex
from regviz.experiments import Result, Row


def test_number_checks_both_ways(capsys):
    assert not ex.check_steps_to_zero(None)
    assert "replace None" in capsys.readouterr().out
    assert ex.check_steps_to_zero(194) and not ex.check_steps_to_zero(193)
    assert ex.check_steps_to_zero(200, w=0.02, lam=1e-4)
    assert ex.check_steps_to_zero(3, w=0.25, lam=0.1)
    assert ex.check_total_pull(0.04) and not ex.check_total_pull(0.16)
    assert ex.check_total_pull(0.16, batch_size=50)
    assert ex.check_sqrt_crossover(0.0025) and not ex.check_sqrt_crossover(0.05)
    assert ex.check_weight_decay(0.006, 0.003) and not ex.check_weight_decay(0.003, 0.003)
    assert ex.check_sklearn_alpha(0.1, 0.2, 100) and not ex.check_sklearn_alpha(20.0, 0.2, 100)
    capsys.readouterr()
    assert not ex.check_total_pull(0.16)
    out = capsys.readouterr().out
    assert "Not yet" in out and "0.04" not in out  # a hint, never the answer


def test_best_lambda_answer_first():
    rows = [Row("l1-prox", lam, test_error=e) for lam, e in [(0, 0.06), (1e-4, 0.065), (5e-4, 0.5)]]
    res = Result("fleuret-l1", "sample", {}, rows)
    assert ex.check_best_lambda(1e-4, res) and not ex.check_best_lambda(5e-4, res)
    assert not ex.check_best_lambda(None, res)


def test_train_l1_prox_reference_passes_and_slips_are_caught(capsys):
    assert not ex.check_train_l1_prox(None)
    assert ex.check_train_l1_prox(ex._reference_train_l1_prox)

    def l1_in_loss(model, x, y, *, lr, lam, epochs, batch_size):  # a subgradient, not the prox
        opt = torch.optim.SGD(model.parameters(), lr=lr)
        for _ in range(epochs):
            for b in range(0, len(y), batch_size):
                loss = torch.nn.functional.cross_entropy(model(x[b:b + batch_size]),
                                                         y[b:b + batch_size])
                loss = loss + lam * sum(p.abs().sum() for p in model.parameters()) / lr
                opt.zero_grad()
                loss.backward()
                opt.step()
        return model

    capsys.readouterr()
    assert not ex.check_train_l1_prox(l1_in_loss)
    assert "lam=0.01" in capsys.readouterr().out  # lam = 0 agrees; the first penalized case not
    assert not ex.check_train_l1_prox(lambda *a, **k: None)


def test_l2_weights_only(capsys):
    assert ex.check_l2_weights_only(ex._reference_l2_weights_only)
    every = lambda model, lam: lam * sum((p ** 2).sum() for p in model.parameters())  # noqa: E731
    assert not ex.check_l2_weights_only(every)
    as_float = lambda model, lam: float(ex._reference_l2_weights_only(model, lam).detach())  # noqa: E731
    assert not ex.check_l2_weights_only(as_float)


@pytest.mark.parametrize("case", range(3))
def test_adam_oracles_match_torch(case):
    c = ex._adam_cases()[case]
    lam, wd, lr = 0.1, 0.2, 0.01
    for opt_cls, kw, ours in [
        (torch.optim.Adam, {"weight_decay": 2 * lam}, dict(lam=lam, wd=0.0)),
        (torch.optim.AdamW, {"weight_decay": wd}, dict(lam=0.0, wd=wd)),
    ]:
        w = torch.tensor(c["w0"], dtype=torch.float64, requires_grad=True)
        opt = opt_cls([w], lr=lr, **kw)
        for _ in range(c["steps"]):
            opt.zero_grad()
            w.grad = torch.from_numpy(c["grad"](w.detach().numpy()))
            opt.step()
        want = ex._adam(c["w0"], c["grad"], lr=lr, steps=c["steps"], **ours)
        np.testing.assert_allclose(w.detach().numpy(), want, rtol=1e-10, atol=1e-12)


def test_adam_checks_tell_the_two_apart():
    adam_l2 = lambda w0, grad, *, lr, lam, steps: ex._adam(w0, grad, lr=lr, lam=lam, wd=0.0,  # noqa: E731
                                                          steps=steps)
    adamw = lambda w0, grad, *, lr, wd, steps: ex._adam(w0, grad, lr=lr, lam=0.0, wd=wd,  # noqa: E731
                                                       steps=steps)
    assert ex.check_adam_l2(adam_l2) and ex.check_adamw(adamw)
    # AdamW written as Adam + L2 with lam = wd / 2 is caught
    assert not ex.check_adamw(lambda w0, grad, *, lr, wd, steps: adam_l2(w0, grad, lr=lr,
                                                                         lam=wd / 2, steps=steps))
    assert not ex.check_adam_l2(None) and not ex.check_adamw(None)


def test_best_lambda_reads_typed_results():
    from regviz.experiments import Row

    rows = [Row(method="l1-prox", lam=lam, test_error=e) for lam, e in [(0.0, 0.06), (1e-4, 0.065),
                                                                         (5e-4, 0.5)]]

    class Res:  # the typed Result's .rows is all the check reads
        pass

    res = Res()
    res.rows = rows
    assert ex.check_best_lambda(1e-4, res) and not ex.check_best_lambda(5e-4, res)
