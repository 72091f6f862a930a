import json

from regviz import experiments
from regviz.__main__ import SUBCOMMANDS, main

KEYS = {"method", "lambda", "train_error", "test_error", "zero_fraction", "final_loss",
        "diverged_at_epoch"}


def test_reproduce_json_contract(tmp_path, monkeypatch, capsys):
    monkeypatch.setenv("REGVIZ_CACHE", str(tmp_path))
    assert main(["reproduce", "sgd-weight-decay", "--json"]) == 0
    out = json.loads(capsys.readouterr().out)
    assert {"name", "source", "config", "rows", "claims", "provenance"} <= set(out)
    assert out["claims"] and all(set(c) >= {"claim", "source_value", "ours", "reproduced", "note"}
                                 for c in out["claims"])
    assert out["provenance"]["device"] == "cpu" and out["provenance"]["torch_version"]
    assert out["name"] == "sgd-weight-decay" and out["source"] == "sample"
    for row in out["rows"]:
        assert KEYS <= set(row) and row["diverged_at_epoch"] is None
        assert row["max_abs_weight_diff"] <= 1e-5
    for flags in ([], ["--markdown"]):
        assert main(["reproduce", "sgd-weight-decay", *flags]) == 0
        text = capsys.readouterr().out
        assert "| method |" in text and "| source | claim |" in text
    assert main(["reproduce", "sgd-weight-decay", "--latex"]) == 0
    assert "tabular" in capsys.readouterr().out


def test_subcommand_table():
    assert "reproduce" in SUBCOMMANDS and set(experiments.NAMES) >= {"fleuret-l2", "adam-vs-adamw"}
