"""The networks of the sources: the lecture's small convnet and the forum's MLP."""

from __future__ import annotations

import torch
from torch import nn


class LectureConvNet(nn.Module):
    """Convnet of the lecture notes (1,000 MNIST digits).

    conv 32 5x5 -> max-pool 3 -> ReLU -> conv 64 5x5 -> max-pool 2 -> ReLU -> fc 256 -> 200
    -> ReLU -> fc 200 -> 10. Input (n, 1, 28, 28): 28 -> 24 -> 8 -> 4 -> 2, so 64*2*2 = 256.
    """

    def __init__(self, *, hidden: int = 200):
        super().__init__()
        self.conv1 = nn.Conv2d(1, 32, kernel_size=5)
        self.conv2 = nn.Conv2d(32, 64, kernel_size=5)
        self.fc1 = nn.Linear(256, hidden)
        self.fc2 = nn.Linear(hidden, 10)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        """Logits of shape (n, 10)."""
        x = torch.relu(nn.functional.max_pool2d(self.conv1(x), kernel_size=3, stride=3))
        x = torch.relu(nn.functional.max_pool2d(self.conv2(x), kernel_size=2, stride=2))
        x = torch.relu(self.fc1(x.flatten(1)))
        return self.fc2(x)


class ForumMLP(nn.Module):
    """MLP of the forum thread: 784 -> 200 -> 200 -> 10, dropout 0.3 / 0.4, LeakyReLU.

    ``dropout`` gives the two rates (the forum's by default; ``(0.0, 0.0)`` turns dropout off).
    """

    def __init__(self, *, dropout: tuple[float, float] = (0.3, 0.4)):
        super().__init__()
        first, second = dropout
        self.model = nn.Sequential(
            nn.Flatten(),
            nn.Linear(784, 200),
            nn.Dropout(first),
            nn.LeakyReLU(),
            nn.Linear(200, 200),
            nn.Dropout(second),
            nn.LeakyReLU(),
            nn.Linear(200, 10),
        )

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        """Logits of shape (n, 10)."""
        return self.model(x)


MODELS = {"convnet": LectureConvNet, "mlp": ForumMLP}


def make_model(name: str, *, seed: int = 0, **options) -> nn.Module:
    """Build model ``name`` (``"convnet"`` or ``"mlp"``) with weights drawn from ``seed``.

    ``options`` go to the model's constructor (the MLP's ``dropout=(p1, p2)``).

    The initialization uses a local generator state (``torch.random.fork_rng``), so the global
    torch seed of the caller is left untouched.
    """
    if name not in MODELS:
        raise ValueError(f"model must be one of {sorted(MODELS)}, got {name!r}")
    with torch.random.fork_rng(devices=[]):
        torch.manual_seed(seed)
        return MODELS[name](**options)
