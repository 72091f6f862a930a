r"""Notebook 09's playground: 2D data sets and a small numpy network trained while you watch.

Everything here is NumPy (no torch import), so the playground also runs in a browser-only
Python. The network, its loss and its optimizers match torch step for step (the tests use torch
as the oracle, in float64).

Data
    :func:`make_dataset` draws one of :data:`DATASETS` from a seed, labels 0 / 1, split into a
    train and a test half (defined in :mod:`regviz.playground_data`, importable from here).
Model
    A fully connected network :math:`2 \to h_1 \to \dots \to h_L \to 1` with tanh or ReLU, its
    output :math:`z` the logit of class 1, trained full batch on the mean binary cross-entropy
    :math:`\ell(z, y) = \log(1 + e^{z}) - yz`.
Regularization
    A penalty from :mod:`regviz.penalties` acts on the weight matrices (not the biases), with
    ``lam`` multiplying the sum over the weights, in one of three ways (``mode``):

    - ``"loss"``: added to the loss, its (sub)gradient joins the data gradient;
    - ``"prox"``: after each optimizer step on the data loss, :math:`W \leftarrow
      \operatorname{prox}_{lr \cdot penalty}(W)` (exact zeros for L1, Lp with p <= 1; whole
      rows, a unit's incoming weights, for ``GroupLasso``);
    - ``"decoupled"``: AdamW's decoupled decay :math:`W \leftarrow W - lr\,\nabla R(W)` beside
      the Adam step, which does not see the penalty (for L2 that is torch's ``AdamW`` with
      ``weight_decay = 2 lam``).

    Two regularizers that act on the data instead, during training only (the recorded losses
    and accuracies, the boundary and :func:`predict_proba` use the clean network):

    - ``dropout``: inverted dropout on the hidden units, each unit's output zeroed with
      probability ``dropout`` and the kept ones multiplied by :math:`1 / (1 - dropout)`, a new
      mask per point and step;
    - ``input_noise``: Gaussian noise of standard deviation ``input_noise`` added to each
      training point's coordinates, new at every step.

    Their random draws come from a generator seeded by ``seed``, so a run replays exactly.

A :class:`Trainer` holds the state of one run and steps it; :func:`train` and the notebook's
panel both drive it, so they share one code path.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from .penalties import Penalty
from .playground_data import DATASETS, Dataset, make_dataset

__all__ = [
    "DATASETS",
    "ACTIVATIONS",
    "MODES",
    "OPTIMIZERS",
    "HISTORY_KEYS",
    "Dataset",
    "make_dataset",
    "init_params",
    "forward",
    "loss_and_grads",
    "SGD",
    "Adam",
    "Trainer",
    "TrainResult",
    "train",
    "zero_fraction",
    "predict_proba",
    "largest_moves",
]

ACTIVATIONS: tuple[str, ...] = ("tanh", "relu")
MODES: tuple[str, ...] = ("loss", "prox", "decoupled")
OPTIMIZERS: tuple[str, ...] = ("sgd", "adam", "adamw")
HISTORY_KEYS: tuple[str, ...] = (
    "step", "train_loss", "test_loss", "train_accuracy", "test_accuracy", "zero_fraction",
)


def _choice(name: str, value: Any, allowed: Sequence[str]) -> str:
    if value not in allowed:
        raise ValueError(f"{name} must be one of {list(allowed)}, got {value!r}")
    return value


def _int(name: str, value: Any, low: int) -> int:
    if isinstance(value, bool) or not isinstance(value, (int, np.integer)) or value < low:
        raise ValueError(f"{name} must be an integer >= {low}, got {value!r}")
    return int(value)


def _number(name: str, value: Any, *, low: float = 0.0, high: float = np.inf,
            open_low: bool = False, open_high: bool = False) -> float:
    ok = isinstance(value, (int, float, np.integer, np.floating)) and not isinstance(value, bool)
    v = float(value) if ok else np.nan
    inside = (v > low if open_low else v >= low) and (v < high if open_high else v <= high)
    if not (ok and np.isfinite(v) and inside):
        lo, hi = "(" if open_low else "[", ")" if open_high else "]"
        raise ValueError(f"{name} must be a finite number in {lo}{low:g}, {high:g}{hi}, "
                         f"got {value!r}")
    return v


# -- the network -------------------------------------------------------------------------------
def init_params(
    sizes: Sequence[int], *, seed: int = 0
) -> tuple[list[np.ndarray], list[np.ndarray]]:
    r"""Weights and biases of a network with layer sizes ``sizes`` (inputs first).

    Weights are Glorot-uniform, :math:`W_k \sim U(-a, a)` with :math:`a = \sqrt{6 / (n_{in} +
    n_{out})}`, shape ``(n_out, n_in)`` as in ``torch.nn.Linear``; biases start at 0.
    """
    rng = np.random.default_rng(seed)
    weights, biases = [], []
    for n_in, n_out in zip(sizes[:-1], sizes[1:], strict=True):
        a = np.sqrt(6.0 / (n_in + n_out))
        weights.append(rng.uniform(-a, a, (n_out, n_in)))
        biases.append(np.zeros(n_out))
    return weights, biases


def _act(z: np.ndarray, activation: str) -> np.ndarray:
    return np.tanh(z) if activation == "tanh" else np.maximum(z, 0.0)


def forward(weights: Sequence[np.ndarray], biases: Sequence[np.ndarray], x: np.ndarray,
            activation: str = "tanh") -> tuple[np.ndarray, list[np.ndarray]]:
    r"""The logits :math:`z` of the points ``x`` (shape ``(n, 2)``) and every layer's output.

    :math:`a_0 = x`, :math:`a_k = \sigma(a_{k-1} W_k^T + b_k)` for the hidden layers, and the
    last layer is linear: :math:`z = a_{L} W_{L+1}^T + b_{L+1}`.
    """
    outs = [x]
    a = x
    for k, (w, b) in enumerate(zip(weights, biases, strict=True)):
        z = a @ w.T + b
        a = z if k == len(weights) - 1 else _act(z, activation)
        outs.append(a)
    return a[:, 0], outs


def _bce(z: np.ndarray, y: np.ndarray) -> float:
    """Mean of ``log(1 + exp(z)) - y z``, computed without overflow."""
    return float(np.mean(np.maximum(z, 0.0) - y * z + np.log1p(np.exp(-np.abs(z)))))


def loss_and_grads(weights: Sequence[np.ndarray], biases: Sequence[np.ndarray], x: np.ndarray,
                   y: np.ndarray, activation: str = "tanh"
                   ) -> tuple[float, list[np.ndarray], list[np.ndarray]]:
    r"""Mean binary cross-entropy and its gradients by backpropagation.

    :math:`\partial \ell / \partial z = (\operatorname{sigmoid}(z) - y) / n`; through a layer,
    :math:`\delta_{k-1} = (\delta_k W_k) \odot \sigma'`, :math:`\nabla W_k = \delta_k^T a_{k-1}`,
    :math:`\nabla b_k = \sum_i \delta_k`, with :math:`\tanh' = 1 - a^2` and ReLU's derivative
    taken as 0 at 0 (as torch does).
    """
    z, outs = forward(weights, biases, x, activation)
    return (_bce(z, y), *_backprop(weights, outs, y, activation))


def _backprop(weights: Sequence[np.ndarray], outs: list[np.ndarray], y: np.ndarray,
              activation: str, masks: Sequence[np.ndarray] | None = None, p: float = 0.0
              ) -> tuple[list[np.ndarray], list[np.ndarray]]:
    r"""The gradients of the mean cross-entropy from the layer outputs of :func:`forward`.

    With ``masks`` (from :func:`_dropout_forward`) the hidden outputs ``outs[k]`` are the
    dropped-out ones, :math:`\sigma(z) m / (1 - p)` with ``masks[k]`` :math:`= m / (1 - p)`.
    """
    z = outs[-1][:, 0]
    delta = ((1.0 / (1.0 + np.exp(-z))) - y)[:, None] / len(y)
    gw: list[np.ndarray] = [np.empty(0)] * len(weights)
    gb: list[np.ndarray] = [np.empty(0)] * len(weights)
    for k in range(len(weights) - 1, -1, -1):
        gw[k] = delta.T @ outs[k]
        gb[k] = delta.sum(axis=0)
        if k:
            back = delta @ weights[k]
            a = outs[k]
            if masks is not None:  # through the mask; a kept unit's activation is a * (1 - p)
                back = back * masks[k]
                a = a * (1.0 - p)
            delta = back * (1.0 - a * a) if activation == "tanh" else back * (a > 0)
    return gw, gb


def _dropout_forward(weights: Sequence[np.ndarray], biases: Sequence[np.ndarray], x: np.ndarray,
                     activation: str, p: float, rng: np.random.Generator
                     ) -> tuple[list[np.ndarray], list[np.ndarray] | None]:
    r"""A training forward pass with inverted dropout on the hidden units.

    Returns the layer outputs (the hidden ones :math:`\sigma(z) \odot m / (1 - p)`, :math:`m`
    Bernoulli(1 - p) per point and unit) and the scaled masks :math:`m / (1 - p)` by layer
    (index 0, the inputs, is None); without dropout (``p = 0``) the masks are None.
    """
    if p == 0:
        return forward(weights, biases, x, activation)[1], None
    outs, masks = [x], [np.empty(0)]
    a = x
    for k, (w, b) in enumerate(zip(weights, biases, strict=True)):
        z = a @ w.T + b
        if k == len(weights) - 1:
            a = z
        else:
            mask = (rng.random(z.shape) >= p) / (1.0 - p)
            a = _act(z, activation) * mask
            masks.append(mask)
        outs.append(a)
    return outs, masks


def predict_proba(weights: Sequence[np.ndarray], biases: Sequence[np.ndarray], x: np.ndarray,
                  activation: str = "tanh") -> np.ndarray:
    """The probability of class 1 at each point of ``x``: sigmoid of the logit."""
    z, _ = forward(weights, biases, x, activation)
    with np.errstate(over="ignore"):
        return 1.0 / (1.0 + np.exp(-z))


def zero_fraction(weights: Sequence[np.ndarray]) -> float:
    """The fraction of weight-matrix entries that are exactly 0."""
    total = sum(w.size for w in weights)
    return float(sum(np.count_nonzero(w == 0) for w in weights) / total)


# -- optimizers --------------------------------------------------------------------------------
class SGD:
    r"""SGD with heavy-ball momentum, as ``torch.optim.SGD`` (no dampening, not Nesterov).

    :math:`b \leftarrow \mu b + g` (:math:`b = g` at the first step), :math:`w \leftarrow w -
    lr\, b`.
    """

    def __init__(self, params: Sequence[np.ndarray], *, lr: float, momentum: float = 0.9
                 ) -> None:
        self.lr, self.momentum = lr, momentum
        self.buffers: list[np.ndarray | None] = [None] * len(params)

    def direction(self, k: int, g: np.ndarray) -> np.ndarray:
        """The step of parameter ``k`` for gradient ``g`` (to be multiplied by ``lr``)."""
        if self.momentum == 0:
            return g
        buf = self.buffers[k]
        buf = g.copy() if buf is None else self.momentum * buf + g
        self.buffers[k] = buf
        return buf

    def tick(self) -> None:
        """Advance the step counter (SGD has none)."""


class Adam:
    r"""Adam, as ``torch.optim.Adam`` / ``AdamW`` compute it.

    :math:`m \leftarrow \beta_1 m + (1 - \beta_1) g`, :math:`v \leftarrow \beta_2 v + (1-\beta_2)
    g^2`, step :math:`\frac{m / (1 - \beta_1^t)}{\sqrt{v} / \sqrt{1 - \beta_2^t} + \epsilon}`.
    """

    def __init__(self, params: Sequence[np.ndarray], *, lr: float, betas: tuple[float, float]
                 = (0.9, 0.999), eps: float = 1e-8) -> None:
        self.lr, self.betas, self.eps = lr, betas, eps
        self.m = [np.zeros_like(p) for p in params]
        self.v = [np.zeros_like(p) for p in params]
        self.t = 0

    def tick(self) -> None:
        """Advance the step counter (call once per step, before the directions)."""
        self.t += 1

    def direction(self, k: int, g: np.ndarray) -> np.ndarray:
        """The step of parameter ``k`` for gradient ``g`` (to be multiplied by ``lr``)."""
        b1, b2 = self.betas
        self.m[k] = b1 * self.m[k] + (1 - b1) * g
        self.v[k] = b2 * self.v[k] + (1 - b2) * g * g
        denom = np.sqrt(self.v[k]) / np.sqrt(1 - b2**self.t) + self.eps
        return (self.m[k] / (1 - b1**self.t)) / denom


# -- training ----------------------------------------------------------------------------------
def _noise(dropout: Any, input_noise: Any) -> tuple[float, float]:
    return (_number("dropout", dropout, high=1.0, open_high=True),
            _number("input_noise", input_noise))


def _check_setting(hidden: Any, activation: Any, penalty: Any, mode: Any, optimizer: Any,
                   lr: Any, momentum: Any) -> tuple[int, ...]:
    try:
        layers = tuple(hidden)
    except TypeError:
        layers = ()
    if not 1 <= len(layers) <= 3 or not all(
            isinstance(h, (int, np.integer)) and not isinstance(h, bool) and h >= 1
            for h in layers):
        raise ValueError(f"hidden must be 1 to 3 layer widths, each an integer >= 1, "
                         f"got {hidden!r}")
    _choice("activation", activation, ACTIVATIONS)
    if penalty is not None and not isinstance(penalty, Penalty):
        raise ValueError(f"penalty must be None or a regviz.penalties penalty (L2(lam), L1(lam), "
                         f"Lp(p, lam), ElasticNet(l1, l2), GroupLasso(lam)), got {penalty!r}")
    _choice("mode", mode, MODES)
    _choice("optimizer", optimizer, OPTIMIZERS)
    if optimizer == "adamw" and mode != "decoupled":
        raise ValueError(f"mode must be 'decoupled' with optimizer='adamw' (AdamW applies the "
                         f"penalty as decoupled decay), got mode={mode!r}; use optimizer='adam' "
                         f"for a penalty in the loss or a prox step")
    if mode == "decoupled" and optimizer != "adamw":
        raise ValueError(f"mode='decoupled' needs optimizer='adamw', got optimizer={optimizer!r}"
                         f"; with 'sgd' or 'adam' use mode 'loss' or 'prox'")
    _number("lr", lr, open_low=True)
    _number("momentum", momentum, high=1.0, open_high=True)
    return tuple(int(h) for h in layers)


@dataclass
class Trainer:
    """One training run that can be stepped, reset and retuned: the playground's engine.

    Parameters
    ----------
    dataset : Dataset
    hidden, activation, penalty, mode, optimizer, lr, momentum, seed, dropout, input_noise
        As in :func:`train`.

    Attributes
    ----------
    weights, biases : list of numpy.ndarray
        The current parameters (weights shaped ``(n_out, n_in)``).
    step_count : int
        Optimizer steps taken since the last reset.
    history : dict of str to list
        One entry per recorded step (step 0 included), keys :data:`HISTORY_KEYS`.
    diverged_at : int or None
        The step at which a parameter or the loss stopped being finite; the run stops there.
    """

    dataset: Dataset
    hidden: tuple[int, ...] = (8, 8)
    activation: str = "tanh"
    penalty: Penalty | None = None
    mode: str = "loss"
    optimizer: str = "sgd"
    lr: float = 0.1
    momentum: float = 0.9
    seed: int = 0
    dropout: float = 0.0
    input_noise: float = 0.0
    weights: list[np.ndarray] = field(init=False, repr=False)
    biases: list[np.ndarray] = field(init=False, repr=False)
    history: dict[str, list] = field(init=False, repr=False)

    def __post_init__(self) -> None:
        if not isinstance(self.dataset, Dataset):
            raise ValueError(f"dataset must be a Dataset from make_dataset, got "
                             f"{type(self.dataset).__name__}")
        self.hidden = _check_setting(self.hidden, self.activation, self.penalty, self.mode,
                                     self.optimizer, self.lr, self.momentum)
        self.seed = _int("seed", self.seed, 0)
        self.dropout, self.input_noise = _noise(self.dropout, self.input_noise)
        self.reset()

    @property
    def sizes(self) -> tuple[int, ...]:
        """Layer sizes, inputs to output: ``(2, *hidden, 1)``."""
        return (2, *self.hidden, 1)

    def reset(self) -> None:
        """Back to step 0: the initial parameters of ``seed``, fresh optimizer state, history."""
        self.weights, self.biases = init_params(self.sizes, seed=self.seed)
        params = [*self.weights, *self.biases]
        self._opt: SGD | Adam = (
            SGD(params, lr=self.lr, momentum=self.momentum) if self.optimizer == "sgd"
            else Adam(params, lr=self.lr)
        )
        # the draws of dropout and input noise: their own stream, so the no-noise run is untouched
        self._rng = np.random.default_rng([self.seed, 1])
        self.step_count = 0
        self.diverged_at: int | None = None
        self.history = {key: [] for key in HISTORY_KEYS}
        self._record()

    def configure(self, *, penalty: Any = ..., mode: Any = ..., lr: Any = ...,
                  dropout: Any = ..., input_noise: Any = ...) -> None:
        """Change the penalty, its mode, the learning rate, dropout or input noise; keep going.

        The optimizer state is kept (a changed ``lr`` takes effect at the next step).

        Raises
        ------
        ValueError
            As :func:`train` does for a bad value or combination.
        """
        new = {"penalty": self.penalty, "mode": self.mode, "lr": self.lr}
        new.update({k: v for k, v in (("penalty", penalty), ("mode", mode), ("lr", lr))
                    if v is not ...})
        _check_setting(self.hidden, self.activation, new["penalty"], new["mode"],
                       self.optimizer, new["lr"], self.momentum)
        self.dropout, self.input_noise = _noise(
            self.dropout if dropout is ... else dropout,
            self.input_noise if input_noise is ... else input_noise)
        self.penalty, self.mode, self.lr = new["penalty"], new["mode"], float(new["lr"])
        self._opt.lr = self.lr

    def step(self, k: int = 1) -> None:
        """Take ``k`` optimizer steps (fewer if the run diverges), recording each one."""
        k = _int("k", k, 0)
        data = self.dataset
        with np.errstate(all="ignore"):
            for _ in range(k):
                if self.diverged_at is not None:
                    return
                gw, gb = self._gradients(data)
                self._update(gw, gb)
                self.step_count += 1
                self._record()

    def _gradients(self, data: Dataset) -> tuple[list[np.ndarray], list[np.ndarray]]:
        if self.dropout == 0 and self.input_noise == 0:
            # the forward pass of the current parameters was done when they were recorded
            return _backprop(self.weights, self._train_outs, data.y_train, self.activation)
        x = data.x_train
        if self.input_noise:
            x = x + self.input_noise * self._rng.standard_normal(x.shape)
        outs, masks = _dropout_forward(self.weights, self.biases, x, self.activation,
                                       self.dropout, self._rng)
        return _backprop(self.weights, outs, data.y_train, self.activation, masks, self.dropout)

    def _update(self, gw: list[np.ndarray], gb: list[np.ndarray]) -> None:
        pen, mode, lr, opt = self.penalty, self.mode, self.lr, self._opt
        if pen is not None and mode == "loss":
            gw = [g + pen.grad(w) for g, w in zip(gw, self.weights, strict=True)]
        opt.tick()
        n = len(self.weights)
        for i, (w, g) in enumerate(zip(self.weights, gw, strict=True)):
            direction = opt.direction(i, g)
            if pen is not None and mode == "decoupled":
                w -= lr * pen.grad(w)
            w -= lr * direction
        if pen is not None and mode == "prox" and not pen.elementwise:
            for w in self.weights:  # group lasso: its groups are the rows of each (out, in) matrix
                w[...] = pen.prox(w, step=lr)
        elif pen is not None and mode == "prox":  # one call for all weights (p's 1D solve loops)
            flat = pen.prox(np.concatenate([w.ravel() for w in self.weights]), step=lr)
            start = 0
            for w in self.weights:
                w[...] = flat[start:start + w.size].reshape(w.shape)
                start += w.size
        for i, (b, g) in enumerate(zip(self.biases, gb, strict=True)):
            b -= lr * opt.direction(n + i, g)

    def _record(self) -> None:
        data = self.dataset
        z_train, self._train_outs = forward(self.weights, self.biases, data.x_train,
                                            self.activation)
        z_test, _ = forward(self.weights, self.biases, data.x_test, self.activation)
        train_loss = _bce(z_train, data.y_train)
        h = self.history
        h["step"].append(self.step_count)
        h["train_loss"].append(train_loss)
        h["test_loss"].append(_bce(z_test, data.y_test))
        h["train_accuracy"].append(float(np.mean((z_train > 0) == (data.y_train > 0.5))))
        h["test_accuracy"].append(float(np.mean((z_test > 0) == (data.y_test > 0.5))))
        h["zero_fraction"].append(zero_fraction(self.weights))
        finite = np.isfinite(train_loss) and all(np.isfinite(w).all() for w in self.weights)
        if not finite and self.diverged_at is None:
            self.diverged_at = self.step_count

    def proba(self, x: np.ndarray) -> np.ndarray:
        """The current network's probability of class 1 at the points ``x``."""
        return predict_proba(self.weights, self.biases, x, self.activation)


