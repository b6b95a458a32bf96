"""Every export format read back by a tool other than the one that wrote it.

| format | writer | reader here |
|---|---|---|
| Turtle, TriG, N-Quads, N-Triples, RDF/XML | Oxigraph | rdflib (and pyoxigraph) |
| JSON-LD | rdflib | pyoxigraph (and rdflib) |
| GraphML | NetworkX | python-igraph |
| GEXF | NetworkX | graphology-gexf (Node.js) |
| Cytoscape.js JSON | zhitu | cytoscape.js in headless Chromium |
| node-link JSON | NetworkX | d3-force (Node.js) |
| Kùzu CSV + Cypher | zhitu | Kùzu (embedded), Cypher vs SPARQL |
| Neo4j CSV | zhitu | neo4j-admin's header rules; Kùzu ``LOAD FROM``, Cypher vs SPARQL |
| HTML | pyvis | Chromium (``test_graph.py``) |

The JavaScript readers come from ``npm ci --prefix tests/js``; without them
those tests skip, unless ``ZHITU_REQUIRE_BROWSER`` is set, when they fail.
The graph compared against is always the source Dataset, read with rdflib
and SPARQL, never the writer's own output.
"""
from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import xml.etree.ElementTree as ET
from collections import Counter
from pathlib import Path

import pyoxigraph as ox
import pytest
from rdflib import BNode, Dataset

from tests.browser import missing, open_offline, wait_until
from zhitu.build import build_dataset
from zhitu.graph.nx import to_networkx
from zhitu.output import WRITERS, write

JS = Path(__file__).parent / "js"

#: Writer name → the test(s) in which another tool reads its output.
READERS = {
    "turtle": ["test_rdf_reads_back_in_pyoxigraph", "test_rdf_reads_back_in_rdflib"],
    "trig": ["test_rdf_reads_back_in_pyoxigraph", "test_rdf_reads_back_in_rdflib"],
    "nquads": ["test_rdf_reads_back_in_pyoxigraph", "test_rdf_reads_back_in_rdflib"],
    "ntriples": ["test_rdf_reads_back_in_pyoxigraph", "test_rdf_reads_back_in_rdflib"],
    "jsonld": ["test_rdf_reads_back_in_pyoxigraph", "test_rdf_reads_back_in_rdflib"],
    "rdfxml": ["test_rdf_reads_back_in_pyoxigraph", "test_rdf_reads_back_in_rdflib"],
    "graphml": ["test_graphml_reads_in_igraph"],
    "gexf": ["test_gexf_reads_in_graphology"],
    "cytoscape": ["test_cytoscape_json_loads_in_cytoscape_js"],
    "node-link": ["test_node_link_lays_out_in_d3_force"],
    "kuzu": ["test_kuzu_csv_loads_and_cypher_agrees_with_sparql"],
    "neo4j": ["test_neo4j_headers_follow_neo4j_admin", "test_neo4j_csv_loads_and_cypher_agrees_with_sparql"],
    "html": ["test_graph.py::test_html_view_opens_offline_with_every_node"],
}

#: Writer name → (pyoxigraph format, rdflib parser name, keeps named graphs).
RDF_FORMATS = {
    "turtle": (ox.RdfFormat.TURTLE, "turtle", False),
    "trig": (ox.RdfFormat.TRIG, "trig", True),
    "nquads": (ox.RdfFormat.N_QUADS, "nquads", True),
    "ntriples": (ox.RdfFormat.N_TRIPLES, "nt", False),
    "jsonld": (ox.RdfFormat.JSON_LD, "json-ld", True),
    "rdfxml": (ox.RdfFormat.RDF_XML, "xml", False),
}

SECOND_PAGE = """2023年10月9日 星期一

# 青岚县总工会举办职工运动会

本报讯 10月8日，青岚县总工会在县体育中心举办第五届职工运动会。青岚县总工会主席许文彬出席开幕式并讲话。
"""

MEMBERSHIPS = """
SELECT ?person ?role ?org WHERE {
  ?m a org:Membership ; org:member/rdfs:label ?person ; org:role/skos:prefLabel ?role ;
     org:organization/rdfs:label ?org .
}"""
PEOPLE = "SELECT ?name WHERE { ?p a zt:Person ; rdfs:label ?name }"
PREFIXES = {"org": "http://www.w3.org/ns/org#", "rdfs": "http://www.w3.org/2000/01/rdf-schema#",
            "skos": "http://www.w3.org/2004/02/skos/core#", "zt": "https://w3id.org/zhitu/ontology#"}


def sparql(dataset: Dataset, query: str) -> set[tuple[str, ...]]:
    return {tuple(str(v) for v in row) for row in dataset.query(query, initNs=PREFIXES)}


