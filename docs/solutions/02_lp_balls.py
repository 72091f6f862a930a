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
# # 02 · Lp balls: worked solutions
#
# For instructors: the answers to the exercises of `notebooks/02_lp_balls.py`, each checked by
# the same call as in the notebook. Not for the students' copy.

# %%
import math

import numpy as np

from regviz import geometry
from regviz.exercises.geometry import check_line_contact, check_lp_norm, check_zero_count

# %% [markdown]
# ## Exercise 1: the Lp norm
#
# Absolute values, the power $p$, a sum, the power $1/p$; the max norm is the limit
# $p \to \infty$ and needs its own branch.

# %%
def lp_norm(w, p):
    a = np.abs(np.asarray(w, dtype=float))
    if math.isinf(p):
        return a.max()
    return np.sum(a**p) ** (1 / p)


assert check_lp_norm(lp_norm)

# %% [markdown]
# ## Exercise 2: zeros of the contact point for p = 0.5, r = 2.5
#
# At $r = 2.5$ the L1 diamond's contact has left the corner (its corner condition fails past
# $r^\dagger \approx 2.33$), but the $p = 1/2$ ball's tip is sharper: its tip $(0, 2.5)$ is still
# the global minimiser on the ball, so one coordinate is exactly 0.

# %%
con = geometry.contact_point(0.5, loss=geometry.DEFAULT_LOSS, radius=2.5)
print(con.point, con.n_zeros)
assert check_zero_count(con.n_zeros, p=0.5, radius=2.5)

# %% [markdown]
# ## Exercise 3: where the growing L1 ball meets the line w1 + 2 w2 = 2
#
# The line crosses the axes at $(2, 0)$ (L1 norm 2) and $(0, 1)$ (L1 norm 1). The ball grows
# until its first corner touches the line: $(0, 1)$, with $w_1 = 0$ exactly.

# %%
assert check_line_contact((0.0, 1.0))
