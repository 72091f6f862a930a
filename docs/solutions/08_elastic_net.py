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
from regviz.exercises.elastic_net import (
    check_enet_prox_half,
    check_lasso_survivor,
    check_mix_for_shrinkage,
    check_why_share,
)
from regviz.solvers import ista

# %% [markdown]
# ## Exercise 1: the elastic-net prox with the L2 part halved
#
# For $x > 0$: $x - z + ta + t(1 - a)x = 0$, so $x = (z - ta)/(1 + t(1 - a))$, positive when
# $z > ta$; by symmetry and the threshold, soft threshold at $ta$, then divide by
# $1 + t(1 - a)$ (the notebook's scaling divides by $1 + 2t(1 - a)$).

# %%
def enet_prox_half(z, t, a):
    soft = np.sign(z) * np.maximum(np.abs(z) - t * a, 0.0)
    return soft / (1 + t * (1 - a))


assert check_enet_prox_half(enet_prox_half)

# %% [markdown]
# ## Exercise 2: the mix that sends z = 3 to 1.5
#
# With $t = 0.4 \cdot 2 = 0.8$: $(3 - 0.8a)/(1 + 1.6(1 - a)) = 1.5$, i.e.
# $3 - 0.8a = 3.9 - 2.4a$, so $a = 0.9/1.6$.

# %%
t, z, target = 0.4 * 2.0, 3.0, 1.5
a = (target * (1 + 2 * t) - z) / (2 * t * target - t)
print(a, en.enet_penalty(2.0, a).prox(np.array([z]), step=0.4))
assert check_mix_for_shrinkage(a, step=0.4, lam=2.0, z=3.0, target=1.5)

# %% [markdown]
# ## Exercise 3: the lasso's survivor on seed 3
#
# Solve the lasso and read the coefficient that is not exactly 0 (on this sample it is $w_2$;
# on the notebook's seed 2 the lasso kept $w_1$).

# %%
w = ista(*en.correlated_regression(seed=3), en.enet_penalty(1.0, 1.0)).w
print(w)
survivor = float(w[w != 0][0])
assert check_lasso_survivor(survivor, seed=3, lam=1.0)

# %% [markdown]
# ## Exercise 4: why the elastic net shares
#
# Every split of the effect between two equal features fits equally well; the L1 part does not
# care how it is split, the L2 part is smallest for the even split.

# %%
assert check_why_share("d")
