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
    PRUNING_LAMBDAS,
    check_adam_first_step,
    check_l1_prox_step,
    check_pruning_lambda,
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
# ## Exercise 3: the smallest pruning λ

# %%
data = make_dataset("moons")
fractions = {lam: train(data, penalty=L1(lam), mode="prox", steps=1000).history["zero_fraction"][-1]
             for lam in PRUNING_LAMBDAS}
print(fractions)
answer = min(lam for lam, f in fractions.items() if f >= 0.5)
assert check_pruning_lambda(answer)