def need_js(package: str) -> Path:
    """The Node.js binary, or a skip (a failure under ZHITU_REQUIRE_BROWSER) naming the install command."""
    node = shutil.which("node")
    if node is None or not (JS / "node_modules" / package).is_dir():
        missing(f"{'node is not installed' if node is None else f'tests/js/node_modules/{package} is missing'}"
                "; run: npm ci --prefix tests/js")
    return Path(node)


def run_node(script: str, path: Path, package: str) -> dict:
    node = need_js(package)
    result = subprocess.run([str(node), script, str(path)], cwd=JS, capture_output=True, text=True,
                            encoding="utf-8", timeout=120)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)




@pytest.fixture(scope="module")
def view(sample_dataset):
    """What the graph-tool formats must carry (the documented NetworkX view)."""
    return to_networkx(sample_dataset)


def view_triples(view) -> Counter:
    """(head label, relation, role, tail label) of every edge, with multiplicity."""
    label = lambda n: view.nodes[n]["label"]  # noqa: E731
    return Counter((label(u), d["relation"], d["role"], label(v)) for u, v, d in view.edges(data=True))


def test_every_writer_has_an_independent_reader() -> None:
    assert set(READERS) == set(WRITERS)
    here = globals()
    for tests in READERS.values():
        for name in tests:
            if "::" in name:
                module, _, function = name.partition("::")
                assert f"def {function}(" in (Path(__file__).parent / module).read_text(encoding="utf-8")
            else:
                assert callable(here.get(name)), name


# -- RDF: pyoxigraph and rdflib --------------------------------------------------

@pytest.fixture(scope="module")
def two_documents(sample_path: Path, tmp_path_factory) -> Dataset:
    """The sample and a page of our own: two named graphs sharing entities."""
    page = tmp_path_factory.mktemp("second") / "second.md"
    page.write_text(SECOND_PAGE, encoding="utf-8")
    dataset, summary = build_dataset([str(sample_path), str(page)])
    assert summary.documents_built == 2
    return dataset


def source_quads(dataset: Dataset) -> set[str]:
    """The source as canonical N-Quads lines (rdflib's serializer, Oxigraph's parser)."""
    data = dataset.serialize(format="nquads", encoding="utf-8")
    quads = set(ox.parse(data, ox.RdfFormat.N_QUADS))
    assert not any(isinstance(t, ox.BlankNode) for q in quads for t in (q.subject, q.object))
    return {str(q) for q in quads}


@pytest.mark.parametrize("name", sorted(RDF_FORMATS))
def test_rdf_reads_back_in_pyoxigraph(two_documents: Dataset, tmp_path: Path, name: str) -> None:
    fmt, _, keeps_graphs = RDF_FORMATS[name]
    path = write(two_documents, tmp_path / f"graph{WRITERS[name].suffixes[0]}")
    back = list(ox.parse(path=path, format=fmt))
    expected = source_quads(two_documents)
    assert len(expected) > 1000
    if keeps_graphs:
        assert {str(q) for q in back} == expected
        assert len({str(q.graph_name) for q in back}) == 2
    else:
        assert {str(q.triple) for q in back} == {str(ox.parse(line, ox.RdfFormat.N_QUADS).__next__().triple)
                                                 for line in expected}


@pytest.mark.parametrize("name", sorted(RDF_FORMATS))
def test_rdf_reads_back_in_rdflib(two_documents: Dataset, tmp_path: Path, name: str) -> None:
    _, rdflib_format, keeps_graphs = RDF_FORMATS[name]
    path = write(two_documents, tmp_path / f"graph{WRITERS[name].suffixes[0]}")
    back = Dataset()
    back.parse(path, format=rdflib_format)
    quads = {(s, p, o, g) for s, p, o, g in back.quads((None, None, None, None))}
    assert not any(isinstance(t, BNode) for q in quads for t in q[:3])
    if keeps_graphs:
        source = {(s, p, o, g) for s, p, o, g in two_documents.quads((None, None, None, None))}
        assert {(s, p, o, str(g)) for s, p, o, g in quads} == {(s, p, o, str(g)) for s, p, o, g in source}
    else:
        assert {q[:3] for q in quads} == set(two_documents.triples((None, None, None)))


# -- graph tools ----------------------------------------------------------------

def test_graphml_reads_in_igraph(sample_exports: dict[str, Path], view, sample_dataset) -> None:
    igraph = pytest.importorskip("igraph", reason="python-igraph is a test extra: pip install igraph")
    g = igraph.Graph.Read_GraphML(str(sample_exports["graphml"]))
    assert g.is_directed()
    assert (g.vcount(), g.ecount()) == (view.number_of_nodes(), view.number_of_edges())
    assert set(g.vs["id"]) == set(view.nodes)
    people = {name for (name,) in sparql(sample_dataset, PEOPLE)}
    assert people and {v["label"] for v in g.vs if v["type"] == "PER"} == people
    labels = g.vs["label"]
    read = Counter((labels[e.source], e["relation"], e["role"], labels[e.target]) for e in g.es)
    assert read == view_triples(view)
    assert all(isinstance(v, float) for v in g.es["confidence"])


