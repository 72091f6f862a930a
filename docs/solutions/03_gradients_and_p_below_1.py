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
# each checked by the same call as in the notebook. Not for the students' copy.

# %%
import math

from regviz.exercises.gradients import check_cycle_amplitude, check_descend, check_l2_steps

# %% [markdown]
# ## Exercise 1: a gradient-descent loop
#
# Keep every iterate, starting with $w_0$: the list has $n + 1$ entries.

# %%
def descend(grad, w0, lr, n_steps):
    ws = [w0]
    for _ in range(n_steps):
        ws.append(ws[-1] - lr * grad(ws[-1]))
    return ws


assert check_descend(descend)

# %% [markdown]
# ## Exercise 2: steps to shrink by 1e-6 with 2ηλ = 1.4
#
# Each step multiplies $w$ by $1 - 2\eta\lambda = -0.4$: the weight changes sign every step and
# its size is $0.4^t$. The smallest $t$ with $0.4^t \le 10^{-6}$ is
# $\lceil \log 10^{-6} / \log 0.4 \rceil = \lceil 15.08 \rceil = 16$.

# %%
q = abs(1 - 2 * 0.1 * 7.0)
steps = math.ceil(math.log(1e-6) / math.log(q))
print(q, steps)
assert check_l2_steps(steps, lr=0.1, lam=7.0, factor=1e-6)

# %% [markdown]
# ## Exercise 3: the root's 2-cycle amplitude
#
# $a = (\eta\lambda/4)^{2/3} = (0.0025)^{2/3} \approx 0.01842$.

# %%
a = (0.05 * 0.2 / 4) ** (2 / 3)
print(a)
assert check_cycle_amplitude(a, lr=0.05, lam=0.2)
