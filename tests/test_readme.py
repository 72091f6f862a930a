"""README.md cannot drift: every fenced shell command in it runs, and its numbers are the code's.

Each line of every ```bash / ```sh / ```shell block is run as printed, from the repository root,
in this test's environment as if ``.venv`` were activated (its ``bin/`` first on PATH; ``.venv/``
in a command means this environment). The README is parsed, not copied, so commands added later
(new notebooks, new sections) are covered without touching this file. Only what cannot run as is
in a test gets cheaper arguments, by the rules in ``Plan``:

- ``make ...`` runs with this environment (``VENV=``, its setup stamp taken as up to date) and
  writes into a temporary ``BUILD=`` folder; ``--out DIR`` goes to a temporary folder too;
  except ``make site``, which builds the repository's ``build/site/``, the one tests/test_site.py
  runs in the browser pass (the build is skipped there when its sources have not changed);
- servers (``make lab``, ``make present``, ``python3 -m http.server``) start on a free port, must
  answer, and are stopped (a ``build/`` folder they serve is the temporary one);
- ``make test`` runs one small test file (the whole suite would run this test again);
- long builds get their cheapest arguments (one notebook's slides, page or worked solution:
  test_a11y.py builds every page and deck, test_solutions.py runs every solution; one
  figure), and a
  reproduction that is not cached yet is replaced by the cheapest one;
- ``--source mnist`` needs the full MNIST files, which no test downloads: without them the
  command must stop with the loader's message that says what to do.

A command that fails, or a new long one that takes more than ``TIMEOUT`` seconds, fails the test
with the command and its output: give it a rule here or cheaper arguments in the README.
"""

from __future__ import annotations

import os
import re
import shlex
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
README = ROOT / "README.md"
VENV = Path(sys.prefix)
STAMP = VENV / ".regviz-installed"
TIMEOUT = 900
FENCE = re.compile(r"^```(?:bash|sh|shell|console)[ \t]*\n(.*?)^```", re.MULTILINE | re.DOTALL)
#: The reproduction a test trains when the named one is not cached (seconds, not minutes).
CHEAPEST_RUN = "sgd-weight-decay"


def _strip_comment(line: str) -> str:
    """The command without a trailing ``# comment`` (a ``#`` outside quotes after a blank)."""
    quote = None
    for i, ch in enumerate(line):
        if quote:
            quote = None if ch == quote else quote
        elif ch in "'\"":
            quote = ch
        elif ch == "#" and (i == 0 or line[i - 1].isspace()):
            return line[:i].rstrip()
    return line.rstrip()


def readme_commands(text: str | None = None) -> list[str]:
    """Every shell command of the README's fenced shell blocks, in order."""
    text = README.read_text() if text is None else text
    commands = []
    for block in FENCE.findall(text):
        pending = ""
        for raw in block.splitlines():
            line = _strip_comment(raw.strip())
            if line.startswith("$ "):
                line = line[2:]
            if line.endswith("\\"):
                pending += line[:-1].rstrip() + " "
                continue
            line = (pending + line).strip()
            pending = ""
            if line:
                commands.append(line)
    return commands


# -- what a test runs instead of a command that cannot run as printed -----------------------------
def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _cached(name: str) -> bool:
    from regviz.figures import is_cached

    return is_cached(name)


def _with_make_arg(words: list[str], extra: str) -> list[str]:
    """Add ``extra`` to a make command's ARGS=... (creating it)."""
    for i, word in enumerate(words):
        if word.startswith("ARGS="):
            words[i] = f"ARGS={word[5:]} {extra}".strip()
            return words
    return [*words, f"ARGS={extra}"]


def _figures(words: list[str], is_make: bool) -> list[str]:
    if "--list" in words:
        return words
    from regviz.figures import MNIST_RUNS

    runs = {*MNIST_RUNS, "forum-l1", "sqrt-penalty"}
    extra = "--format png" + ("" if all(map(_cached, runs)) else " --no-mnist")
    joined = " ".join(words)
    if "--only" not in joined:
        extra = "--only prox-maps " + extra
    if is_make:
        return _with_make_arg(words, extra)
    if "--format" in joined:
        extra = extra.replace("--format png", "")
    return [*words, *extra.split()]


