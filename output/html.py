"""Write the knowledge graph as one self-contained, offline HTML page.

For people exploring a graph in a browser: nodes coloured by type with a
legend, sized by degree, plain-text tooltips with aliases and the evidence
sentence of every edge, a search box over labels and aliases. Built on pyvis;
vis-network's script and stylesheet are inlined from the copy pyvis ships, so
the page makes no network request (pyvis #228/#229).

Not for machine exchange (use the RDF or GraphML writers) and not a server:
the page is a static file.
"""
from __future__ import annotations

import math
import os
import re
from collections import Counter
from pathlib import Path
from typing import Any

import networkx as nx

from zhitu.errors import OutputError, os_reason
from zhitu.ontology.vocabulary import NODE_TYPES, OTHER_TYPE, RELATIONS, EntityType
from zhitu.output.atomic import atomic_open

__all__ = ["TYPE_STYLES", "RELATION_NAMES", "write_html", "generate_html"]

_TEMPLATE_DIR = Path(__file__).parent / "templates"
_TEMPLATE = "graph.html"
_VIS_VERSION = "vis-9.1.2"


#: How each node type looks in the legend and on the canvas (from the one vocabulary).
TYPE_STYLES: dict[str, EntityType] = {t.label: t for t in NODE_TYPES}
_OTHER_STYLE = OTHER_TYPE
#: Relation names → their Chinese labels on edges and in tooltips.
RELATION_NAMES: dict[str, str] = {r.name: r.zh for r in RELATIONS}

# Past this many nodes vis-network's "improved layout" (a Kamada–Kawai pass
# before physics) costs more than it helps.
_IMPROVED_LAYOUT_MAX_NODES = 150
_CLOSING_TAG = re.compile(r"</(script|style)", re.IGNORECASE)


#: Above this many nodes positions are computed in Python and physics is off.
PRECOMPUTED_LAYOUT_FROM = 300
#: The static page shows at most this many nodes (the most connected), with a note.
MAX_NODES = 5000


def write_html(
    graph: nx.MultiDiGraph,
    path: str | os.PathLike[str],
    *,
    title: str = "zhitu knowledge graph",
    include_mentions: bool = False,
    max_nodes: int = MAX_NODES,
) -> None:
    """Write ``graph`` to ``path`` as a self-contained HTML page (UTF-8).

    ``mentions`` edges (article → entity) are left out unless
    ``include_mentions``; ARTICLE nodes left without edges are dropped.
    The file is written atomically: a failed export leaves no partial file.
    """
    page = generate_html(graph, title=title, include_mentions=include_mentions, max_nodes=max_nodes)
    try:
        with atomic_open(path, "wb") as handle:
            handle.write(page.encode("utf-8"))
    except OSError as err:  # a read-only folder, a full disk: one line naming the file
        raise OutputError(path, os_reason(err)) from err