def test_gexf_reads_in_graphology(sample_exports: dict[str, Path], view, sample_dataset) -> None:
    root = ET.parse(sample_exports["gexf"]).getroot()
    assert root.tag == "{http://www.gexf.net/1.2draft}gexf" and root.get("version") == "1.2"
    read = run_node("read_gexf.cjs", sample_exports["gexf"], "graphology-gexf")
    assert (read["type"], read["multi"]) == ("directed", True)
    assert (read["order"], read["size"]) == (view.number_of_nodes(), view.number_of_edges())
    labels = {n["id"]: n["label"] for n in read["nodes"]}
    assert labels == {n: d["label"] for n, d in view.nodes(data=True)}
    people = {name for (name,) in sparql(sample_dataset, PEOPLE)}
    assert {n["label"] for n in read["nodes"] if n["type"] == "PER"} == people
    edges = read["edges"]
    assert len({e["id"] for e in edges}) == len(edges)
    assert all(e["label"] == e["relation"] for e in edges)
    # Declared attribute types survive: offsets and confidences are numbers, not strings.
    assert all(isinstance(e["sentence_start"], int) and isinstance(e["confidence"], (int, float)) for e in edges)
    read_triples = Counter((labels[e["source"]], e["relation"], e["role"], labels[e["target"]]) for e in edges)
    assert read_triples == view_triples(view)


def test_node_link_lays_out_in_d3_force(sample_exports: dict[str, Path], view) -> None:
    read = run_node("read_node_link.mjs", sample_exports["node-link"], "d3-force")
    assert (read["nodes"], read["links"]) == (view.number_of_nodes(), view.number_of_edges())
    assert read["resolved"] == read["links"] and read["positioned"] == read["nodes"]
    assert sorted(read["labels"]) == sorted(d["label"] for _, d in view.nodes(data=True))
    assert Counter(tuple(t) for t in read["triples"]) == view_triples(view)


@pytest.mark.slow
def test_cytoscape_json_loads_in_cytoscape_js(sample_exports: dict[str, Path], view, chromium: str) -> None:
    need_js("cytoscape")
    document = json.loads(sample_exports["cytoscape"].read_text(encoding="utf-8"))
    with open_offline(JS / "cytoscape.html") as page:
        wait_until(page.page, "() => window.zhituReady === true")
        read = page.evaluate("doc => window.loadCyjs(doc)", document)
        assert page.problems() == []
    assert (read["nodes"], read["edges"]) == (view.number_of_nodes(), view.number_of_edges())
    assert read["positioned"] == read["nodes"]
    assert sorted(read["labels"]) == sorted(d["label"] for _, d in view.nodes(data=True))
    assert Counter(tuple(t) for t in read["triples"]) == view_triples(view)


# -- graph databases ---------------------------------------------------------------

def kuzu_rows(connection, query: str) -> set[tuple]:
    result = connection.execute(query)
    rows = set()
    while result.has_next():
        rows.add(tuple(result.get_next()))
    return rows


@pytest.fixture
def kuzu_connection(tmp_path: Path):
    kuzu = pytest.importorskip("kuzu", reason="kuzu is a test extra: pip install kuzu")
    database = kuzu.Database(str(tmp_path / "graph.kuzudb"))
    yield kuzu.Connection(database)


def test_kuzu_csv_loads_and_cypher_agrees_with_sparql(sample_exports: dict[str, Path], view, sample_dataset,
                                                      kuzu_connection, monkeypatch) -> None:
    folder = sample_exports["kuzu"]
    monkeypatch.chdir(folder)  # copy.cypher names its files relative to the folder, as in Kùzu's shell
    kuzu_connection.execute((folder / "schema.cypher").read_text(encoding="utf-8"))
    kuzu_connection.execute((folder / "copy.cypher").read_text(encoding="utf-8"))

    posts = sparql(sample_dataset, MEMBERSHIPS)
    assert posts
    assert kuzu_rows(kuzu_connection, "MATCH (p:Person)-[h:holdsPosition]->(o:Organization) "
                                      "RETURN p.label, h.role, o.label") == posts
    assert {r for (r,) in kuzu_rows(kuzu_connection, "MATCH (p:Person) RETURN p.label")} == \
        {name for (name,) in sparql(sample_dataset, PEOPLE)}
    (nodes,) = kuzu_rows(kuzu_connection, "MATCH (n) RETURN count(n)")
    (edges,) = kuzu_rows(kuzu_connection, "MATCH ()-[r]->() RETURN count(r)")
    assert (nodes[0], edges[0]) == (view.number_of_nodes(), view.number_of_edges())
    evidence = kuzu_rows(kuzu_connection, "MATCH (:Person)-[h:holdsPosition]->(:Organization) "
                                          "RETURN h.evidence, h.sentence_start, h.sentence_end, h.confidence")
    assert all(text and 0 <= start < end and 0 < confidence <= 1 for text, start, end, confidence in evidence)


