import torch

from regviz.models import make_model


def test_shapes_and_sizes():
    x = torch.zeros(3, 1, 28, 28)
    for name in ("convnet", "mlp"):
        assert make_model(name).eval()(x).shape == (3, 10)
    conv = make_model("convnet")
    assert conv.fc1.in_features == 256 and conv.fc1.out_features == 200


def test_seeded_init_leaves_global_state():
    state = torch.random.get_rng_state()
    a, b = make_model("mlp", seed=3), make_model("mlp", seed=3)
    assert torch.equal(torch.random.get_rng_state(), state)
    for p, q in zip(a.parameters(), b.parameters(), strict=True):
        assert torch.equal(p, q)
