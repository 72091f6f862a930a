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
# # 08 · The elastic net: worked solutions
#
# For instructors: the answers to the exercises of `notebooks/08_elastic_net.py`, each checked
# by the same call as in the notebook. Not for the students' copy.

# %%
import numpy as np

from regviz import elastic_net as en
from regviz.exercises.elastic_net import check_enet_prox, check_enet_threshold, check_lasso_keeps
from regviz.solvers import ista

# %% [markdown]
# ## Exercise 1: the elastic-net prox
#
# Soft threshold at $ta$, then divide by $1 + 2t(1 - a)$ (the derivation is in the notebook).

# %%
def enet_prox(z, t, a):
    soft = np.sign(z) * np.maximum(np.abs(z) - t * a, 0.0)
    return soft / (1 + 2 * t * (1 - a))


assert check_enet_prox(enet_prox)

# %% [markdown]
# ## Exercise 2: the elastic-net threshold
#
# Only the L1 part holds a weight at 0: the threshold is step $\cdot\,\lambda\,a = 0.5 \cdot 2
# \cdot 0.3 = 0.3$.

# %%
assert check_enet_threshold(0.5 * 2.0 * 0.3, step=0.5, lam=2.0, mix=0.3)

# %% [markdown]
# ## Exercise 3: which feature the lasso keeps on seed 3
#
# Solve the lasso and look at which weight is exactly 0: on this sample the lasso keeps $x_2$
# (on the notebook's seed 2 it kept $x_1$).

# %%
w = ista(*en.correlated_regression(seed=3), en.enet_penalty(1.0, 1.0)).w
print(w)
kept = "both" if np.all(w != 0) else "none" if np.all(w == 0) else int(np.flatnonzero(w)[0]) + 1
assert check_lasso_keeps(kept, seed=3, lam=1.0)
