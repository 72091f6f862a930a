"""The typed data model of the reproductions and the registry that discovers them."""

from __future__ import annotations

import dataclasses
import json
import subprocess
import sys
import textwrap

import pytest

from regviz import experiments
from regviz.__main__ import main
from regviz.experiments import Claim, History, Reproduction, Result, Row, registry


@dataclasses.dataclass
class PairRow(Row):
    """A row type with columns of its own, one of them a tuple."""

    pair: tuple[float, float] = (0.0, 0.0)
    label: str | None = None
    table: dict = dataclasses.field(default_factory=dict)


@dataclasses.dataclass(frozen=True)
class PairSettings:
    size: int = 3


def _result(name="pair-run"):
    hist = History(loss=[1.0, 0.5], train_error=[0.2], test_error=[0.3],
                   curves={"epoch": [1, 2], "weight_norm": [3.0, 2.5]})
    rows = [PairRow.from_history("a", 0.1, hist, pair=(0.5, 0.25), label="x",
                                 table={"conv": {"shrink": 0.1}}),
            PairRow("a", 0.2, test_error=0.4, pair=(1.0, 2.0)),
            PairRow("b", 0.1, test_error=0.5)]
    claims = [Claim.within("a at 0.1 is 0.3", "src", 0.3, 0.3, tol=0.01, id="a-level"),
              Claim.holds("b is worse", "src", "worse", 0.5, True, tolerance="b > a",
                          id="b-worse")]
    return Result(name, "sample", {"size": 3}, rows, claims)


@pytest.fixture
def pair_spec():
    spec = Reproduction("pair-run", PairSettings(), runner=lambda *a, **k: None,
                        row_type=PairRow, networks=lambda s: 2 * s.size, torch=False)
    registry.register(spec)
    yield spec
    registry.unregister("pair-run")


def test_a_typed_row_round_trips_through_json(pair_spec):
    res = _result()
    text = json.dumps(res.to_dict())
    back = Result.from_dict(json.loads(text))
    assert back == res
    assert type(back.rows[0]) is PairRow and back.rows[0].pair == (0.5, 0.25)
    assert back.rows[0].extra == {} and back.rows[0].table == {"conv": {"shrink": 0.1}}
    assert json.dumps(back.to_dict()) == text
    # the typed columns are JSON keys after the common ones
    keys = list(res.to_dict(history=False)["rows"][0])
    assert keys[:7] == list(experiments.results.ROW_KEYS)
    assert keys[-3:] == ["pair", "label", "table"]


def test_an_unregistered_name_decodes_with_plain_rows():
    d = _result("nobody-registered-this").to_dict()
    back = Result.from_dict(d)
    assert type(back.rows[0]) is Row and back.rows[0].extra["pair"] == [0.5, 0.25]


def test_history_keeps_every_per_epoch_curve():
    hist = History(loss=[1.0], curves={"epoch": [1], "weight_norm": [2.0]})
    d = hist.to_dict()
    assert d["weight_norm"] == [2.0] and "curves" not in d
    back = History.from_dict(json.loads(json.dumps(d)))
    assert back == hist
    assert back.curve("weight_norm") == [2.0] and back.curve("loss") == [1.0]
    with pytest.raises(ValueError, match="name must be one of .*weight_norm.*got 'nope'"):
        back.curve("nope")
    with pytest.raises(ValueError, match="curves must not be named like a field"):
        History(curves={"loss": [1.0]})


def test_rows_columns_and_claims_are_found_by_method_and_id():
    res = _result()
    assert [r.lam for r in res.rows_of("a")] == [0.1, 0.2] and res.rows_of("c") == []
    assert res.row("a", 0.2).test_error == 0.4
    with pytest.raises(ValueError, match="no row with method='a' and lam=0.3"):
        res.row("a", 0.3)
    assert res.column("test_error") == [0.3, 0.4, 0.5]
    assert res.column("pair", method="a") == [(0.5, 0.25), (1.0, 2.0)]
    with pytest.raises(ValueError, match="name must be an attribute"):
        res.column("nope")
    assert res.claim("b-worse").reproduced and res.claim("a-level").source_value == 0.3
    with pytest.raises(ValueError, match=r"id must be one of \['a-level', 'b-worse'\]"):
        res.claim("c")


def test_a_claim_stored_without_id_still_reads():
    d = Claim.holds("x", "src", 1, 1, True, tolerance="t", id="x-id").to_dict()
    assert d["id"] == "x-id" and Claim.from_dict(d).id == "x-id"
    del d["id"]
    assert Claim.from_dict(d).id == "" and Claim.from_dict(d).claim == "x"


