"""Write the knowledge graph as one self-contained, offline HTML page.

For people exploring a graph in a browser, from one article to a corpus: the
connected part is drawn (entities without an edge are listed in a side panel),
laid out in Python (:mod:`zhitu.output.layout`) so the browser only draws;
communities (NetworkX's Louvain, seeded) are coloured and named by their most
connected member; nodes are sized by degree and the most connected are labelled
at every zoom, the rest when zoomed in. A fact is one edge however many
statements report it (their count on the edge, the first few quoted), so the
page grows with the facts among its nodes, not with the corpus. Credit,
publisher and mention edges wait behind a toggle; filters by type, relation,
degree, community, date and confidence; the search box dims what does not
match and lists what does. Tooltips are plain text with aliases and each
edge's evidence sentences.

Drawn by vis-network, whose script and stylesheet are inlined from the copy
pyvis ships, so the page makes no network request (pyvis #228/#229).

Not for machine exchange (use the RDF or GraphML writers) and not a server:
the page is a static file.
"""
from __future__ import annotations

import math
import os
import re
from collections import Counter
from collections.abc import Iterable
from pathlib import Path
from typing import Any

import networkx as nx

from zhitu.errors import OutputError, os_reason
from zhitu.ontology.vocabulary import NODE_TYPES, OTHER_TYPE, RELATIONS, EntityType
from zhitu.output.atomic import atomic_open

__all__ = ["TYPE_STYLES", "RELATION_NAMES", "CREDIT_RELATIONS", "EVIDENCE_PER_EDGE", "community_color", "fact_graph",
           "fact_key", "merge_facts", "named_communities", "quote_order", "write_html", "generate_html"]

_TEMPLATE_DIR = Path(__file__).parent / "templates"
_TEMPLATE = "graph.html"
_VIS_VERSION = "vis-9.1.2"


#: How each node type looks in the legend and on the canvas (from the one vocabulary).
TYPE_STYLES: dict[str, EntityType] = {t.label: t for t in NODE_TYPES}
_OTHER_STYLE = OTHER_TYPE
#: Relation names → their Chinese labels on edges and in tooltips.
RELATION_NAMES: dict[str, str] = {r.name: r.zh for r in RELATIONS}
#: An article's metadata (bylines, publisher, mentions): hidden until the page's toggle shows them.
CREDIT_RELATIONS: frozenset[str] = frozenset(r.name for r in RELATIONS if not r.fact)

_CLOSING_TAG = re.compile(r"</(script|style)", re.IGNORECASE)

#: Above this many drawn nodes edges lose their labels and curves and hide while dragging.
PRECOMPUTED_LAYOUT_FROM = 300
#: The static page draws at most this many nodes (the most connected), with a note.
MAX_NODES = 5000
#: This many of the most connected nodes keep a legible label at every zoom.
TOP_LABELS = 20
#: A fact that many statements report is one edge; its tooltip quotes this many of them
#: (those earliest in their page: news states the main facts first).
EVIDENCE_PER_EDGE = 3
#: The side panel lists this many communities and isolated entities at most.
MAX_COMMUNITIES_LISTED = 40
MAX_ISOLATED_LISTED = 3000
#: Seeds: the same graph gets the same picture every time.
LAYOUT_SEED = 7
COMMUNITY_SEED = 7
#: The layout's half-width is this many canvas units times √(nodes laid out), at least
#: MIN_LAYOUT_SCALE: room for nodes of 10-45 px and their labels once zoomed in.
LAYOUT_SPACING = 70.0
MIN_LAYOUT_SCALE = 250.0
#: The largest communities' colours (Tableau 10 then lighter tones); the rest are grey.
COMMUNITY_PALETTE = (
    "#4E79A7", "#F28E2B", "#E15759", "#76B7B2", "#59A14F", "#EDC948", "#B07AA1", "#FF9DA7",
    "#9C755F", "#86BCB6", "#A0CBE8", "#FFBE7D", "#8CD17D", "#F1CE63", "#D4A6C8", "#D37295",
)
_SMALL_COMMUNITY_COLOR = "#C9C9C9"


