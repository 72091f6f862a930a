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
# # Worked solutions · 09 Playground

# %%
import numpy as np

from regviz.exercises.playground import (
    check_adam_first_step,
    check_l1_prox_step,
    check_second_weight,
    check_zero_fraction,
)
from regviz.penalties import L1
from regviz.playground import make_dataset, train

# %% [markdown]
# ## Exercise 1: one proximal gradient step for L1
#
# A gradient step on the data loss, then the soft threshold at $t = \eta\lambda$.

# %%
def l1_prox_step(w, grad, lr, lam):
    z = np.asarray(w, dtype=float) - lr * np.asarray(grad, dtype=float)
    return np.sign(z) * np.maximum(np.abs(z) - lr * lam, 0.0)


assert check_l1_prox_step(l1_prox_step)


# %% [markdown]
# ## Exercise 2: Adam + L2 and AdamW, first step
#
# At $t = 1$ the bias-corrected moments are $\hat m = g$, $\hat v = g^2$, so Adam moves by
# $\eta\, g / (|g| + \epsilon)$: about $\eta\operatorname{sign}(g)$. With the penalty in the loss,
# $g$ becomes $g + 2\lambda w$; decoupled, the weight also loses $\eta\, 2\lambda w$.

# %%
def adam_first_step(w, g, lr, lam, decoupled):
    w, g = np.asarray(w, dtype=float), np.asarray(g, dtype=float)
    if decoupled:
        return w - lr * 2 * lam * w - lr * g / (np.abs(g) + 1e-8)
    total = g + 2 * lam * w
    return w - lr * total / (np.abs(total) + 1e-8)


assert check_adam_first_step(adam_first_step)
# the second weight has a large data gradient: with L2 in the loss the decay is lost inside the
# sign (both weights move by lr), AdamW still takes lr * 2 * lam * w = 0.02 off it
w, g = np.array([1.0, 1.0]), np.array([0.0, 5.0])
print(adam_first_step(w, g, 0.1, 0.1, False), adam_first_step(w, g, 0.1, 0.1, True))

# %% [markdown]
# ## Exercise 3: the second weight
#
# Adam + L2: its gradient 5 + 0.2 has the sign and almost the size of the data gradient, so the
# step is lr whatever λ and the decay is lost. AdamW takes lr·2λw = 0.02 off it outside Adam's
# division, as off the first weight.

# %%
assert check_second_weight("b")

# %% [markdown]
# ## Exercise 4: the zero fraction at λ = 0.0045

# %%
result = train(make_dataset("moons"), penalty=L1(0.0045), mode="prox", steps=1000)
fraction = result.history["zero_fraction"][-1]
print(fraction)
assert check_zero_fraction(fraction, lam=0.0045)
