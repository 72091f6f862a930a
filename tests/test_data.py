import numpy as np
import pytest

from regviz import data


def test_sample_split_reports_source_and_sizes(tmp_path, monkeypatch):
    monkeypatch.setenv("REGVIZ_CACHE", str(tmp_path))
    s = data.load("sample")
    assert s.source == "sample"
    assert (s.n_train, s.n_test) == (1000, 4000)
    assert "1000 training" in s.describe() and "4000 test" in s.describe()
    assert np.bincount(s.y_train).tolist() == [100] * 10
    assert abs(s.x_train.mean()) < 1e-4 and abs(s.x_train.std() - 1) < 1e-3
    assert list(tmp_path.glob("*.npz"))
    again = data.load("sample")
    np.testing.assert_array_equal(again.x_train, s.x_train)


def test_corrupt_data_cache_is_rebuilt(tmp_path, monkeypatch):
    monkeypatch.setenv("REGVIZ_CACHE", str(tmp_path))
    s = data.load_sample()
    (path,) = tmp_path.glob("*.npz")
    path.write_bytes(path.read_bytes()[:100])
    np.testing.assert_array_equal(data.load_sample().y_train, s.y_train)


def test_full_mnist_without_files_says_what_to_do(tmp_path):
    with pytest.raises(FileNotFoundError, match="download=True"):
        data.load_mnist(root=tmp_path)


def test_bad_source():
    with pytest.raises(ValueError, match="source must be one of"):
        data.load("cifar")