def write_html(
    graph: nx.MultiDiGraph,
    path: str | os.PathLike[str],
    *,
    title: str = "zhitu knowledge graph",
    include_mentions: bool = False,
    max_nodes: int = MAX_NODES,
    linked_total: int | None = None,
    isolated_total: int | None = None,
) -> None:
    """Write ``graph`` to ``path`` as a self-contained HTML page (UTF-8).

    Nodes with an edge are drawn (at most ``max_nodes``: those with the most
    facts), the others listed beside the canvas. ``mentions`` edges (article → entity) are left out unless
    ``include_mentions``; ARTICLE nodes left without edges are dropped.
    ``linked_total`` and ``isolated_total`` say how many linked and isolated
    nodes there are when ``graph`` holds only the part shown (a store's page,
    :mod:`zhitu.output.html_view`). The file is written atomically: a failed
    export leaves no partial file.
    """
    context = _page_context(graph, title=title, include_mentions=include_mentions, max_nodes=max_nodes,
                            linked_total=linked_total, isolated_total=isolated_total)
    try:
        with atomic_open(path, "wb") as handle:
            # Written as the template renders it: the whole page is never one string (or bytes) in memory.
            for chunk in _template().generate(**context):
                handle.write(chunk.encode("utf-8"))
    except OSError as err:  # a read-only folder, a full disk: one line naming the file
        raise OutputError(path, os_reason(err)) from err


def generate_html(
    graph: nx.MultiDiGraph,
    *,
    title: str = "zhitu knowledge graph",
    include_mentions: bool = False,
    max_nodes: int = MAX_NODES,
    linked_total: int | None = None,
    isolated_total: int | None = None,
) -> str:
    """Return the page :func:`write_html` writes, as a string."""
    return _template().render(**_page_context(graph, title=title, include_mentions=include_mentions,
                                              max_nodes=max_nodes, linked_total=linked_total,
                                              isolated_total=isolated_total))


def _page_context(
    graph: nx.MultiDiGraph,
    *,
    title: str,
    include_mentions: bool,
    max_nodes: int,
    linked_total: int | None,
    isolated_total: int | None,
) -> dict[str, Any]:
    """The template's values for the page of ``graph`` (:func:`generate_html`'s arguments)."""
    view = _visible_subgraph(graph, include_mentions=include_mentions)
    isolated = [node for node in view.nodes() if view.degree(node) == 0]
    drawn, total_nodes = _linked_part(view, max_nodes)
    total_nodes = total_nodes if linked_total is None else linked_total
    facts = fact_graph(drawn)
    degrees = {node: facts.degree(node) if node in facts else drawn.degree(node) for node in drawn.nodes()}
    communities = named_communities(facts, degrees, drawn)
    member_of = {node: i for i, (_, members) in enumerate(communities) for node in members}
    positions = _layout(drawn, facts, member_of)
    big = drawn.number_of_nodes() > PRECOMPUTED_LAYOUT_FROM
    top = set(sorted(drawn.nodes(), key=lambda n: (-degrees[n], str(n)))[:TOP_LABELS])
    nodes = [
        _node_entry(node, data, degree=degrees[node], community=member_of.get(node, -1),
                    position=positions[node], top=node in top, colour_by_community=bool(communities))
        for node, data in drawn.nodes(data=True)
    ]
    edges = _edge_entries(drawn, labelled=not big)
    return dict(
        page_title=title,
        colour_mode="community" if communities else "type",
        nodes=nodes,
        edges=edges,
        options=_vis_options(big=big),
        legend=_legend(drawn),
        relations=_relation_entries(drawn),
        communities=[_community_entry(i, drawn, head, members) for i, (head, members) in enumerate(communities)
                     if len(members) > 1][:MAX_COMMUNITIES_LISTED],
        isolated=(listed := _isolated_entries(view, isolated)[:MAX_ISOLATED_LISTED]),
        isolated_index=[{"id": entry["id"], "label": entry["label"]} for entry in listed],
        isolated_total=len(isolated) if isolated_total is None else isolated_total,
        dates=_date_range(drawn),
        node_count=drawn.number_of_nodes(),
        edge_count=drawn.number_of_edges(),
        cut_note=_cut_note(drawn.number_of_nodes(), total_nodes),
        vis_js=_inline_asset("vis-network.min.js"),
        vis_css=_inline_asset("vis-network.css"),
    )


