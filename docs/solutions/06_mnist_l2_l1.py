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
# # Worked solutions: 06 · The lecture's convnet on 1,000 digits
#
# For the instructor. Each exercise's answer, then the notebook's own check with the same
# arguments.

# %%
# %% [markdown]
# ## Exercise 1: steps of the lecture's L1 step to reach 0
#
# While $|w| > \lambda$, each step removes $\lambda$; the last one removes what is left and
# stops at 0. So $\lceil 0.0251 / (1.3\cdot10^{-4}) \rceil$ steps (193.08, rounded up).
# %%
import math

import torch

from regviz.exercises.mnist import (
    check_l2_weights_only,
    check_steps_to_zero,
    check_train_l1_prox,
    check_why_biases,
)

steps = math.ceil(0.0251 / 1.3e-4)
print(steps)
assert check_steps_to_zero(steps, w=0.0251, lam=1.3e-4)

# %% [markdown]
# ## Exercise 2: the lecture's proximal step in a training loop


# %%
def train_l1_prox(model, x, y, *, lr, lam, epochs, batch_size):
    optimizer = torch.optim.SGD(model.parameters(), lr=lr)
    criterion = torch.nn.CrossEntropyLoss()
    for _ in range(epochs):
        for b in range(0, len(y), batch_size):
            loss = criterion(model(x[b:b + batch_size]), y[b:b + batch_size])
            optimizer.zero_grad()
            loss.backward()
            optimizer.step()
            with torch.no_grad():
                for p in model.parameters():
                    p.sub_(p.sign() * p.abs().clamp(max=lam))
    return model


assert check_train_l1_prox(train_l1_prox)

# %% [markdown]
# ## Exercise 3: L2 on the weights, not the biases


# %%
def l2_weights_only(model, lam):
    return lam * sum((p**2).sum() for name, p in model.named_parameters()
                     if name.endswith("weight"))


assert check_l2_weights_only(l2_weights_only)

# %% [markdown]
# ## Exercise 4: why biases are left out
#
# A bias shifts a unit's input; it multiplies no input pixel, so shrinking it towards 0 brings
# no sparsity in the inputs and only moves the unit's operating point; and there are few of
# them.

# %%
assert check_why_biases("d")
