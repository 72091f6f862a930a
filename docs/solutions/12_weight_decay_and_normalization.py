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
# # 12 · Weight decay with normalization layers: worked solutions
#
# For instructors: the answers to the exercises of
# `notebooks/12_weight_decay_and_normalization.py`, each checked by the same call as in the
# notebook. Not for the students' copy.

# %%
import numpy as np

from regviz.exercises.normalization import (
    check_adamw_left,
    check_angle,
    check_angular_update,
    check_double_lr,
)

# %% [markdown]
# ## Exercise 1: the equilibrium angle
#
# $\sqrt{2\eta\lambda/(1+\mu)} = \sqrt{2 \cdot 0.1 \cdot 0.0005 / 1.9} = \sqrt{10^{-4}/1.9}
# \approx 0.00725$ rad per step (about 0.42 degrees). The relaxation time
# $(1-\mu)/(2\eta\lambda) = 0.1/10^{-4} = 1{,}000$ steps is short next to an ImageNet run.

# %%
assert check_angular_update(np.sqrt(2 * 0.1 * 0.0005 / 1.9), lr=0.1, weight_decay=0.0005,
                            momentum=0.9)


# %% [markdown]
# ## Exercise 2: the angle between two weight arrays
#
# Flatten both, take the cosine (inner product over the product of the norms), clip it to
# $[-1, 1]$ against round-off, and take the inverse cosine. For angles below about $10^{-7}$
# `arctan2` of the sine and the cosine is more accurate; the check's tolerance accepts both.

# %%
def angle(w_before, w_after):
    a, b = np.ravel(w_before), np.ravel(w_after)
    cos = a @ b / (np.linalg.norm(a) * np.linalg.norm(b))
    return float(np.arccos(np.clip(cos, -1.0, 1.0)))


assert check_angle(angle)

# %% [markdown]
# ## Exercise 3: doubling the learning rate
#
# (c): the angle is $\sqrt{2\eta\lambda/(1+\mu)}$, so it grows by $\sqrt 2$. The step doubles,
# and the equilibrium norm, $\|W\|^4 \propto \eta/\lambda$, settles higher by $2^{1/4}$; the
# angle is the step over the norm, $2/\sqrt2 = \sqrt 2$ (with $\|g\| \propto 1/\|W\|$).

# %%
assert check_double_lr("c")

# %% [markdown]
# ## Exercise 4: what AdamW's decay leaves after a cosine schedule
#
# $\prod_t (1 - \eta_t\lambda) \approx \exp(-\lambda\sum_t\eta_t) = \exp(-\lambda\eta T/2) =
# \exp(-0.1 \cdot 0.001 \cdot 10{,}000 / 2) = e^{-0.5} \approx 0.6065$; a constant rate would
# leave $e^{-1} \approx 0.368$.

# %%
lrs = 0.001 * (1 + np.cos(np.pi * np.arange(10000) / 10000)) / 2
assert check_adamw_left(float(np.prod(1 - 0.1 * lrs)), lr=0.001, weight_decay=0.1, steps=10000)