def _linked_part(view: nx.MultiDiGraph, max_nodes: int) -> tuple[nx.MultiDiGraph, int]:
    """The nodes with an edge (at most ``max_nodes``, the most connected), and how many there were."""
    linked = view.subgraph(node for node in view.nodes() if view.degree(node) > 0).copy()
    total = linked.number_of_nodes()
    if total > max_nodes:
        linked = _most_connected(linked, max_nodes)
        linked.remove_nodes_from([node for node in list(linked.nodes()) if linked.degree(node) == 0])
    return linked, total


def _cut_note(shown: int, total: int) -> str:
    if shown >= total:
        return ""
    return (f"显示连接最多的 {shown} / {total} 个节点 · showing the {shown} most connected of {total} linked "
            "nodes; query the full graph with zhitu query or zhitu serve")


def _template():
    """The page's Jinja template."""
    import jinja2

    env = jinja2.Environment(loader=jinja2.FileSystemLoader(str(_TEMPLATE_DIR)), autoescape=False)
    # Keep Chinese readable (and the file smaller); tojson still escapes < > & '.
    env.policies["json.dumps_kwargs"] = {"sort_keys": True, "ensure_ascii": False}
    return env.get_template(_TEMPLATE)


def fact_graph(drawn: nx.MultiDiGraph) -> nx.Graph:
    """Nodes joined by facts (credits and mentions left out), undirected."""
    facts = nx.Graph()
    facts.add_edges_from((u, v) for u, v, k, d in drawn.edges(keys=True, data=True)
                         if u != v and _is_fact(_relation(k, d)))
    return facts


def named_communities(facts: nx.Graph, degrees: dict, drawn: nx.MultiDiGraph) -> list[tuple[object, set]]:
    """Louvain communities of the fact graph (seeded), largest first, each with
    its most connected member (ties by label), which names it."""
    if facts.number_of_edges() == 0:
        return []
    found = nx.community.louvain_communities(facts, seed=COMMUNITY_SEED)

    def head(members: set) -> object:
        return min(members, key=lambda n: (-degrees[n], _label(drawn, n), str(n)))

    named = [(head(members), members) for members in found]
    named.sort(key=lambda item: (-len(item[1]), _label(drawn, item[0]), str(item[0])))
    return named


def _layout(drawn: nx.MultiDiGraph, facts: nx.Graph, member_of: dict) -> dict[object, tuple[float, float]]:
    """Positions for every drawn node: the fact graph laid out first, each
    community started around a centre of its own, then the nodes that only
    credits join (articles, bylines) around it, facts fixed."""
    from zhitu.output.layout import attach_layout, sampled_spring_layout

    whole = nx.Graph(drawn)
    count = max(facts.number_of_nodes(), 1)
    scale = max(MIN_LAYOUT_SCALE, LAYOUT_SPACING * count ** 0.5)
    if facts.number_of_nodes() == 0:
        return sampled_spring_layout(whole, seed=LAYOUT_SEED, scale=scale)
    placed = sampled_spring_layout(facts, seed=LAYOUT_SEED, scale=scale, groups=member_of)
    return placed | attach_layout(whole, placed, seed=LAYOUT_SEED, scale=scale)


def _node_entry(node: object, data: dict[str, Any], *, degree: int, community: int,
                position: tuple[float, float], top: bool, colour_by_community: bool) -> dict[str, Any]:
    style = _style(data.get("type"))
    entry: dict[str, Any] = {
        "id": str(node),
        "label": str(data.get("label") or node),
        "shape": style.shape,
        "color": style.color,
        "size": _node_size(degree),
        "title": _node_tooltip(node, data),
        "x": round(position[0], 1),
        "y": round(position[1], 1),
        # Read by the page's filters, search box and colour switch.
        "ztype": str(data.get("type") or ""),
        "aliases": _aliases(data),
        "degree": degree,
        "community": community,
        "typeColor": style.color,
        "commColor": community_color(community) if community >= 0 else _SMALL_COMMUNITY_COLOR,
    }
    if colour_by_community:
        entry["color"] = {"background": entry["commColor"], "border": style.color}
    if top:
        entry["top"] = True
    return entry