@dataclass(frozen=True)
class TrainResult:
    """What :func:`train` returns.

    Attributes
    ----------
    history : dict of str to list
        Equal-length lists, one entry per step from 0 (the initial network) to the last:
        ``step``, ``train_loss`` and ``test_loss`` (mean cross-entropy, without the penalty),
        ``train_accuracy``, ``test_accuracy``, ``zero_fraction`` (exact zeros among the weights).
    weights, biases : list of numpy.ndarray
        The final weight matrices (shape ``(n_out, n_in)``) and bias vectors.
    diverged_at : int or None
        The step where the run stopped being finite (the history ends there), else None.
    """

    history: dict[str, list]
    weights: list[np.ndarray]
    biases: list[np.ndarray]
    diverged_at: int | None


def train(dataset: Dataset, *, hidden: Sequence[int] = (8, 8), activation: str = "tanh",
          penalty: Penalty | None = None, mode: str = "loss", optimizer: str = "sgd",
          lr: float = 0.1, steps: int = 1000, momentum: float = 0.9, seed: int = 0,
          dropout: float = 0.0, input_noise: float = 0.0) -> TrainResult:
    r"""Train the playground network full batch on ``dataset`` and return its history.

    Parameters
    ----------
    dataset : Dataset
        From :func:`make_dataset`.
    hidden : sequence of int, optional
        Widths of the 1 to 3 hidden layers. Default ``(8, 8)``: a 2-8-8-1 network.
    activation : {"tanh", "relu"}, optional
    penalty : Penalty or None, optional
        ``L2(lam)``, ``L1(lam)``, ``Lp(p, lam)``, ``ElasticNet(l1, l2)``... on the weights
        (not the biases); None trains without one.
    mode : {"loss", "prox", "decoupled"}, optional
        How the penalty acts (see the module docstring); ``"decoupled"`` goes with ``"adamw"``.
    optimizer : {"sgd", "adam", "adamw"}, optional
        SGD with momentum, Adam, or AdamW (Adam with decoupled decay: ``mode="decoupled"``).
    lr : float, optional
        Learning rate, ``> 0``.
    steps : int, optional
        Optimizer steps, ``>= 1``.
    momentum : float, optional
        SGD's momentum in ``[0, 1)``. Default 0.9.
    seed : int, optional
        Seed of the initial weights and of the dropout masks and input noise; the same
        arguments replay the same run exactly.
    dropout : float, optional
        Inverted dropout rate of the hidden units during training, in ``[0, 1)``. Default 0.
    input_noise : float, optional
        Standard deviation of the Gaussian noise added to the training inputs at every step,
        ``>= 0``. Default 0.

    Returns
    -------
    TrainResult

    Raises
    ------
    ValueError
        For an unknown choice, a number out of range or a mode the optimizer cannot do; the
        message names the parameter. A penalty with ``lam < 0`` cannot be built
        (``ValueError`` naming ``lam``).
    """
    steps = _int("steps", steps, 1)
    trainer = Trainer(dataset, hidden=hidden, activation=activation, penalty=penalty, mode=mode,
                      optimizer=optimizer, lr=lr, momentum=momentum, seed=seed, dropout=dropout,
                      input_noise=input_noise)
    trainer.step(steps)
    return TrainResult(
        history={k: list(v) for k, v in trainer.history.items()},
        weights=[w.copy() for w in trainer.weights],
        biases=[b.copy() for b in trainer.biases],
        diverged_at=trainer.diverged_at,
    )


def largest_moves(trainer: Trainer, steps: int) -> np.ndarray:
    r"""Step ``trainer`` ``steps`` times; return each step's largest weight change.

    Entry ``t`` is :math:`\max_i |w_i^{(t+1)} - w_i^{(t)}|` over every weight-matrix entry: a
    penalty whose pull grows near 0 (p < 1, by gradient steps) shows up as kicks of the size of
    the weights themselves, where a proximal step settles.
    """
    steps = _int("steps", steps, 1)
    out = np.full(steps, np.nan)
    before = np.concatenate([w.ravel() for w in trainer.weights])
    for t in range(steps):
        trainer.step(1)
        after = np.concatenate([w.ravel() for w in trainer.weights])
        out[t] = np.max(np.abs(after - before))
        before = after
    return out
