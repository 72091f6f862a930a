"""Regenerate README's thumbnails: one lecture figure per notebook, 360 px wide.

Run from the repository root: ``python docs/make_thumbnails.py`` (uses the cached MNIST runs
for notebooks 06 and 07; trains them first when the cache is cold).
"""

from __future__ import annotations

import tempfile
from pathlib import Path

from PIL import Image

from regviz.__main__ import main

#: notebook -> the lecture figure that shows what it is about
THUMBNAILS = {
    "00_why_regularize": "error-vs-lambda",
    "01_penalty_landscapes": "minimizer-paths",
    "02_lp_balls": "constrained-view",
    "03_gradients_and_p_below_1": "gradient-magnitudes",
    "04_proximal_operators": "prox-maps",
    "05_bayesian_view": "priors",
    "06_mnist_l2_l1": "mnist-l1-error",
    "07_questions_from_practice": "sqrt-penalty-curves",
    "08_elastic_net": "elastic-net-paths",
    "09_playground": "playground-l1-prox",
    "10_dropout_and_noise": "dropout-kept-share",
    "11_implicit_regularization": "double-descent",
    "12_weight_decay_and_normalization": "angular-update",
    "13_sparsity_that_pays": "pruned-networks",
}
WIDTH = 360
OUT = Path(__file__).resolve().parent / "thumbnails"


def make_thumbnails() -> None:
    """Write ``docs/thumbnails/NN_topic.png`` for every notebook in :data:`THUMBNAILS`."""
    OUT.mkdir(exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp:
        main(["figures", "--out", tmp, "--format", "png", "--only", ",".join(THUMBNAILS.values())])
        for notebook, figure in THUMBNAILS.items():
            image = Image.open(Path(tmp) / f"{figure}.png").convert("RGB")
            height = round(image.height * WIDTH / image.width)
            thumb = image.resize((WIDTH, height), Image.LANCZOS)
            thumb.save(OUT / f"{notebook}.png", optimize=True)
            print(f"{notebook}: {figure} -> {OUT / notebook}.png")


if __name__ == "__main__":
    make_thumbnails()