def generate_html(
    graph: nx.MultiDiGraph,
    *,
    title: str = "zhitu knowledge graph",
    include_mentions: bool = False,
    max_nodes: int = MAX_NODES,
) -> str:
    """Return the page :func:`write_html` writes, as a string."""
    from pyvis.network import Network  # heavy-ish; only when exporting

    view = _visible_subgraph(graph, include_mentions=include_mentions)
    total_nodes = view.number_of_nodes()
    if total_nodes > max_nodes:
        view = _most_connected(view, max_nodes)
    net = Network(directed=True, cdn_resources="in_line", height="100%", width="100%")
    degrees = dict(view.degree())
    positions = {}
    if view.number_of_nodes() > PRECOMPUTED_LAYOUT_FROM:
        from zhitu.output.layout import sampled_spring_layout

        positions = sampled_spring_layout(nx.Graph(view), scale=40.0 * view.number_of_nodes() ** 0.5)
    for node, data in view.nodes(data=True):
        style = _style(data.get("type"))
        label = str(data.get("label") or node)
        if node in positions:
            x, y = positions[node]
            extra_node = {"x": x, "y": y}
        else:
            extra_node = {}
        net.add_node(
            str(node),
            label=label,
            shape=style.shape,
            color=style.color,
            size=_node_size(degrees.get(node, 0)),
            title=_node_tooltip(node, data),
            # Read by the page's search box and legend filter.
            ztype=str(data.get("type") or ""),
            aliases=_aliases(data),
            **extra_node,
        )
    pair_sizes = Counter(frozenset((u, v)) for u, v in view.edges())
    seen: Counter[frozenset[object]] = Counter()
    for head, tail, key, data in view.edges(keys=True, data=True):
        relation = str(data.get("relation") or key)
        pair = frozenset((head, tail))
        extra: dict[str, Any] = {}
        if pair_sizes[pair] > 1:
            # Edges between the same two nodes get curves of their own, so
            # none hides another.
            extra["smooth"] = {"enabled": True, "type": "curvedCW", "roundness": 0.1 + 0.25 * seen[pair]}
        seen[pair] += 1
        if not positions:  # on big graphs 20,000 edge labels cost more than they tell: hover shows them
            extra["label"] = str(data.get("role") or RELATION_NAMES.get(relation, relation))
        net.add_edge(
            str(head),
            str(tail),
            title=_edge_tooltip(view, head, tail, relation, data),
            relation=relation,
            **extra,
        )
    # pyvis takes a dict here as is; set_options() would strip the spaces
    # from every string value.
    net.options = _vis_options(view.number_of_nodes())
    if positions:
        # Laid out in Python: the browser only draws (a 5,000-node page is interactive at once).
        net.options["physics"] = {"enabled": False}
        net.options["layout"] = {"improvedLayout": False}
        net.options["edges"]["smooth"] = False
        net.options["edges"]["arrows"] = {"to": {"enabled": False}}
        net.options["interaction"].update({"hideEdgesOnDrag": True, "hideEdgesOnZoom": True})
    net.set_template_dir(str(_TEMPLATE_DIR) + os.sep, _TEMPLATE)
    env = net.templateEnv
    # Keep Chinese readable (and the file smaller); tojson still escapes < > & '.
    env.policies["json.dumps_kwargs"] = {"sort_keys": True, "ensure_ascii": False}
    env.globals.update(
        page_title=title,
        legend=_legend(view),
        node_count=view.number_of_nodes(),
        cut_note=(f"显示连接最多的 {view.number_of_nodes()} / {total_nodes} 个节点 · showing the "
                  f"{view.number_of_nodes()} most connected of {total_nodes} nodes; query the full graph "
                  "with zhitu query or zhitu serve") if total_nodes > view.number_of_nodes() else "",
        edge_count=view.number_of_edges(),
        vis_js=_inline_asset("vis-network.min.js"),
        vis_css=_inline_asset("vis-network.css"),
    )
    return net.generate_html()


def _most_connected(view: nx.MultiDiGraph, limit: int) -> nx.MultiDiGraph:
    """The ``limit`` nodes of highest degree (ties by id, so the cut is stable)."""
    degree = Counter(node for u, v in view.edges() for node in (u, v))
    ranked = sorted(((node, degree[node]) for node in view.nodes()), key=lambda item: (-item[1], str(item[0])))
    return view.subgraph([node for node, _ in ranked[:limit]]).copy()


def _visible_subgraph(graph: nx.MultiDiGraph, *, include_mentions: bool) -> nx.MultiDiGraph:
    """The graph the page shows: no ``mentions`` unless asked, no bare articles."""
    view = nx.MultiDiGraph()
    view.add_nodes_from(graph.nodes(data=True))
    view.add_edges_from(
        (u, v, k, d)
        for u, v, k, d in graph.edges(keys=True, data=True)
        if include_mentions or (d.get("relation") or k) != "mentions"
    )
    view.remove_nodes_from(
        [n for n, d in view.nodes(data=True) if d.get("type") == "ARTICLE" and view.degree(n) == 0]
    )
    return view


def _style(entity_type: object) -> EntityType:
    return TYPE_STYLES.get(str(entity_type), _OTHER_STYLE)


def _aliases(data: dict[str, Any]) -> list[str]:
    return [a.strip() for a in str(data.get("aliases") or "").split("|") if a.strip()]


def _node_size(degree: int) -> float:
    return round(min(10 + 5 * math.sqrt(degree), 45), 1)


