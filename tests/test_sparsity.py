"""What exact zeros save: storage bytes against scipy, pruning against the full network."""

from __future__ import annotations

import numpy as np
import pytest
from scipy import sparse

from regviz.experiments import registry, reproduce
from regviz.sparsity import csr_bytes, dense_bytes, make_globe, sample_globe, stored_bytes


@pytest.mark.parametrize("shape", [(50,), (7, 30), (200, 784)])
@pytest.mark.parametrize("density", [0.0, 0.05, 0.6, 1.0])
def test_bytes_match_scipy_and_numpy_storage(shape, density):
    rng = np.random.default_rng(0)
    w = rng.normal(size=shape) * (rng.random(shape) < density)
    m = sparse.csr_matrix(np.atleast_2d(w).astype(np.float32))
    m.indices = m.indices.astype(np.int32)
    m.indptr = m.indptr.astype(np.int32)
    assert csr_bytes(w) == m.data.nbytes + m.indices.nbytes + m.indptr.nbytes
    assert dense_bytes(w) == w.astype(np.float32).nbytes == stored_bytes(w, "dense")
    with pytest.raises(ValueError, match="^layout must be"):
        stored_bytes(w, "coo")


def test_globe_one_hot_cross_puts_each_point_in_its_cell():
    globe = make_globe(20, 40, islands=5, seed=3)
    X, y, lat, lon = sample_globe(globe, 5000, seed=1)
    assert X.shape == (5000, 800) and np.all(X.sum(axis=1) == 1)
    cell = X.indices
    assert np.all(cell // 40 == np.floor((lat + 90) / 9).astype(int))
    assert np.all(cell % 40 == np.floor((lon + 180) / 9).astype(int))
    # labels follow the cell's probability: islands mostly 1, the ocean mostly 0
    on = globe.signal.ravel()[cell]
    assert y[on].mean() > 0.8 and y[~on].mean() < 0.05
    for bad, name in ((lambda: make_globe(4, 40), "lat_buckets"),
                      (lambda: make_globe(20, 40, p_signal=1.5), "p_signal"),
                      (lambda: sample_globe(globe, 0), "n")):
        with pytest.raises(ValueError, match=rf"^{name} must"):
            bad()


def test_pruned_network_computes_the_same_function():
    torch = pytest.importorskip("torch")
    from regviz.experiments.sparsity import linear_layers, prune_units, sparse_forward
    from regviz.models import make_model

    net = make_model("mlp", seed=0).eval()
    layers = linear_layers(net)
    with torch.no_grad():
        layers[0].weight[::3] = 0.0  # a third of the first hidden layer's units die
        layers[0].bias[0] = -0.5  # a dead unit with a negative bias: LeakyReLU's slope matters
        layers[1].weight[5:60] = 0.0
    small = prune_units(net)
    assert [m.out_features for m in linear_layers(small)] == [200 - 67, 200 - 55, 10]
    x = torch.randn(64, 1, 28, 28)
    with torch.no_grad():
        np.testing.assert_allclose(small(x).numpy(), net(x).numpy(), rtol=1e-5, atol=1e-5)
        np.testing.assert_allclose(sparse_forward(net)(x).numpy(), net(x).numpy(),
                                   rtol=1e-5, atol=1e-5)


def test_registered_and_shipped():
    spec = registry.get("sparsity-pays")
    assert spec.reference and "sparsity-pays" in registry.shipped()
    result = reproduce("sparsity-pays")
    nets = [r for r in result.rows if r.model == "forum-mlp"]
    assert registry.networks_of("sparsity-pays") == len(nets)


def test_shipped_feature_cross_l1_pays():
    from regviz.experiments.sparsity import BYTES_SHARE, ERROR_MARGIN

    result = reproduce("sparsity-pays")
    cross = [r for r in result.rows if r.model == "feature-cross"]
    l2 = next(r for r in cross if r.method == "l2" and r.selected)
    l1 = next(r for r in cross if r.method == "l1" and r.selected)
    assert l1.stored_bytes <= BYTES_SHARE * l2.stored_bytes
    assert l1.test_error <= l2.test_error + ERROR_MARGIN
    assert all(r.zero_fraction == 0 for r in cross if r.method == "l2")
    assert l2.stored_bytes == 4 * (result.config["feature_cross"]["dimensions"] + 1)
    assert result.claim("l2-no-exact-zeros").reproduced
    assert result.claim("l1-reaps-ram-savings").reproduced


def test_shipped_networks_have_what_the_notebook_reads():
    result = reproduce("sparsity-pays")
    nets = {r.method: r for r in result.rows if r.model == "forum-mlp"}
    assert {"none", "l1-loss", "l1-prox", "group-lasso-prox"} <= set(nets)
    dense = nets["none"]
    assert dense.parameters == 784 * 200 + 200 + 200 * 200 + 200 + 200 * 10 + 10
    for r in nets.values():
        assert r.inference_ms > 0 and r.parameters <= dense.parameters
    g = nets["group-lasso-prox"]
    assert g.parameters < dense.parameters and g.stored_bytes == 4 * g.parameters
    assert nets["l1-prox"].inference_ms_sparse > 0
