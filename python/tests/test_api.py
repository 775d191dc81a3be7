"""The Python side of downhill_widget, without a browser: data validation, query editing, trace
parsing, the version, and the bundle handed to anywidget. Runs against the installed package
(tests/jupyter installs the wheel into target/jupyter-venv and runs this file there)."""

import json
import math
import re
import subprocess
from pathlib import Path

import numpy as np
import pytest

import downhill_widget
from downhill_widget import Downhill, format_data, get_query_key, parse_trace, set_query_key

ROOT = Path(__file__).resolve().parents[2]


def cargo_version():
    text = (ROOT / "Cargo.toml").read_text()
    return re.search(r'^version = "([^"]+)"', text, re.M).group(1)


def test_version_is_cargo_toml_s():
    assert downhill_widget.__version__ == cargo_version()
    from importlib.metadata import version

    assert version("downhill-widget") == cargo_version()


# ---- queries ------------------------------------------------------------------------------

def test_set_query_key_replaces_in_place_and_keeps_the_rest():
    q = "scene=gabor&opt=sgd&data=1,2;3,4&run=sgd;alpha=0.5&start=3.5,6.5"
    assert set_query_key(q, "data", "5,6") == "scene=gabor&opt=sgd&data=5,6&run=sgd;alpha=0.5&start=3.5,6.5"


def test_set_query_key_appends_when_missing():
    assert set_query_key("scene=bowl&opt=adam", "data", "1,2") == "scene=bowl&opt=adam&data=1,2"
    assert set_query_key("", "lesson", "fig6.7") == "lesson=fig6.7"
    assert set_query_key("?scene=bowl", "opt", "gd") == "scene=bowl&opt=gd"


def test_set_query_key_drops_repeats_and_removes():
    assert set_query_key("data=1,2&scene=linear&data=3,4", "data", "9,9") == "data=9,9&scene=linear"
    assert set_query_key("scene=linear&data=1,2", "data", None) == "scene=linear"


def test_set_query_key_escapes_what_a_query_cannot_hold():
    q = set_query_key("scene=linear", "data", "1e+20,-2.5;3,4")
    # "+" would read as a space; "," and ";" stay readable.
    assert q == "scene=linear&data=1e%2B20,-2.5;3,4"
    assert get_query_key(q, "data") == "1e+20,-2.5;3,4"


def test_get_query_key():
    q = "scene=gabor&lesson=fig6.7&flag&x=a%20b"
    assert get_query_key(q, "lesson") == "fig6.7"
    assert get_query_key(q, "flag") == ""
    assert get_query_key(q, "x") == "a b"
    assert get_query_key(q, "missing") is None


# ---- data ---------------------------------------------------------------------------------

def test_format_data_round_trips_floats():
    x = [0.1, -2.0, 1e-7, 3]
    y = [1 / 3, 2.5, np.float32(0.5), -0.0]
    s = format_data(x, y)
    assert s == "0.1,0.3333333333333333;-2.0,2.5;1e-07,0.5;3.0,-0.0"
    back = [tuple(float(v) for v in p.split(",")) for p in s.split(";")]
    assert back == [(float(a), float(b)) for a, b in zip(x, y)]


def test_format_data_takes_numpy_arrays():
    x = np.linspace(0, 1, 200)
    assert len(format_data(x, 2 * x).split(";")) == 200


@pytest.mark.parametrize(
    "x, y, message",
    [
        ([1, 2], [1], "same length"),
        ([], [], "1 to 200 points"),
        (list(range(201)), list(range(201)), "1 to 200 points"),
        ([1, math.nan], [1, 2], "not finite"),
        ([1, 2], [math.inf, 2], "not finite"),
        ([1, "a"], [1, 2], "not a number"),
        ([1, None], [1, 2], "not a number"),
        ("12", "34", "not strings"),
        (np.zeros((2, 2)), np.zeros((2, 2)), "one-dimensional"),
        (3.0, 4.0, "one-dimensional"),
    ],
)
def test_format_data_refuses_bad_data(x, y, message):
    with pytest.raises(ValueError, match=message):
        format_data(x, y)


def test_widget_data_sets_the_data_key_of_the_current_query():
    w = Downhill(query="scene=linear&opt=gd&alpha=0.01&data=0,0&steps=30")
    w.data = ([0.0, 1.0, 2.0], [1.0, 3.0, 5.0])
    assert w.query == "scene=linear&opt=gd&alpha=0.01&data=0.0,1.0;1.0,3.0;2.0,5.0&steps=30"
    assert w.data == ([0.0, 1.0, 2.0], [1.0, 3.0, 5.0])
    w.data = None
    assert w.query == "scene=linear&opt=gd&alpha=0.01&steps=30"
    assert w.data is None


