"""``fit`` as it was before the reshape (commit feb8019), frozen: the oracle of test_training.py.

The reshaped ``regviz.training.fit`` must give the same numbers, bit for bit, as this loop.
Not part of the package; nothing imports it but the tests.
"""

import math
import time

import numpy as np
import torch
from torch import nn

from regviz.training import History, error_rate, penalized_parameters


def legacy_fit(
    model: nn.Module,
    data,
    *,
    epochs: int = 10,
    lr: float = 0.1,
    batch_size: int = 100,
    optimizer: str = "sgd",
    momentum: float = 0.0,
    penalty=None,
    penalty_mode: str = "loss",
    penalty_fn=None,
    weight_decay: float = 0.0,
    params: str = "weights",
    loss: str = "cross_entropy",
    shuffle: str = "every_epoch",
    seed: int = 0,
    histogram_epochs=(),
    histogram_bins: int = 81,
    histogram_range: tuple[float, float] | None = None,
    evaluate: bool | str = True,
    progress: bool = True,
    device: str | torch.device | None = None,
    threads: int | None = None,
) -> History:
    r"""Train ``model`` on ``data`` in place and return its :class:`History`.

    Parameters
    ----------
    model : torch.nn.Module
        Network mapping images to 10 logits.
    data : MNISTSplit or tuple
        An object with ``x_train, y_train, x_test, y_test`` arrays, or a 4-tuple of them.
    epochs : int
        Passes over the training set (>= 1).
    lr : float
        Learning rate :math:`\eta` (> 0).
    batch_size : int
        Mini-batch size (>= 1).
    optimizer : {"sgd", "adam", "adamw"}
        ``torch.optim`` optimizer; ``"adamw"`` decays :math:`w \leftarrow w - \eta\,\mathrm{wd}\,w`
        decoupled from the adaptive step.
    momentum : float
        SGD momentum in [0, 1).
    penalty : regviz penalty, optional
        Any of ``regviz.penalties``; with ``penalty_mode="loss"`` its ``.total`` is added to the
        loss, with ``"prox"`` its ``.prox(w, step=lr)`` is applied after each optimizer step.
    penalty_mode : {"loss", "prox"}
    penalty_fn : callable, optional
        ``tensor -> scalar tensor`` added to the loss for each penalized tensor instead of
        ``penalty.total`` (e.g. the naive ``lam * torch.sqrt(w.abs()).sum()``).
    weight_decay : float
        The optimizer's own ``weight_decay`` (>= 0), applied to the ``params`` set.
    params : {"weights", "all"}
        Penalize / decay only weight matrices and kernels, or also the biases.
    loss : {"cross_entropy", "mse"}
        Data loss, a batch mean (``"mse"`` on one-hot targets, as in the lecture's code).
    shuffle : {"every_epoch", "once"}
        Draw a new order of the training examples each epoch, or draw one order and visit the
        batches in it every epoch: the lecture's loop ``for b in range(0, n, batch_size)`` over
        a training set stored in a fixed random order.
    seed : int
        Seeds the shuffling and dropout (local generator, global state restored).
    histogram_epochs : iterable of int
        Epochs (0 = before training) at which to store a histogram of the penalized weights.
    evaluate : bool or "last"
        Compute train / test error each epoch (True), only after the last epoch (``"last"``,
        the lists then hold one value), or never (False, for benchmarks).
    progress : bool
        Show a ``tqdm.auto`` progress bar.
    device : str or torch.device, optional
        Default: CUDA when available, else CPU.
    threads : int, optional
        ``torch.set_num_threads`` for the run (restored after).

    Returns
    -------
    History
        Per-epoch metrics; ``diverged_at_epoch`` and ``cause`` set when the loss or a weight
        became NaN / infinite, at which point training stopped.
    """
    if not (isinstance(epochs, int) and epochs >= 1):
        raise ValueError(f"epochs must be an integer >= 1, got {epochs!r}")
    if not (lr > 0 and math.isfinite(lr)):
        raise ValueError(f"lr must be a finite number > 0, got {lr!r}")
    if not (isinstance(batch_size, int) and batch_size >= 1):
        raise ValueError(f"batch_size must be an integer >= 1, got {batch_size!r}")
    if not 0 <= momentum < 1:
        raise ValueError(f"momentum must be in [0, 1), got {momentum!r}")
    if optimizer != "sgd" and momentum:
        raise ValueError(f"momentum applies to optimizer='sgd' only, got optimizer={optimizer!r}")
    if not weight_decay >= 0:
        raise ValueError(f"weight_decay must be >= 0, got {weight_decay!r}")
    if evaluate not in (True, False, "last"):
        raise ValueError(f"evaluate must be True, False or 'last', got {evaluate!r}")
    if penalty_mode == "prox" and penalty is None:
        raise ValueError("penalty_mode='prox' needs a penalty, got penalty=None")

    if isinstance(data, tuple):
        x_tr, y_tr, x_te, y_te = data
    else:
        x_tr, y_tr, x_te, y_te = data.x_train, data.y_train, data.x_test, data.y_test
    dev = torch.device(device or "cpu")
    x_tr, x_te = torch.as_tensor(x_tr).to(dev), torch.as_tensor(x_te).to(dev)
    y_tr, y_te = torch.as_tensor(y_tr).to(dev), torch.as_tensor(y_te).to(dev)
    model.to(dev)

    pen_params = penalized_parameters(model, params)
    pen_ids = {id(p) for p in pen_params}
    other = [p for p in model.parameters() if id(p) not in pen_ids]
    groups = [{"params": pen_params, "weight_decay": weight_decay}]
    if other:
        groups.append({"params": other, "weight_decay": 0.0})
    if optimizer == "sgd":
        opt = torch.optim.SGD(groups, lr=lr, momentum=momentum)
    elif optimizer == "adam":
        opt = torch.optim.Adam(groups, lr=lr)
    else:
        opt = torch.optim.AdamW(groups, lr=lr)

    in_loss = penalty_fn is not None or (penalty is not None and penalty_mode == "loss")
    use_prox = penalty is not None and penalty_mode == "prox"

    def penalty_term() -> torch.Tensor:
        if penalty_fn is not None:
            return sum(penalty_fn(p) for p in pen_params)
        return sum(penalty.total(p) for p in pen_params)

    hist = History()
    all_ws = lambda: torch.cat([p.detach().flatten() for p in pen_params]).cpu()  # noqa: E731
    hist_epochs = set(histogram_epochs)

    def record_histogram(epoch: int) -> None:
        w = all_ws().double().numpy()
        rng = histogram_range
        if rng is None:
            m = float(np.abs(w).max()) if w.size else 1.0
            rng = (-m, m) if m > 0 else (-1.0, 1.0)
        counts, edges = np.histogram(w, bins=histogram_bins, range=rng)
        hist.histograms[epoch] = (counts, edges)

    old_threads = torch.get_num_threads()
    if threads is not None:
        torch.set_num_threads(threads)
    gen = torch.Generator(device="cpu").manual_seed(seed)
    n = len(x_tr)
    bar = None
    try:
        with torch.random.fork_rng(devices=[] if dev.type == "cpu" else [dev]):
            torch.manual_seed(seed)
            if 0 in hist_epochs:
                record_histogram(0)
            if progress:
                from tqdm.auto import tqdm

                bar = tqdm(total=epochs, desc="fit", leave=False)
            model.train()
            perm = torch.randperm(n, generator=gen).to(dev)
            for epoch in range(1, epochs + 1):
                t0 = time.perf_counter()
                if shuffle == "every_epoch" and epoch > 1:
                    perm = torch.randperm(n, generator=gen).to(dev)
                total, count = 0.0, 0
                bad = None
                for b in range(0, n, batch_size):
                    idx = perm[b : b + batch_size]
                    out = model(x_tr[idx])
                    if loss == "cross_entropy":
                        obj = nn.functional.cross_entropy(out, y_tr[idx])
                    else:
                        target = nn.functional.one_hot(y_tr[idx], out.shape[1]).to(out.dtype)
                        obj = nn.functional.mse_loss(out, target)
                    if in_loss:
                        obj = obj + penalty_term()
                    value = obj.item()
                    if not math.isfinite(value):
                        bad = f"loss became {value} at batch {b // batch_size + 1}"
                        break
                    total += value * len(idx)
                    count += len(idx)
                    opt.zero_grad(set_to_none=True)
                    obj.backward()
                    opt.step()
                    if use_prox:
                        with torch.no_grad():
                            for p in pen_params:
                                p.copy_(penalty.prox(p, step=lr))
                if bad is None:
                    with torch.no_grad():
                        for name, p in model.named_parameters():
                            if not torch.isfinite(p).all():
                                bad = f"weight {name} became NaN or infinite"
                                break
                if bad is not None:
                    hist.diverged_at_epoch, hist.cause = epoch, bad
                    break
                hist.time.append(time.perf_counter() - t0)
                hist.loss.append(total / max(count, 1))
                with torch.no_grad():
                    hist.penalty.append(
                        float(penalty_term()) if (penalty is not None or penalty_fn) else 0.0
                    )
                    ws = all_ws()
                    hist.zero_fraction.append(float((ws == 0).double().mean()))
                if evaluate is True or (evaluate == "last" and epoch == epochs):
                    hist.train_error.append(error_rate(model, x_tr, y_tr))
                    hist.test_error.append(error_rate(model, x_te, y_te))
                if epoch in hist_epochs:
                    record_histogram(epoch)
                if bar is not None:
                    bar.update(1)
                    bar.set_postfix(loss=f"{hist.loss[-1]:.4g}")
    finally:
        if bar is not None:
            bar.close()
        if threads is not None:
            torch.set_num_threads(old_threads)
    return hist