def test_the_registry_lists_every_reproduction_in_a_stable_order():
    names = registry.names()
    first = ("fleuret-l2", "fleuret-l1", "forum-l1", "sqrt-penalty", "sgd-weight-decay",
             "adam-vs-adamw", "d2l-weight-decay", "diabetes-cv")
    # new reproductions may join anywhere; the existing ones keep their relative order
    assert tuple(n for n in names if n in first) == first
    assert registry.discover(refresh=True) and registry.names() == names
    for name in registry.shipped():
        assert registry.reference_path(name).exists(), name
    for name in names:
        spec = registry.get(name)
        assert registry.networks_of(name) >= (1 if spec.torch else 0), name
        assert registry.row_type_of(name) is spec.row_type


def test_networks_follow_the_settings(pair_spec):
    assert registry.networks_of("pair-run") == 6
    assert registry.networks_of("pair-run", PairSettings(size=5)) == 10


def test_a_planted_module_is_discovered(tmp_path, monkeypatch):
    (tmp_path / "zz_planted.py").write_text(textwrap.dedent("""
        from dataclasses import dataclass
        from regviz.experiments.registry import Reproduction
        from regviz.experiments.results import Row

        @dataclass
        class PlantedRow(Row):
            extra_column: float = 0.0

        REPRODUCTIONS = (
            Reproduction("planted-one", {"k": 1}, runner=f"{__name__}:run",
                         row_type=PlantedRow, networks=3),
            Reproduction("planted-two", {"k": 2}, runner=f"{__name__}:run", order=0),
        )
    """))
    (tmp_path / "_private.py").write_text("raise RuntimeError('private modules are skipped')\n")
    monkeypatch.setattr(experiments, "__path__", [*experiments.__path__, str(tmp_path)])
    try:
        registry.discover(refresh=True)
        names = registry.names()
        assert names[0] == "planted-two" and names[-1] == "planted-one"
        assert registry.networks_of("planted-one") == 3
        assert registry.row_type_of("planted-one").__name__ == "PlantedRow"
        assert "planted-one" not in registry.shipped()
    finally:
        monkeypatch.undo()
        sys.modules.pop("regviz.experiments.zz_planted", None)
        registry.discover(refresh=True)
    assert "planted-one" not in registry.names()


def test_a_name_declared_twice_is_refused(tmp_path, monkeypatch):
    (tmp_path / "zz_twice.py").write_text(
        "from regviz.experiments.registry import Reproduction\n"
        "REPRODUCTIONS = (Reproduction('forum-l1', {}, runner='x:y'),)\n")
    monkeypatch.setattr(experiments, "__path__", [*experiments.__path__, str(tmp_path)])
    try:
        with pytest.raises(ValueError, match="'forum-l1' is declared by both mnist and zz_twice"):
            registry.discover(refresh=True)
    finally:
        monkeypatch.undo()
        sys.modules.pop("regviz.experiments.zz_twice", None)
        registry.discover(refresh=True)
    assert "forum-l1" in registry.names()


@pytest.mark.parametrize(("bad", "match"), [
    ({"row_type": dict}, "row_type of 'bad' must be a dataclass subclass of Row"),
    ({"networks": -1}, "networks of 'bad' must be an int >= 0"),
    ({"settings": 3}, "settings of 'bad' must be a dataclass instance or a dict"),
])
def test_malformed_declarations_are_refused(bad, match):
    kw = {"settings": {}, **bad}
    with pytest.raises(ValueError, match=match):
        registry.register(Reproduction("bad", runner="x:y", **kw))
    assert "bad" not in registry.names()


def test_discovery_imports_no_torch():
    code = ("import sys; from regviz.experiments import registry; registry.discover(); "
            "print(len(registry.names()), 'torch' in sys.modules)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         check=True)
    n, torch = out.stdout.split()
    assert int(n) >= 8 and torch == "False"


def test_the_command_line_lists_the_reproductions(capsys):
    assert main(["reproduce", "--list"]) == 0
    assert capsys.readouterr().out.split() == list(registry.names())
    assert main(["reproduce", "--list", "--shipped"]) == 0
    listed = capsys.readouterr().out.split()
    assert listed == list(registry.shipped()) and "forum-l1" in listed
    assert "d2l-weight-decay" not in listed
    with pytest.raises(SystemExit):
        main(["reproduce", "--shipped"])
    assert "--shipped goes with --list" in capsys.readouterr().err
    with pytest.raises(SystemExit):
        main(["reproduce"])
    assert "NAME is required" in capsys.readouterr().err
