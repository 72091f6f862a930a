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
# # 13 · Sparsity that pays: worked solutions
#
# For instructors: the answers to the exercises of `notebooks/13_sparsity_that_pays.py`, each
# checked by the same call as in the notebook. Not for the students' copy.

# %%
import numpy as np

from regviz.exercises.sparsity import check_csr_bytes, check_group_prox, check_why_not_faster

# %% [markdown]
# ## Exercise 1: the block soft threshold
#
# Each row keeps its direction and loses $t$ of its length, or becomes 0 when it is not longer
# than $t$. Guard the division for rows that are already 0 (their factor is 0 anyway).

# %%
def group_prox(Z, t):
    Z = np.asarray(Z, dtype=float)
    norms = np.linalg.norm(Z, axis=1, keepdims=True)
    scale = np.where(norms > t, 1.0 - t / np.where(norms > 0, norms, 1.0), 0.0)
    return Z * scale


assert check_group_prox(group_prox)

# %% [markdown]
# ## Exercise 2: bytes of a CSR matrix
#
# $300 \cdot 1000 \cdot 0.04 = 12{,}000$ nonzeros, each a float32 value and an int32 column
# index: $8 \cdot 12{,}000 = 96{,}000$ bytes; plus $301$ int32 row pointers, $1{,}204$ bytes:
# $97{,}204$ bytes, against $1{,}200{,}000$ dense.

# %%
assert check_csr_bytes(8 * 12000 + 4 * 301, rows=300, cols=1000, density=0.04)

# %% [markdown]
# ## Exercise 3: why scattered zeros are not faster
#
# (b): a dense kernel multiplies every entry; its cost depends on the matrix's shape, and
# scattered zeros leave the shape unchanged. Sparse kernels skip the zeros but pay for indirect
# indexing and lose to dense ones until most entries are zero (the CSR times in the
# notebook's figure). Removing whole units shrinks the matrices themselves.

# %%
assert check_why_not_faster("b")
