"""docs/python.md stays true: its tutorial runs as written and prints what its comments say."""
import contextlib
import io
import os
import pathlib
import re

DOC = pathlib.Path(__file__).resolve().parents[2] / "docs" / "python.md"


def test_tutorial_runs_as_written(tmp_path, monkeypatch):
    tutorial = re.search(r"```python\n(.*?)```", DOC.read_text(), re.S).group(1)
    monkeypatch.chdir(tmp_path)
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        exec(compile(tutorial, str(DOC), "exec"), {})
    printed = out.getvalue()
    for expected in ("['SVC-1']", "0:20:00 False", "INC-1 resolved", "[('Webshop', 100.0)]"):
        assert expected in printed
    assert os.path.getsize(tmp_path / "report.html") > 0
