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
# the same call as in the notebook.

# %%
import math

import numpy as np

from regviz import geometry
from regviz.exercises.geometry import (
    check_corner_radius,
    check_line_contact,
    check_lp_norm,
    check_why_corners,
)

# %% [markdown]
# ## Exercise 1: the Lp norm

# %%
def lp_norm(w, p):
    a = np.abs(np.asarray(w, dtype=float))
    if math.isinf(p):
        return float(a.max())
    return float(np.sum(a**p) ** (1 / p))


assert check_lp_norm(lp_norm)

# %% [markdown]
# ## Exercise 2: how long the L1 contact stays on the corner (r, 0)
#
# At the corner $(r, 0)$ the contact is the corner as long as
# $|\partial_2\mathcal L(r, 0)| \le -\partial_1\mathcal L(r, 0)$. With
# $\nabla\mathcal L(r, 0) = A\bigl((r, 0) - c\bigr) = r A_{:,1} - Ac$ (both components
# negative near the corner), equality is $(Ac)_1 - r A_{11} = (Ac)_2 - r A_{21}$, the mirror of
# the notebook's $r^\dagger$: $r = ((Ac)_1 - (Ac)_2)/(A_{11} - A_{21})$.

# %%
loss = geometry.QuadraticLoss(center=(2.6, 1.2), angle=30.0)
Ac = loss.A @ np.array(loss.center)
r_star = (Ac[0] - Ac[1]) / (loss.A[0, 0] - loss.A[1, 0])
print(r_star, geometry.contact_point(1.0, loss=loss, radius=r_star - 0.01).point,
      geometry.contact_point(1.0, loss=loss, radius=r_star + 0.01).point)
assert check_corner_radius(r_star, center=(2.6, 1.2), angle=30.0)

# %% [markdown]
# ## Exercise 3: where the L2 disc first touches the line 2w1 + 3w2 = 2
#
# The closest point of the line to the origin is a multiple of the normal $a = (2, 3)$:
# $w = b\,a/\|a\|^2 = 2(2, 3)/13$.

# %%
a = np.array([2.0, 3.0])
w = 2.0 * a / (a @ a)
print(w)
assert check_line_contact(tuple(w), a=(2.0, 3.0), b=2.0, p=2.0)

# %% [markdown]
# ## Exercise 4: why the L1 ball gives zeros
#
# Its corners lie on the axes, and a corner has a whole cone of normals: a whole open range of
# loss gradients is balanced there.

# %%
assert check_why_corners("c")