def _reproduce(words: list[str]) -> list[str]:
    """Swap a reproduction that is not cached yet for the cheapest one (not for --source)."""
    from regviz.experiments import NAMES

    if "--source" in words:
        return words
    for i, word in enumerate(words):
        name = word.removeprefix("NAME=")
        if name in NAMES:
            if not _cached(name):
                words[i] = word.replace(name, CHEAPEST_RUN)
            break
    return words


class Plan:
    """How one README command runs here: argv (for bash), and whether it is a server."""

    def __init__(self, command: str, scratch: Path) -> None:
        self.command = command
        self.url: str | None = None
        self.expect_failure: str | None = None
        words = shlex.split(command.replace(".venv/", f"{VENV}/"))
        if words and words[0] == "make":
            build = ROOT / "build" if words[1:2] == ["site"] else scratch / "build"
            words = ["make", "--no-print-directory", "-o", str(STAMP), f"VENV={VENV}",
                     f"BUILD={build}", *words[1:]]
        for i, word in enumerate(words[:-1]):
            if word == "--out":
                words[i + 1] = str(scratch / words[i + 1])
        target = next((w for w in words[1:] if re.fullmatch(r"[a-z][\w-]*", w)), "")
        is_make = words[:1] == ["make"]
        if is_make and target == "test":
            words = _with_make_arg(words, "tests/test_environment.py")
        elif is_make and target == "lab":
            port = _free_port()
            words = _with_make_arg(words, f"--no-browser --port={port} --ServerApp.token=")
            self.url = f"http://127.0.0.1:{port}/api/contents/notebooks?content=0"
        elif is_make and target == "present":
            port = _free_port()
            words.append(f"SLIDES_PORT={port}")
            self.url = f"http://127.0.0.1:{port}/"
        elif is_make and target in ("slides", "html", "solutions") and not any(
                w.startswith("NOTEBOOKS=") for w in words):
            words.append("NOTEBOOKS=01_penalty_landscapes")
        elif not is_make and words[1:3] == ["-m", "http.server"]:
            # a static server: a free port, the scratch build folder (the site's own: see above)
            port = _free_port()
            words = [str(port) if w.isdigit() else str(ROOT / w) if w.startswith("build/site")
                     else str(scratch / w) if w.startswith("build/") else w for w in words]
            self.url = f"http://127.0.0.1:{port}/"
        elif target == "figures" or (not is_make and "figures" in words):
            words = _figures(words, is_make)
        elif target == "reproduce" or "reproduce" in words:
            words = _reproduce(words)
            if "--source" in words and words[words.index("--source") + 1] == "mnist" \
                    and not _full_mnist_present():
                self.expect_failure = "download=True"
        self.words = words

    def run(self, env: dict) -> None:
        script = shlex.join(self.words)
        if self.words[0] in ("source", "."):
            script += " && command -v regviz"
        if self.url:
            self._serve(script, env)
            return
        try:
            done = subprocess.run(["bash", "-c", script], cwd=ROOT, env=env, text=True,
                                  capture_output=True, timeout=TIMEOUT)
        except subprocess.TimeoutExpired:
            pytest.fail(f"README command `{self.command}` ran longer than {TIMEOUT} s (as "
                        f"`{script}`): give it cheaper arguments (tests/test_readme.py)")
        output = done.stdout + done.stderr
        if self.expect_failure:
            assert done.returncode != 0 and self.expect_failure in output, (
                f"`{self.command}` without the full MNIST files should stop and say "
                f"{self.expect_failure!r}:\n{output[-2000:]}"
            )
            return
        assert done.returncode == 0, (
            f"README command `{self.command}` failed (ran `{script}`):\n{output[-3000:]}"
        )

    def _serve(self, script: str, env: dict) -> None:
        server = subprocess.Popen(["bash", "-c", script], cwd=ROOT, env=env, text=True,
                                  stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                                  start_new_session=True)
        try:
            deadline = time.monotonic() + 180
            while time.monotonic() < deadline:
                if server.poll() is not None:
                    pytest.fail(f"`{self.command}` stopped (exit {server.returncode}):\n"
                                f"{server.stdout.read()[-3000:]}")
                try:
                    with urllib.request.urlopen(self.url, timeout=2) as response:
                        assert response.status == 200
                        return
                except OSError:
                    time.sleep(0.5)
            pytest.fail(f"`{self.command}` did not answer at {self.url} within 180 s")
        finally:
            if server.poll() is None:
                os.killpg(server.pid, signal.SIGTERM)
                try:
                    server.wait(timeout=30)
                except subprocess.TimeoutExpired:
                    os.killpg(server.pid, signal.SIGKILL)
                    server.wait()