NEO4J_TYPES = {"int", "long", "float", "double", "boolean", "byte", "short", "char", "string", "point",
               "date", "localtime", "time", "localdatetime", "datetime", "duration"}
NEO4J_FIELD = re.compile(r"^(?P<name>[^:]*)(?::(?P<type>[A-Za-z_]+)(?P<array>\[\])?(?:\((?P<group>[^)]*)\))?)?$")


def neo4j_header(path: Path) -> list[str]:
    return path.read_text(encoding="utf-8").splitlines()[0].split(",")


def test_neo4j_headers_follow_neo4j_admin(sample_exports: dict[str, Path]) -> None:
    """The header rules of ``neo4j-admin database import`` (Neo4j 5 operations manual)."""
    folder = sample_exports["neo4j"]
    assert sorted(p.name for p in folder.iterdir()) == ["import.sh", "nodes.csv", "relationships.csv"]
    special = {"ID", "LABEL", "START_ID", "END_ID", "TYPE", "IGNORE"}
    for name, required in (("nodes.csv", ["ID", "LABEL"]), ("relationships.csv", ["START_ID", "END_ID", "TYPE"])):
        kinds = []
        for field in neo4j_header(folder / name):
            match = NEO4J_FIELD.match(field)
            assert match, field
            kind = match["type"]
            assert kind is None or kind in special or kind.lower() in NEO4J_TYPES, field
            assert match["name"] or kind in special, f"a property column needs a name: {field}"
            kinds.append(kind)
        assert sorted(k for k in kinds if k in special) == sorted(required), name
    script = (folder / "import.sh").read_text(encoding="utf-8")
    assert "neo4j-admin database import full" in script
    assert "--nodes=nodes.csv" in script and "--relationships=relationships.csv" in script
    assert os.access(folder / "import.sh", os.X_OK)


def test_neo4j_csv_loads_and_cypher_agrees_with_sparql(sample_exports: dict[str, Path], view, sample_dataset,
                                                       kuzu_connection) -> None:
    """No Neo4j here: Kùzu's CSV reader loads the files, keyed by their ``:ID``
    and ``:START_ID``/``:END_ID`` columns (a duplicate id or a dangling end fails
    the COPY), and Cypher on the result must agree with SPARQL."""
    folder = sample_exports["neo4j"]

    def load(name: str, wanted: list[str]) -> str:
        """``LOAD FROM`` the file with every column read as a string, returning
        the columns whose neo4j-admin header field is in ``wanted``, in that order."""
        header = neo4j_header(folder / name)
        columns = ", ".join(f"c{i} STRING" for i in range(len(header)))
        picked = ", ".join(f"c{header.index(field)}" for field in wanted)
        path = (folder / name).as_posix()
        return f"LOAD WITH HEADERS ({columns}) FROM '{path}' (header=true) RETURN {picked}"

    kuzu_connection.execute(
        "CREATE NODE TABLE N(id STRING PRIMARY KEY, label STRING, labels STRING, aliases STRING);"
        "CREATE REL TABLE R(FROM N TO N, type STRING, role STRING);"
        f"COPY N FROM ({load('nodes.csv', ['iri:ID', 'label', ':LABEL', 'aliases:string[]'])});"
        f"COPY R FROM ({load('relationships.csv', [':START_ID', ':END_ID', ':TYPE', 'role'])});")
    posts = kuzu_rows(kuzu_connection, "MATCH (p:N)-[r:R]->(o:N) WHERE r.type = 'holdsPosition' "
                                       "AND p.labels = 'Person' AND o.labels = 'Organization' "
                                       "RETURN p.label, r.role, o.label")
    assert posts and posts == sparql(sample_dataset, MEMBERSHIPS)
    people = kuzu_rows(kuzu_connection, "MATCH (p:N) WHERE p.labels = 'Person' RETURN p.label")
    assert {name for (name,) in people} == {name for (name,) in sparql(sample_dataset, PEOPLE)}
    (count,) = kuzu_rows(kuzu_connection, "MATCH ()-[r:R]->() RETURN count(r)")
    assert count[0] == view.number_of_edges()
    aliases = {a for (a,) in kuzu_rows(kuzu_connection, "MATCH (n:N) RETURN n.aliases") if a}
    expected = {d["aliases"] for _, d in view.nodes(data=True) if d["aliases"]}
    assert {a.replace(";", " | ") for a in aliases} == expected