def test_widget_data_refuses_bad_data_and_keeps_the_query():
    w = Downhill(query="scene=linear")
    with pytest.raises(ValueError, match="same length"):
        w.data = ([1, 2, 3], [1, 2])
    with pytest.raises(ValueError, match="pair"):
        w.data = [1, 2, 3]
    assert w.query == "scene=linear"


# ---- the widget's inputs ------------------------------------------------------------------

def test_constructor_forms():
    assert Downhill(preset="fig6.7").query == "preset=fig6.7"
    assert Downhill("fig6.7").query == "preset=fig6.7"
    assert Downhill(query="?scene=bowl&opt=adam").query == "scene=bowl&opt=adam"
    assert Downhill(lesson="fig6.7").query == "lesson=fig6.7"
    assert Downhill().query == ""
    with pytest.raises(ValueError, match="one of"):
        Downhill(preset="fig6.7", query="scene=bowl")


def test_lesson_property():
    w = Downhill(query="scene=bowl")
    assert w.lesson is None
    w.lesson = "fig6.7"
    assert w.query == "lesson=fig6.7"
    assert w.lesson == "fig6.7"


# ---- traces -------------------------------------------------------------------------------

TRACE = "\n".join(
    [
        '{"run":0,"t":0,"phi":[3.5,6.5],"loss":17.28513651757435}',
        '{"run":0,"t":1,"phi":[3.257708691757667,6.2521156751059594],"loss":17.922519177379876,"epoch":0,"batch":[13,15,16,17,23]}',
        '{"run":1,"t":0,"phi":[1,2],"loss":3}',
        '{"run":0,"t":2,"phi":[5.094152484548309,6.1540237934879825],"loss":11.833465951165303,"epoch":0,"batch":[3,5,8,14,22]}',
    ]
) + "\n"


def test_parse_trace():
    runs = parse_trace(TRACE)
    assert [r.run for r in runs] == [0, 1]
    r = runs[0]
    assert r.t.dtype == np.int64 and r.t.tolist() == [0, 1, 2]
    assert r.phi.shape == (3, 2) and r.phi.dtype == np.float64
    assert r.phi[1].tolist() == [3.257708691757667, 6.2521156751059594]
    assert r.loss.tolist() == [17.28513651757435, 17.922519177379876, 11.833465951165303]
    assert r["phi"] is r.phi and len(r) == 3
    assert r.extra["epoch"] == [None, 0, 0]
    assert r["batch"][2] == [3, 5, 8, 14, 22]
    assert runs[1].phi.tolist() == [[1.0, 2.0]]


def test_parse_trace_ten_parameters_and_empty():
    line = json.dumps({"run": 0, "t": 0, "phi": [0.5, 0.5, -0.5, 0.5, -0.5, 1, -1, 1, -1.5, 1], "loss": 2.6964})
    runs = parse_trace(line)
    assert runs[0].phi.shape == (1, 10)
    assert parse_trace("") == []
    assert Downhill(query="scene=bowl").trace() == []


def test_parse_trace_refuses_garbage():
    with pytest.raises(ValueError, match="line 2"):
        parse_trace('{"run":0,"t":0,"phi":[1,2],"loss":1}\nnot json')
    with pytest.raises(ValueError, match="needs run"):
        parse_trace('{"run":0,"t":0}')


def test_trace_reads_the_synced_text():
    w = Downhill(query="scene=bowl")
    w._trace = TRACE
    assert [len(r) for r in w.trace()] == [3, 1]


def test_trace_parses_the_cli_output_when_there_is_one():
    cli = ROOT / "target/debug/downhill"
    if not cli.exists():
        pytest.skip("no target/debug/downhill (cargo build)")
    text = subprocess.run([str(cli), "trace", "preset=gabor-sgd"], check=True, capture_output=True, text=True).stdout
    runs = parse_trace(text)
    assert len(runs) == 1 and runs[0].phi.shape == (42, 2) and runs[0].t[-1] == 41
    text = subprocess.run([str(cli), "trace", "scene=shallow&steps=3"], check=True, capture_output=True, text=True).stdout
    assert parse_trace(text)[0].phi.shape[1] == 10


# ---- the bundle ---------------------------------------------------------------------------

def test_esm_is_one_module_with_the_element_inside():
    esm = Downhill._esm if isinstance(Downhill._esm, str) else Downhill(query="")._esm
    assert esm.startswith("const DOWNHILL_SOURCE = ")
    assert "export default { render }" in esm
    # No import of a file: anywidget loads _esm from a blob URL.
    assert not re.search(r"""^\s*import\s.*from\s+["']\.""", esm, re.M)
    source = json.loads(esm[len("const DOWNHILL_SOURCE = "): esm.index(";\n")])
    assert 'customElements.define("downhill-widget"' in source
    # Nothing from the network: the wasm is inside.
    assert not re.search(r"https?://[^\"'\s]*\.wasm", source)