def _edge_entries(drawn: nx.MultiDiGraph, *, labelled: bool) -> list[dict[str, Any]]:
    pair_sizes = Counter(frozenset((u, v)) for u, v in drawn.edges())
    seen: Counter[frozenset[object]] = Counter()
    entries = []
    for i, (head, tail, key, data) in enumerate(drawn.edges(keys=True, data=True)):
        relation = _relation(key, data)
        entry: dict[str, Any] = {
            "id": i,
            "from": str(head),
            "to": str(tail),
            "title": _edge_tooltip(drawn, head, tail, relation, data),
            "relation": relation,
            "fact": _is_fact(relation),
            "date": str(data.get("reported") or ""),
            "dateLast": str(data.get("reported_last") or data.get("reported") or ""),
            "statements": int(data.get("statements") or 1),
        }
        entry["width"] = _edge_width(entry["statements"])
        if isinstance(data.get("confidence"), (int, float)):
            entry["confidence"] = round(float(data["confidence"]), 3)
        pair = frozenset((head, tail))
        if labelled:  # on big graphs thousands of edge labels cost more than they tell: hover shows them
            entry["label"] = str(data.get("role") or RELATION_NAMES.get(relation, relation))
            if entry["statements"] > 1:
                entry["label"] += f" ×{entry['statements']}"
            if pair_sizes[pair] > 1:
                # Edges between the same two nodes get curves of their own, so none hides another.
                entry["smooth"] = {"enabled": True, "type": "curvedCW", "roundness": 0.1 + 0.25 * seen[pair]}
        seen[pair] += 1
        entries.append(entry)
    return entries


def _relation_entries(drawn: nx.MultiDiGraph) -> list[dict[str, Any]]:
    counts = Counter(_relation(k, d) for _, _, k, d in drawn.edges(keys=True, data=True))
    known = [r.name for r in RELATIONS]
    order = [name for name in known if name in counts] + sorted(set(counts) - set(known))
    return [{"name": name, "zh": RELATION_NAMES.get(name, ""), "count": counts[name], "fact": _is_fact(name)}
            for name in order]


def _community_entry(index: int, drawn: nx.MultiDiGraph, head: object, members: set) -> dict[str, Any]:
    return {"id": index, "label": _label(drawn, head), "size": len(members), "color": community_color(index)}


def _isolated_entries(view: nx.MultiDiGraph, isolated: list) -> list[dict[str, Any]]:
    """Entities without an edge, most mentioned first: the side panel's list."""
    def order(node: object) -> tuple:
        return (-int(view.nodes[node].get("mentions") or 0), _label(view, node), str(node))

    return [{"id": str(node), "label": _label(view, node), "type": str(view.nodes[node].get("type") or ""),
             "color": _style(view.nodes[node].get("type")).color, "title": _node_tooltip(node, view.nodes[node])}
            for node in sorted(isolated, key=order)]


def _date_range(drawn: nx.MultiDiGraph) -> dict[str, str]:
    dates = sorted(str(d[name])[:10] for _, _, d in drawn.edges(data=True)
                   for name in ("reported", "reported_last") if d.get(name))
    return {"min": dates[0], "max": dates[-1]} if dates else {"min": "", "max": ""}


def community_color(index: int) -> str:
    """The colour of the ``index``-th largest community (grey past the palette)."""
    return COMMUNITY_PALETTE[index] if 0 <= index < len(COMMUNITY_PALETTE) else _SMALL_COMMUNITY_COLOR


def _relation(key: object, data: dict[str, Any]) -> str:
    return str(data.get("relation") or key)


def _is_fact(relation: str) -> bool:
    """Facts are drawn by default; credits, publisher and mentions wait for the toggle."""
    return relation not in CREDIT_RELATIONS


def _label(graph: nx.MultiDiGraph, node: object) -> str:
    return str(graph.nodes[node].get("label") or node)