# Tooltips are plain strings: vis-network 9 puts a string title into the
# tooltip with innerText, so no input text is ever parsed as HTML.
def _node_tooltip(node: object, data: dict[str, Any]) -> str:
    entity_type = str(data.get("type") or "")
    style = _style(entity_type)
    lines = [str(data.get("label") or node), f"类型 type: {style.zh} {entity_type or style.en}"]
    aliases = _aliases(data)
    if aliases:
        lines.append("别名 aliases: " + "、".join(aliases))
    if data.get("mentions"):
        lines.append(f"提及 mentions: {data['mentions']}")
    lines.append(str(data.get("iri") or node))
    return "\n".join(lines)


def _edge_tooltip(
    view: nx.MultiDiGraph, head: object, tail: object, relation: str, data: dict[str, Any]
) -> str:
    def name(node: object) -> str:
        return str(view.nodes[node].get("label") or node)

    heading = f"{relation} {RELATION_NAMES.get(relation, '')}".strip()
    if data.get("role"):
        heading += f"（{data['role']}）"
    lines = [heading, f"{name(head)} → {name(tail)}"]
    if data.get("evidence"):
        lines.append(f"“{data['evidence']}”")
    if data.get("article"):
        lines.append(f"文章 article: {data['article']}")
    if data.get("document"):
        lines.append(f"文档 document: {data['document']}")
    made_by = [f"抽取 extractor: {data['extractor']}"] if data.get("extractor") else []
    if isinstance(data.get("confidence"), (int, float)):
        made_by.append(f"置信度 confidence: {data['confidence']:.2f}")
    if made_by:
        lines.append(" · ".join(made_by))
    return "\n".join(lines)


def _legend(view: nx.MultiDiGraph) -> list[dict[str, Any]]:
    counts = Counter(str(d.get("type") or "") for _, d in view.nodes(data=True))
    entries = [
        {"type": key, "zh": s.zh, "en": s.en, "color": s.color, "count": counts.get(key, 0)}
        for key, s in TYPE_STYLES.items()
    ]
    other = _OTHER_STYLE
    entries += [
        {"type": key, "zh": other.zh, "en": key or other.en, "color": other.color, "count": counts[key]}
        for key in sorted(set(counts) - set(TYPE_STYLES))
    ]
    return entries


def _vis_options(node_count: int) -> dict[str, Any]:
    return {
        "nodes": {
            "font": {"size": 14, "face": "Noto Sans CJK SC, Microsoft YaHei, PingFang SC, sans-serif"},
            "borderWidth": 1,
        },
        "edges": {
            "arrows": {"to": {"enabled": True, "scaleFactor": 0.5}},
            "color": {"color": "#9AA0A6", "highlight": "#333333", "hover": "#555555"},
            "font": {"size": 10, "color": "#555555", "strokeWidth": 3, "align": "middle"},
            "smooth": {"enabled": True, "type": "continuous"},
            "width": 1,
        },
        "interaction": {"hover": True, "tooltipDelay": 150, "navigationButtons": False},
        # A fixed seed: the same graph gets the same picture every time.
        "layout": {"randomSeed": 7, "improvedLayout": node_count <= _IMPROVED_LAYOUT_MAX_NODES},
        # The page switches physics off once stabilisation ends (see the
        # template), so a large graph does not keep the CPU busy.
        "physics": {
            "enabled": True,
            "solver": "forceAtlas2Based",
            "forceAtlas2Based": {"gravitationalConstant": -60, "springLength": 120, "avoidOverlap": 0.4},
            "stabilization": {
                "enabled": True,
                "iterations": _stabilization_iterations(node_count),
                "updateInterval": 25,
                "fit": True,
            },
        },
    }


def _stabilization_iterations(node_count: int) -> int:
    # Each iteration costs about O(n log n): fewer of them on big graphs keeps
    # the first view under ~15 s on a laptop, at some cost in layout quality.
    return max(200, min(600, 300_000 // max(node_count, 1)))


def _inline_asset(name: str) -> str:
    """One of vis-network's files from pyvis's bundled copy, safe inside a tag."""
    import pyvis

    text = (Path(pyvis.__file__).parent / "templates" / "lib" / _VIS_VERSION / name).read_text("utf-8")
    # "<\/" and "<\!" mean the same in JS strings and regexes, and cannot end
    # or confuse the <script>/<style> element the asset is inlined into.
    return _CLOSING_TAG.sub(r"<\\/\1", text).replace("<!--", "<\\!--")
