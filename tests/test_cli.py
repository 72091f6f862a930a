import json

from regviz import experiments
from regviz.__main__ import SUBCOMMANDS, main

KEYS = {"method", "lambda", "train_error", "test_error", "zero_fraction", "final_loss",
        "diverged_at_epoch"}


def test_reproduce_json_contract(tmp_path, monkeypatch, capsys):
    monkeypatch.setenv("REGVIZ_CACHE", str(tmp_path))
    assert main(["reproduce", "sgd-weight-decay", "--json"]) == 0
    out = json.loads(capsys.readouterr().out)
    assert set(out) == {"name", "source", "config", "rows"}
    assert out["name"] == "sgd-weight-decay" and out["source"] == "sample"
    for row in out["rows"]:
        assert KEYS <= set(row) and row["diverged_at_epoch"] is None
        assert row["max_abs_weight_diff"] <= 1e-5
    for flags in ([], ["--markdown"]):
        assert main(["reproduce", "sgd-weight-decay", *flags]) == 0
        assert "| method |" in capsys.readouterr().out
    assert main(["reproduce", "sgd-weight-decay", "--latex"]) == 0
    assert "tabular" in capsys.readouterr().out


def test_subcommand_table():
    assert "reproduce" in SUBCOMMANDS and set(experiments.NAMES) >= {"fleuret-l2", "adam-vs-adamw"}
