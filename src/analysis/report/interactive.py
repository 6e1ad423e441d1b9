"""The interactive blame network of the HTML report: a JSON data block and the vendored
vis-network library, inlined into the single file (nothing from a CDN).

The notebook displays `InteractiveNetwork` (a placeholder, the controls and one JSON block
`#blame-network-data`); `inline_network_script` adds the one script `#blame-network-script`
(vis-network plus the report's own code) when the page holds that block. The JSON is
escaped so that no article text can close the block (`</script>`) or become markup.
"""

from __future__ import annotations

import html
import json
from dataclasses import dataclass
from functools import cache
from typing import Any

import networkx as nx
import pandas as pd

from analysis.codebook import GOVERNMENT_BLOCS, RELATION_SIGNS, RELATIONS
from analysis.network.graph import ActorLookup, roll_up_statements
from analysis.report.display import BLOC_COLOURS, LOW_N
from analysis.resources import template_dir

__all__ = ["DATA_ID", "SCRIPT_ID", "InteractiveNetwork", "inline_network_script", "json_for_script",
           "network_data"]

DATA_ID = "blame-network-data"
SCRIPT_ID = "blame-network-script"
MAX_QUOTES = 3  # quotes per tie in the page; evidence.csv holds all of them
_SIGN_STYLES = {-1: ("#B2182B", False), 1: ("#2166AC", True), 0: ("#555555", True)}
_FALLBACK_COLOUR = "#767676"


def json_for_script(value: Any) -> str:
    """Serialise `value` as JSON safe inside `<script type="application/json">`.

    `<`, `>` and `&` become `\\u003c`, `\\u003e`, `\\u0026` (so `</script>` and `<!--` cannot
    appear), and the line separators U+2028/U+2029 are escaped too; `JSON.parse` reads it back
    unchanged. Keys are sorted, so the same data gives the same bytes.
    """
    text = json.dumps(value, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    for char, escaped in (("<", "\\u003c"), (">", "\\u003e"), ("&", "\\u0026"),
                          ("\u2028", "\\u2028"), ("\u2029", "\\u2029")):
        text = text.replace(char, escaped)
    return text


def _positions(graph: nx.DiGraph) -> dict[str, tuple[float, float]]:
    """Governments on a top row, the other actors on a row below (the static figure's layout)."""
    from analysis.report.figures import government_layout

    return government_layout(graph)


def _quotes(statements: pd.DataFrame, actors: ActorLookup, level: str) -> dict[tuple[str, str], list[dict]]:
    rows = roll_up_statements(statements, actors, level)
    found: dict[tuple[str, str], list[dict]] = {}
    for row in rows.itertuples(index=False):
        outlet = getattr(row, "outlet", "")
        where = f"article {row.article_id}" + (f", {outlet}" if isinstance(outlet, str) and outlet else "")
        found.setdefault((str(row.speaker_at_level), str(row.target_at_level)), []).append(
            {"quote": str(row.evidence), "relation": str(row.relation), "where": where})
    return found


def network_data(graph: nx.DiGraph, statements: pd.DataFrame, actors: ActorLookup, level: str,
                 max_quotes: int = MAX_QUOTES) -> dict[str, Any]:
    """Return the nodes, ties (counts per relation, first quotes) and styles the page draws.

    Self-loops are left out, as in the static figure. A tie is `thin` when it rests on fewer
    than `LOW_N` distinct sentences. Node and tie order is sorted, so the JSON is stable.
    """
    pos = _positions(graph)
    quotes = _quotes(statements, actors, level)
    nodes = []
    for node in sorted(graph.nodes, key=str):
        bloc = str(graph.nodes[node].get("bloc", ""))
        x, y = pos[node]
        government = bloc in GOVERNMENT_BLOCS
        name = str(graph.nodes[node].get("name", node))
        nodes.append({"id": str(node), "label": name, "bloc": bloc, "government": government,
                      "colour": BLOC_COLOURS.get(bloc, _FALLBACK_COLOUR), "x": round(x * 300),
                      "y": round(-y * 300), "size": 16 if government else 11, "title": f"{name} ({bloc})"})
    edges = []
    for index, (u, v, d) in enumerate(sorted(((u, v, d) for u, v, d in graph.edges(data=True) if u != v),
                                             key=lambda e: (str(e[0]), str(e[1])))):
        tie_quotes = quotes.get((str(u), str(v)), [])
        edges.append({"id": f"e{index}", "source": str(u), "target": str(v),
                      "source_name": str(graph.nodes[u].get("name", u)),
                      "target_name": str(graph.nodes[v].get("name", v)),
                      "relations": {r: int(n) for r, n in sorted((d.get("relations") or {}).items()) if n},
                      "weight": int(d["weight"]), "n_articles": len(d.get("articles", ())),
                      "thin": int(d["weight"]) < LOW_N, "quotes": tie_quotes[:max_quotes],
                      "n_quotes": len(tie_quotes)})
    return {"level": level, "low_n": LOW_N, "nodes": nodes, "edges": edges,
            "relations": [{"name": r, "sign": RELATION_SIGNS[r]} for r in RELATIONS],
            "signs": {str(s): {"colour": c, "dashes": dashed} for s, (c, dashed) in _SIGN_STYLES.items()}}


@dataclass(frozen=True)
class InteractiveNetwork:
    """The HTML-only view: relation filters, the network canvas, a detail line and the data block."""

    data: dict[str, Any]

    def _repr_html_(self) -> str:
        n_ties = len(self.data["edges"])
        summary = (f"Interactive network, {html.escape(str(self.data['level']))} level: "
                   f"{len(self.data['nodes'])} actors and {n_ties} ties. Hover a tie for its counts and "
                   "first quotes, click it to keep them below; untick a relation to hide it. "
                   f"Counts marked * rest on fewer than {LOW_N} sentences.")
        return (f'<div class="blame-network-wrap"><p class="blame-network-help">{summary}</p>'
                '<div id="blame-network-controls" class="blame-network-controls" '
                'role="group" aria-label="Relations shown"></div>'
                f'<div id="blame-network" class="blame-network" role="img" aria-label="{summary}"></div>'
                '<div id="blame-network-detail" class="blame-network-detail" aria-live="polite"></div>'
                f'<script type="application/json" id="{DATA_ID}">{json_for_script(self.data)}</script></div>')

    def __repr__(self) -> str:
        return f"InteractiveNetwork({len(self.data['nodes'])} nodes, {len(self.data['edges'])} ties)"


@cache
def _script() -> str:
    folder = template_dir() / "interactive"
    library = (folder / "vis-network" / "vis-network.min.js").read_text(encoding="utf-8")
    own = (folder / "blame_network.js").read_text(encoding="utf-8")
    code = library + "\n" + own
    if "</script" in code.lower() or "<!--" in code:
        raise ValueError(f"{folder}: the inlined script may not contain '</script' or '<!--'")
    return code


def inline_network_script(page: str) -> str:
    """Add the library and the report's network code before `</body>` when the page has the data block."""
    if f'id="{DATA_ID}"' not in page or "</body>" not in page:
        return page
    head, tail = page.rsplit("</body>", 1)
    return f'{head}<script id="{SCRIPT_ID}">\n{_script()}\n</script>\n</body>{tail}'
