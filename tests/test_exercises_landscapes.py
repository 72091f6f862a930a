"""Notebook 01's checks accept the right answers and reject wrong ones."""

from regviz.exercises.landscapes import check_jump_lambda, check_l1_threshold, check_l2_minimizer


def test_l1_threshold(capsys):
    assert check_l1_threshold(1.5)
    assert "Correct" in capsys.readouterr().out
    assert not check_l1_threshold(1.0)
    assert "Not yet" in capsys.readouterr().out
    assert not check_l1_threshold(None)
    assert not check_l1_threshold("one and a half")


def test_l2_minimizer():
    assert check_l2_minimizer(0.464)
    assert check_l2_minimizer(0.2915, lam=2.0)
    assert not check_l2_minimizer(0.5)
    assert not check_l2_minimizer(0.0)


def test_jump_lambda():
    assert check_jump_lambda(0.89)
    assert not check_jump_lambda(1.5)
    assert not check_jump_lambda(0.5)
