"""Downhill as a Jupyter widget: the chapter 6 (fitting models) teaching widget of
*Understanding Deep Learning*, built on anywidget.

    from downhill_widget import Downhill
    w = Downhill(preset="fig6.7")   # or Downhill(query="scene=bowl&opt=adam"), Downhill(lesson="fig6.7")
    w                                # shows the widget
    w.query                          # the state as a query, synced both ways
    w.trace()                        # the runs so far, as the widget shows them, as NumPy arrays
    w.data = (x, y)                  # the student's own data in the current scene
    w.lesson = "fig6.7"              # a guided lesson

The front end is the `<downhill-widget>` element with its WebAssembly core inside one ES
module shipped in this package: nothing is fetched from the network.
"""

from __future__ import annotations

import json
import math
from dataclasses import dataclass, field
from importlib import resources
from typing import Any, Dict, List, Optional, Sequence, Tuple
from urllib.parse import quote, unquote_plus

import anywidget
import numpy as np
import traitlets

from ._version import __version__

__all__ = ["Downhill", "Run", "parse_trace", "set_query_key", "get_query_key", "format_data", "__version__"]

#: The most points a data set may hold (the core's limit).
MAX_POINTS = 200


def _static(name: str) -> str:
    return resources.files(__name__).joinpath("static", name).read_text(encoding="utf-8")


def _bundle() -> str:
    """The anywidget module: the element module's text as a string constant, then the wrapper
    (static/widget.js) that imports it from a blob once per page. anywidget loads `_esm` from a
    blob URL, where a relative import would find nothing."""
    element = _static("downhill.js")
    wrapper = _static("widget.js")
    # JSON is a JavaScript string literal; U+2028/2029 are legal in JS strings since ES2019,
    # escaped anyway for older parsers.
    literal = json.dumps(element, ensure_ascii=False).replace("\u2028", "\\u2028").replace("\u2029", "\\u2029")
    return f"const DOWNHILL_SOURCE = {literal};\n{wrapper}"


# ---- queries --------------------------------------------------------------------------------

def _pieces(query: str) -> List[str]:
    return [p for p in query.strip().lstrip("?").split("&") if p]


def _key_of(piece: str) -> str:
    return unquote_plus(piece.split("=", 1)[0])


def get_query_key(query: str, key: str) -> Optional[str]:
    """The decoded value of `key` in a widget query (the last one if repeated), or None."""
    found = None
    for piece in _pieces(query):
        if _key_of(piece) == key:
            found = unquote_plus(piece.split("=", 1)[1]) if "=" in piece else ""
    return found


def set_query_key(query: str, key: str, value: Optional[str]) -> str:
    """`query` with `key` set to `value` (in the place of its first occurrence, or appended),
    every other piece kept as it was written; `value=None` removes the key."""
    out: List[str] = []
    placed = False
    new = None if value is None else f"{quote(key, safe='')}={quote(value, safe=',;:')}"
    for piece in _pieces(query):
        if _key_of(piece) == key:
            if new is not None and not placed:
                out.append(new)
            placed = True
        else:
            out.append(piece)
    if new is not None and not placed:
        out.append(new)
    return "&".join(out)


def _number(v: Any, what: str, i: int) -> float:
    try:
        f = float(v)
    except (TypeError, ValueError):
        raise ValueError(f"data: {what}[{i}] = {v!r} is not a number") from None
    if not math.isfinite(f):
        raise ValueError(f"data: {what}[{i}] = {v!r} is not finite")
    return f


def format_data(x: Sequence[float], y: Sequence[float]) -> str:
    """The `data=` value for points (x[i], y[i]): `x,y;x,y;...` with each number written so that
    it reads back exactly. Raises ValueError for sequences of different or bad lengths
    (1 to 200 points) and for values that are not finite numbers."""
    if isinstance(x, (str, bytes)) or isinstance(y, (str, bytes)):
        raise ValueError("data: x and y must be sequences of numbers, not strings")
    try:
        if np.ndim(x) != 1 or np.ndim(y) != 1:
            raise ValueError("data: x and y must be one-dimensional sequences of numbers")
        xs, ys = list(x), list(y)
    except TypeError:
        raise ValueError("data: x and y must be sequences of numbers") from None
    if len(xs) != len(ys):
        raise ValueError(f"data: x has {len(xs)} values but y has {len(ys)}; they must have the same length")
    if not 1 <= len(xs) <= MAX_POINTS:
        raise ValueError(f"data: must hold 1 to {MAX_POINTS} points, not {len(xs)}")
    fx = [_number(v, "x", i) for i, v in enumerate(xs)]
    fy = [_number(v, "y", i) for i, v in enumerate(ys)]
    return ";".join(f"{a!r},{b!r}" for a, b in zip(fx, fy))


# ---- traces ---------------------------------------------------------------------------------

@dataclass
class Run:
    """One run of a trace: step numbers `t` (int, shape (n,)), parameters `phi` (float, shape
    (n, k): one row per point, k = 2, or 10 for the `shallow` scene) and `loss` (float, (n,))."""

    run: int
    t: np.ndarray
    phi: np.ndarray
    loss: np.ndarray
    #: Per-point fields the trace carries beyond these (SGD's `epoch` and `batch`), as lists.
    extra: Dict[str, list] = field(default_factory=dict)

    def __getitem__(self, key: str) -> Any:
        """`run["phi"]` works as for a dict."""
        if key in ("run", "t", "phi", "loss"):
            return getattr(self, key)
        return self.extra[key]

    def keys(self) -> List[str]:
        return ["run", "t", "phi", "loss", *self.extra]

    def __len__(self) -> int:
        return len(self.t)


