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
# # 01 · Penalty landscapes: worked solutions
#
# For instructors: the answers to the exercises of `notebooks/01_penalty_landscapes.py`, each
# checked by the same call as in the notebook. Not for the students' copy.

# %%
import numpy as np

from regviz import landscape
from regviz.exercises.landscapes import (
    check_grid_minimizer,
    check_l2_lambda,
    check_minimizer,
    check_why_jump,
)

# %% [markdown]
# ## Exercise 1: the global minimiser by grid search
#
# Evaluate $f(x) + \lambda|x|^p$ on a grid of spacing $10^{-4}$ over the window (0 is a grid
# point) and take the smallest value. A grid search cannot miss the global minimum, jumps
# included; it is only as precise as its spacing.

# %%
def grid_minimizer(lam, p):
    x = np.linspace(-2, 3, 50001)
    objective = landscape.LECTURE_LOSS.f(x) + lam * np.abs(x) ** p
    return x[np.argmin(objective)]


assert check_grid_minimizer(grid_minimizer)

# %% [markdown]
# ## Exercise 2: the λ that puts the L2 minimiser at 0.25
#
# At the minimiser the slopes cancel: $f'(x) + 2\lambda x = 0$, so
# $\lambda = -f'(x)/(2x)$, with $f'(x) = 2(x - 1) + \tfrac12(x - 1)^2$.

# %%
x = 0.25
lam = -landscape.LECTURE_LOSS.df(x) / (2 * x)
print(lam)
assert check_l2_lambda(lam, x=0.25)

# %% [markdown]
# ## Exercise 3: the minimiser for p = 0.6 at λ = 0.87
#
# Just below the jump (between 0.9 and 0.95 for this p), the nonzero local minimum is still the
# global one; the grid search of exercise 1 finds it.

# %%
answer = grid_minimizer(0.87, 0.6)
print(answer)
assert check_minimizer(answer, lam=0.87, p=0.6)

# %% [markdown]
# ## Exercise 4: why the minimiser jumps
#
# For $p < 1$ the objective has two local minima, at 0 and away from it; the global minimiser
# switches from one to the other when their values cross, so it jumps.

# %%
assert check_why_jump("a")