def _full_mnist_present() -> bool:
    from regviz.data import cache_dir

    return any((cache_dir() / "torchvision").glob("MNIST/raw/train-images*"))


# -- the tests ----------------------------------------------------------------------------------
COMMANDS = readme_commands()


def test_the_readme_has_shell_commands():
    assert len(COMMANDS) >= 10, COMMANDS
    assert "make lab" in COMMANDS and "make test" in COMMANDS


def test_parser_joins_continuations_and_drops_comments():
    text = "x\n```bash\nmake a \\\n  B=1   # note\n# only a comment\n$ echo '#not' # c\n```\n" \
           "```python\nprint(1)\n```\n"
    assert readme_commands(text) == ["make a B=1", "echo '#not'"]


@pytest.fixture(scope="module")
def scratch(tmp_path_factory):
    return tmp_path_factory.mktemp("readme")


@pytest.fixture(scope="module")
def env():
    return {
        **os.environ,
        "PATH": f"{VENV / 'bin'}{os.pathsep}{os.environ.get('PATH', '')}",
        "VIRTUAL_ENV": str(VENV),
        "OMP_NUM_THREADS": os.environ.get("OMP_NUM_THREADS", "1"),
    }


@pytest.mark.slow
@pytest.mark.parametrize("command", COMMANDS)
def test_readme_command_works_as_printed(command, scratch, env):
    Plan(command, scratch).run(env)


def test_readme_counts_come_from_the_code():
    from regviz.experiments import networks_of
    from regviz.figures import FIGURES, MNIST_RUNS

    text = README.read_text()
    n_figures = re.search(r"(\d+) figures in a style", text)
    assert n_figures and int(n_figures.group(1)) == len(FIGURES), "README's figure count"
    n_mnist = re.search(r"MNIST figures, (\d+) of them", text)
    assert n_mnist and int(n_mnist.group(1)) == sum(f.mnist for f in FIGURES.values())
    runs = {r for f in FIGURES.values() for r in f.requires}
    assert set(MNIST_RUNS) <= runs
    n_networks = re.search(r"\((\d+) on a cold cache\)", text)
    assert n_networks and int(n_networks.group(1)) == sum(networks_of(r) for r in runs)


def test_readme_addresses_come_from_pyproject(tmp_path):
    import project_url as pu  # tools/ is on pytest's pythonpath (pyproject.toml)

    url = pu.project_url()
    org, repo = pu.org_repo(url)
    text = README.read_text()
    assert pu.binder_url(url) in text, "the Binder badge is not the project's"
    for kind, found in [("binder", re.findall(r"mybinder\.org/v2/gh/([\w.-]+)/([\w.-]+)/", text)),
                        ("colab", re.findall(r"colab\.research\.google\.com/github/([\w.-]+)/"
                                             r"([\w.-]+)/", text))]:
        assert found and set(found) == {(org, repo)}, f"{kind} links {set(found)} != {url}"
    # a course's fork: one command rewrites both files, and they agree again
    pyproject, readme = tmp_path / "pyproject.toml", tmp_path / "README.md"
    pyproject.write_text((ROOT / "pyproject.toml").read_text())
    readme.write_text(text)
    assert pu.set_project_url("https://github.com/my-course/regviz-2027/", pyproject=pyproject,
                              readme=readme) == url
    assert pu.project_url(pyproject) == "https://github.com/my-course/regviz-2027"
    forked = readme.read_text()
    assert pu.binder_url("https://github.com/my-course/regviz-2027") in forked
    assert f"/{org}/{repo}/" not in forked
    with pytest.raises(ValueError, match="url must look like"):
        pu.set_project_url("git@github.com:x/y", pyproject=pyproject, readme=readme)


def test_make_lab_binder_and_colab_agree_on_the_notebooks_folder():
    makefile = (ROOT / "Makefile").read_text()
    lab = re.search(r"^lab:.*\n((?:\t.*\n)+)", makefile, re.MULTILINE).group(1)
    assert "--ServerApp.root_dir=." in lab and "default_url=/lab/tree/notebooks" in lab
    text = README.read_text()
    assert "urlpath=lab/tree/notebooks" in text
    assert re.search(r"colab\.research\.google\.com/github/[\w.-]+/[\w.-]+/blob/colab/"
                     r"notebooks/NN_topic\.ipynb", text)
