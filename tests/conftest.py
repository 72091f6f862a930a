"""Unit tests draw on Agg; notebooks run in their own kernels (tests/test_notebooks.py).

The browser harness (tests/browser/: Chromium, JupyterLab, a static server, the report) is
registered here as a plugin, so every test file gets its fixtures from one place.
"""

import os

os.environ.setdefault("MPLBACKEND", "Agg")

import matplotlib  # noqa: E402
import pytest  # noqa: E402

matplotlib.use("Agg")


@pytest.fixture(autouse=True)
def _close_figures():
    yield
    import matplotlib.pyplot as plt

    plt.close("all")


def pytest_configure(config):
    from browser import plugin

    if not config.pluginmanager.has_plugin("regviz-browser"):
        config.pluginmanager.register(plugin, "regviz-browser")