def parse_trace(text: str) -> List[Run]:
    """Parses JSON Lines (`{"run":0,"t":0,"phi":[..],"loss":L}` per point, as the element's
    `trace()` and `downhill trace` write them) into one Run per run, ordered by run index."""
    rows: Dict[int, List[dict]] = {}
    for n, line in enumerate(text.splitlines(), 1):
        line = line.strip()
        if not line:
            continue
        try:
            p = json.loads(line)
        except json.JSONDecodeError as e:
            raise ValueError(f"trace line {n}: not JSON ({e})") from None
        if not isinstance(p, dict) or not {"run", "t", "phi", "loss"} <= p.keys():
            raise ValueError(f"trace line {n}: needs run, t, phi and loss")
        rows.setdefault(int(p["run"]), []).append(p)
    runs = []
    for r in sorted(rows):
        pts = rows[r]
        width = max((len(p["phi"]) for p in pts), default=0)
        phi = np.full((len(pts), width), np.nan)
        for i, p in enumerate(pts):
            phi[i, : len(p["phi"])] = [np.nan if v is None else v for v in p["phi"]]
        extra_keys = [k for k in dict.fromkeys(k for p in pts for k in p) if k not in ("run", "t", "phi", "loss")]
        runs.append(
            Run(
                run=r,
                t=np.array([p["t"] for p in pts], dtype=np.int64),
                phi=phi,
                loss=np.array([np.nan if p["loss"] is None else p["loss"] for p in pts], dtype=np.float64),
                extra={k: [p.get(k) for p in pts] for k in extra_keys},
            )
        )
    return runs


# ---- the widget -----------------------------------------------------------------------------

class Downhill(anywidget.AnyWidget):
    """The Downhill widget. Give at most one of `preset` (a preset's name, e.g. "fig6.7"),
    `lesson` (a lesson's name) or `query` (a widget URL query without `?`, e.g.
    "scene=bowl&opt=adam&steps=50"; add `autoplay=1&speed=100` to play to the end at once)."""

    _esm = _bundle()
    _css = ".downhill-anywidget { display: block; width: 100%; }"

    #: The widget's state as its canonical query, synced both ways: setting it loads it in the
    #: widget (which reports any problems itself, and in `problems`); the student's edits come back.
    query = traitlets.Unicode("").tag(sync=True)
    #: The problems the widget found in the last query it loaded (strings "severity: text").
    problems = traitlets.List(traitlets.Unicode(), default_value=[]).tag(sync=True)
    #: The runs so far as JSON Lines, sent by the front end when a run finishes, after each
    #: change and once Step clicks stop (never each played frame). Read it with `trace()`.
    _trace = traitlets.Unicode("").tag(sync=True)

    def __init__(
        self,
        preset: Optional[str] = None,
        *,
        query: Optional[str] = None,
        lesson: Optional[str] = None,
        **kwargs: Any,
    ) -> None:
        given = [k for k, v in (("preset", preset), ("query", query), ("lesson", lesson)) if v is not None]
        if len(given) > 1:
            raise ValueError(f"give one of preset, query or lesson, not {' and '.join(given)}")
        for k, v in (("preset", preset), ("query", query), ("lesson", lesson)):
            if v is not None and not isinstance(v, str):
                raise TypeError(f"{k} must be a string, not {type(v).__name__}")
        if preset is not None and ("=" in preset or "&" in preset):
            raise ValueError(f"preset is a name such as 'fig6.7'; for a query, write Downhill(query={preset!r})")
        if preset is not None:
            q = set_query_key("", "preset", str(preset))
        elif lesson is not None:
            q = set_query_key("", "lesson", str(lesson))
        else:
            q = (query or "").strip().lstrip("?")
        super().__init__(query=q, **kwargs)

    def trace(self) -> List[Run]:
        """The runs so far, as the widget shows them: one Run per run, with `t`, `phi` (one row
        per point) and `loss` as NumPy arrays (also readable as `run["phi"]`). The front end
        sends them when a run finishes and after each change, so a cell run right after the
        widget appears may see the first points only; `autoplay=1&speed=100` in the query
        plays to the end. Empty before the widget has been displayed."""
        return parse_trace(self._trace)

    @property
    def data(self) -> Optional[Tuple[List[float], List[float]]]:
        """The data set the query names (`data=` key) as (x, y), or None when it names none (the
        scene's own data)."""
        v = get_query_key(self.query, "data")
        if v is None:
            return None
        xs: List[float] = []
        ys: List[float] = []
        for pair in v.split(";"):
            if pair.strip():
                a, _, b = pair.partition(",")
                xs.append(float(a))
                ys.append(float(b))
        return xs, ys

    @data.setter
    def data(self, xy: Tuple[Sequence[float], Sequence[float]]) -> None:
        """Loads the student's own data (x, y: sequences of 1 to 200 finite floats) into the
        current scene; other keys of the query stay as they are."""
        if xy is None:
            self.query = set_query_key(self.query, "data", None)
            return
        try:
            x, y = xy
        except (TypeError, ValueError):
            raise ValueError("data: give a pair (x, y) of sequences of numbers") from None
        self.query = set_query_key(self.query, "data", format_data(x, y))

    @property
    def lesson(self) -> Optional[str]:
        """The lesson the query names, or None."""
        return get_query_key(self.query, "lesson")

    @lesson.setter
    def lesson(self, name: Optional[str]) -> None:
        """Opens the guided lesson `name` (e.g. "fig6.7"); None leaves the lesson (the widget keeps
        the lesson's scene)."""
        if name is None:
            self.query = set_query_key(self.query, "lesson", None)
            return
        if not isinstance(name, str):
            raise TypeError(f"lesson must be a string, not {type(name).__name__}")
        self.query = set_query_key("", "lesson", name)