def _most_connected(view: nx.MultiDiGraph, limit: int) -> nx.MultiDiGraph:
    """The ``limit`` nodes with the most facts, then the most edges of any kind
    (ties by id, so the cut is stable): articles, joined by credits only, come last."""
    facts = Counter(node for u, v, k, d in view.edges(keys=True, data=True)
                    if _is_fact(_relation(k, d)) for node in (u, v))
    degree = Counter(node for u, v in view.edges() for node in (u, v))
    ranked = sorted(view.nodes(), key=lambda node: (-facts[node], -degree[node], str(node)))
    keep = set(ranked[:limit])
    # In the graph's own order: a subgraph view of few nodes iterates its set of nodes,
    # whose order changes with the process's hash seed (and the layout with it).
    cut = nx.MultiDiGraph(**view.graph)
    cut.add_nodes_from((node, data) for node, data in view.nodes(data=True) if node in keep)
    cut.add_edges_from((u, v, k, d) for u, v, k, d in view.edges(keys=True, data=True) if u in keep and v in keep)
    return cut


def _visible_subgraph(graph: nx.MultiDiGraph, *, include_mentions: bool) -> nx.MultiDiGraph:
    """The graph the page shows: one edge per fact (:func:`merge_facts`), no ``mentions``
    unless asked, no bare articles. ``graph`` itself when it is that already (a store's
    page, :func:`zhitu.output.html_view.page_graph`): a page-sized graph is not copied."""
    if _already_visible(graph, include_mentions=include_mentions):
        return graph
    view = nx.MultiDiGraph()
    view.add_nodes_from(graph.nodes(data=True))
    view.add_edges_from(merge_facts(
        (u, v, k, d)
        for u, v, k, d in graph.edges(keys=True, data=True)
        if include_mentions or (d.get("relation") or k) != "mentions"
    ))
    view.remove_nodes_from(
        [n for n, d in view.nodes(data=True) if d.get("type") == "ARTICLE" and view.degree(n) == 0]
    )
    return view


def _already_visible(graph: nx.MultiDiGraph, *, include_mentions: bool) -> bool:
    """Every edge one merged fact (:func:`merge_facts` keeps such an edge as it is), no
    ``mentions`` unless asked, no article without an edge."""
    keys: set[tuple[str, str, str, str]] = set()
    for u, v, k, d in graph.edges(keys=True, data=True):
        key = fact_key(u, v, k, d)
        if "reports" not in d or key in keys or (not include_mentions and (d.get("relation") or k) == "mentions"):
            return False
        keys.add(key)
    return not any(d.get("type") == "ARTICLE" and graph.degree(n) == 0 for n, d in graph.nodes(data=True))


def fact_key(head: object, tail: object, key: object, data: dict[str, Any]) -> tuple[str, str, str, str]:
    """What makes edges one fact on the page: their ends, relation and role."""
    return str(head), str(tail), _relation(key, data), str(data.get("role") or "")


def merge_facts(edges: Iterable[tuple]) -> list[tuple]:
    """``(head, tail, key, data)`` edges, one per statement (:func:`zhitu.graph.nx.to_networkx`),
    as one edge per fact (:func:`fact_key`), keyed ``relation:role``, in the order facts first
    appear. Its data are those of its statement earliest in its page (least ``start``), with
    ``statements`` (how many), ``reports`` (the first :data:`EVIDENCE_PER_EDGE`: evidence,
    article, document, date, extractor, confidence), ``reported`` and ``reported_last`` (its
    first and last report) and ``confidence`` (the highest). An edge already merged (it has
    ``reports``) stays as it is."""
    groups: dict[tuple, list[tuple]] = {}
    for head, tail, key, data in edges:
        groups.setdefault(fact_key(head, tail, key, data), []).append((head, tail, key, data))
    merged = []
    for (_, _, relation, role), found in groups.items():
        if len(found) == 1 and "reports" in found[0][3]:
            merged.append(found[0])
            continue
        found.sort(key=lambda edge: (quote_order(edge[3].get("start")), str(edge[2])))
        head, tail, _, first = found[0]
        dates = sorted(str(d["reported"]) for *_, d in found if d.get("reported"))
        confidences = [float(d["confidence"]) for *_, d in found if isinstance(d.get("confidence"), (int, float))]
        data = dict(first, statements=len(found), reported=dates[0] if dates else "",
                    reported_last=dates[-1] if dates else "",
                    reports=[_report(d) for *_, d in found[:EVIDENCE_PER_EDGE]])
        if confidences:
            data["confidence"] = max(confidences)
        merged.append((head, tail, f"{relation}:{role}", data))
    return merged


