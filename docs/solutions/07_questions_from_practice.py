# ---
# jupyter:
#   jupytext:
#     text_representation:
#       extension: .py
#       format_name: percent
#   kernelspec:
#     display_name: Python 3
#     language: python
#     name: python3
# ---


# %% [markdown]
# # Worked solutions: 07 · Questions from practice
#
# For the instructor. Each exercise's answer, then the notebook's own check with the same
# arguments.

# %%
import numpy as np

from regviz.exercises.mnist import (
    check_adam_l2,
    check_adamw,
    check_sqrt_crossover,
    check_sqrt_plateau,
    check_total_pull,
)

# %% [markdown]
# ## Exercise 1: Adam + L2 and AdamW
#
# The only difference is where the decay enters: Adam + L2 adds $2\lambda w$ to the gradient,
# so the decay is divided by $\sqrt{\hat v}$ with the rest; AdamW shrinks $w$ by
# $\eta\,\mathrm{wd}\,w$ outside Adam's division.


# %%
def _adam(w0, grad, *, lr, lam, wd, steps, b1=0.9, b2=0.999, eps=1e-8):
    w = np.array(w0, dtype=float)
    m, v = np.zeros_like(w), np.zeros_like(w)
    for t in range(1, steps + 1):
        g = grad(w) + 2 * lam * w
        w = w - lr * wd * w
        m = b1 * m + (1 - b1) * g
        v = b2 * v + (1 - b2) * g * g
        w = w - lr * (m / (1 - b1**t)) / (np.sqrt(v / (1 - b2**t)) + eps)
    return w


def adam_l2(w0, grad, *, lr, lam, steps):
    return _adam(w0, grad, lr=lr, lam=lam, wd=0.0, steps=steps)


def adamw(w0, grad, *, lr, wd, steps):
    return _adam(w0, grad, lr=lr, lam=0.0, wd=wd, steps=steps)


assert check_adam_l2(adam_l2)
assert check_adamw(adamw)

scale = np.array([0.01, 1.0, 100.0])  # one weight with a small gradient, one with a large one
grad = lambda w: scale * (w - 1.0)  # noqa: E731
a = adam_l2(np.zeros(3), grad, lr=0.01, lam=0.05, steps=2000)
b = adamw(np.zeros(3), grad, lr=0.01, wd=0.1, steps=2000)
print("Adam + L2:", a.round(4), " AdamW:", b.round(4), " difference:", (a - b).round(4))
assert np.abs(a - b).max() > 1e-3

# %% [markdown]
# ## Exercise 2: the total L1 pull with batches of 200
#
# One SGD step moves a weight by $\eta\lambda = 10^{-4}$ through the penalty, whatever the
# batch size. 4,000 digits in batches of 200 is 20 steps per epoch, 400 steps in 20 epochs:
# $400 \cdot 10^{-4} = 0.04$ (with batches of 50 it would be 0.16).

# %%
total = 0.01 * 0.01 * (4000 // 200) * 20
assert check_total_pull(total, n_train=4000, batch_size=200, epochs=20, lr=0.01, lam=0.01)

# %% [markdown]
# ## Exercise 3: where the square root's pull beats the data
#
# For $w > 0$ the slope of $\lambda\sqrt{w}$ is $\lambda / (2\sqrt{w})$. It equals $g$ at
# $\sqrt{w} = \lambda / (2g) = 0.05$, so $|w| = 0.0025$; below, the penalty wins.

# %%
crossover = (0.001 / (2 * 0.01)) ** 2
assert check_sqrt_crossover(crossover, lam=0.001, g=0.01)

# %% [markdown]
# ## Exercise 4: the square-root plateau under Adam
#
# Adam's step is about the learning rate whatever the gradient, so the square root's huge slope
# near 0 cannot pull the weights to 0: they rattle at a size set by the learning rate, and the
# penalty, λ times a sum of square roots that does not depend on λ, is proportional to λ.

# %%
assert check_sqrt_plateau("c")
