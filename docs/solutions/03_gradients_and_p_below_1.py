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
# # 03 · Gradients and p < 1: worked solutions
#
# For instructors: the answers to the exercises of `notebooks/03_gradients_and_p_below_1.py`,
# each checked by the same call as in the notebook.

# %%
import math

import numpy as np

from regviz.exercises.gradients import (
    check_cycle_amplitude,
    check_descend,
    check_l2_steps,
    check_why_no_settle,
)

# %% [markdown]
# ## Exercise 1: gradient descent

# %%
def descend(grad, w0, lr, n_steps):
    ws = [float(w0)]
    for _ in range(n_steps):
        ws.append(ws[-1] - lr * float(grad(ws[-1])))
    return np.array(ws)


assert check_descend(descend)

# %% [markdown]
# ## Exercise 2: L2 steps to shrink |w| by 1e-6
#
# Each step multiplies $w$ by $q = 1 - 2\eta\lambda = -0.92$: the sign flips, and $|w|$ is
# multiplied by 0.92. The smallest $t$ with $0.92^t \le 10^{-6}$ is
# $\lceil \log 10^{-6} / \log 0.92 \rceil$.

# %%
steps = math.ceil(math.log(1e-6) / math.log(abs(1 - 2 * 0.1 * 9.6)))
print(steps)
assert check_l2_steps(steps, lr=0.1, lam=9.6, factor=1e-6)

# %% [markdown]
# ## Exercise 3: the 2-cycle of λ|w|^0.3
#
# A step from $a > 0$ to $-a$ has length $\eta\lambda p\,a^{p-1} = 2a$, so
# $a^{2-p} = \eta\lambda p/2$ and $a = (\eta\lambda p/2)^{1/(2-p)}$.

# %%
lr, lam, p = 0.04, 0.3, 0.3
a = (lr * lam * p / 2) ** (1 / (2 - p))
print(a, a - lr * lam * p * a ** (p - 1))  # one step lands on -a
assert check_cycle_amplitude(a, lr=0.04, lam=0.3, p=0.3)

# %% [markdown]
# ## Exercise 4: why the square root never settles
#
# The slope $\lambda/(2\sqrt{|w|})$ grows without bound near 0, so from a small enough weight
# the step is longer than the weight and throws it across 0.

# %%
assert check_why_no_settle("b")