def quote_order(start: object) -> int:
    """Where a statement stands among its fact's quotes, by its sentence's ``start``:
    earliest in its page first, without a sentence last."""
    return start if isinstance(start, int) and start >= 0 else 1 << 62


def _report(data: dict[str, Any]) -> dict[str, Any]:
    """What a fact's tooltip quotes of one statement."""
    return {name: data.get(name, "") for name in ("evidence", "article", "document", "reported", "extractor",
                                                  "confidence")}


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
    count = int(data.get("statements") or 1)
    if count > 1:
        first, last = data.get("reported") or "?", data.get("reported_last") or "?"
        lines.append(f"{count} 处报道 statements · {first} – {last}")
    reports = data["reports"]  # every drawn edge is a merged fact (merge_facts)
    for report in reports:
        lines += _report_lines(report, dated=count > 1)
    if count > len(reports):
        lines.append(f"…… 另有 {count - len(reports)} 处 and {count - len(reports)} more")
    return "\n".join(lines)


def _report_lines(report: dict[str, Any], *, dated: bool) -> list[str]:
    """One statement's evidence in a tooltip: its sentence, article, document and maker."""
    lines = []
    if report.get("evidence"):
        lines.append(f"“{report['evidence']}”")
    if report.get("article"):
        day = f" ({report['reported']})" if dated and report.get("reported") else ""
        lines.append(f"文章 article: {report['article']}{day}")
    if report.get("document"):
        lines.append(f"文档 document: {report['document']}")
    made_by = [f"抽取 extractor: {report['extractor']}"] if report.get("extractor") else []
    if isinstance(report.get("confidence"), (int, float)):
        made_by.append(f"置信度 confidence: {report['confidence']:.2f}")
    if made_by:
        lines.append(" · ".join(made_by))
    return lines


def _edge_width(statements: int) -> float:
    """A fact reported more often is drawn thicker (1 px for one statement, at most 6)."""
    return round(min(1 + math.log2(statements), 6), 1)


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


def _vis_options(*, big: bool) -> dict[str, Any]:
    """vis-network's options: positions come from Python, so physics stays off."""
    return {
        "nodes": {
            "font": {"size": 14, "face": "Noto Sans CJK SC, Microsoft YaHei, PingFang SC, sans-serif",
                     "strokeWidth": 3, "strokeColor": "#ffffff"},
            "borderWidth": 1,
            # A label smaller than this many pixels is not drawn: zooming in brings the rest.
            "scaling": {"label": {"drawThreshold": 11 if big else 5, "maxVisible": 30}},
        },
        "edges": {
            "arrows": {"to": {"enabled": not big, "scaleFactor": 0.5}},
            "color": {"color": "#9AA0A6", "highlight": "#333333", "hover": "#555555"},
            "font": {"size": 10, "color": "#555555", "strokeWidth": 3, "align": "middle"},
            "smooth": False,
            "width": 1,
        },
        "interaction": {"hover": True, "tooltipDelay": 150, "navigationButtons": False,
                        "hideEdgesOnDrag": big, "hideEdgesOnZoom": big},
        "layout": {"improvedLayout": False},
        "physics": {"enabled": False},
    }


def _inline_asset(name: str) -> str:
    """One of vis-network's files from pyvis's bundled copy, safe inside a tag."""
    import pyvis

    text = (Path(pyvis.__file__).parent / "templates" / "lib" / _VIS_VERSION / name).read_text("utf-8")
    # "<\/" and "<\!" mean the same in JS strings and regexes, and cannot end
    # or confuse the <script>/<style> element the asset is inlined into.
    return _CLOSING_TAG.sub(r"<\\/\1", text).replace("<!--", "<\\!--")
