"""``zhitu serve``'s SPARQL endpoint, driven by a real client (SPARQLWrapper)
over loopback, against a store built from the bundled sample page. Every
answer is parsed back (by Oxigraph's parsers, independent of the server's
writers) and compared with the same query run directly on the store."""
from __future__ import annotations

import urllib.error
import urllib.request

import pyoxigraph as ox
import pytest
from SPARQLWrapper import ASK, CSV, JSON, JSONLD, POST, POSTDIRECTLY, RDFXML, TSV, TURTLE, XML, SPARQLWrapper

from zhitu.serve.app import make_server, serve_in_thread
from zhitu.serve.results import SOLUTION_FORMATS, negotiate
from zhitu.serve.sparql import Limits

SELECT = "SELECT ?p ?name WHERE { ?p a zt:Person ; rdfs:label ?name } ORDER BY ?name"
ASK_QUERY = "ASK { ?m a org:Membership }"
ASK_FALSE = "ASK { ?x a zt:NoSuchClass }"
CONSTRUCT = "CONSTRUCT { ?p rdfs:label ?name ; a zt:Person } WHERE { ?p a zt:Person ; rdfs:label ?name }"
TYPED = ("SELECT ?a ?d ?h WHERE { ?a a schema:NewsArticle ; schema:datePublished ?d ; schema:headline ?h } "
         "ORDER BY ?a")


@pytest.fixture(scope="module")
def store(sample_store):
    """The sample's store, read-only (built once, in conftest)."""
    return sample_store


@pytest.fixture(scope="module")
def endpoint(store):
    server = make_server(store, limits=Limits(timeout_s=20, max_rows=50), quiet=True)
    serve_in_thread(server)
    yield server.url + "/sparql"
    server.shutdown()
    server.server_close()


def client(url: str, query: str, fmt: str, *, method: str | None = None) -> SPARQLWrapper:
    wrapper = SPARQLWrapper(url)
    wrapper.setQuery(query)
    wrapper.setReturnFormat(fmt)
    if method == POSTDIRECTLY:
        wrapper.setMethod(POST)
        wrapper.setRequestMethod(POSTDIRECTLY)
    elif method:
        wrapper.setMethod(method)
    return wrapper


def direct_rows(store, query: str) -> list[tuple]:
    result = store.execute(query)
    return [tuple(solution) for solution in result]


RESULT_FORMATS = {JSON: ox.QueryResultsFormat.JSON, XML: ox.QueryResultsFormat.XML,
                  CSV: ox.QueryResultsFormat.CSV, TSV: ox.QueryResultsFormat.TSV}


def parsed_rows(body: bytes, fmt: str) -> list[tuple]:
    if fmt == CSV:  # lossy by design, so Oxigraph does not read it: Python's csv module does
        import csv
        import io

        header, *rows = csv.reader(io.StringIO(body.decode("utf-8"), newline=""))
        return [tuple(value or None for value in row) for row in rows]
    return [tuple(s) for s in ox.parse_query_results(body, format=RESULT_FORMATS[fmt])]


def _csv_view(rows: list[tuple]) -> list[tuple]:
    """CSV keeps only lexical forms: compare what it can hold."""
    return [tuple(None if t is None else t.value for t in row) for row in rows]


@pytest.mark.parametrize("method", [None, POST, POSTDIRECTLY], ids=["GET", "POST-form", "POST-direct"])
@pytest.mark.parametrize("fmt", [JSON, XML, CSV, TSV])
@pytest.mark.parametrize("query", [SELECT, TYPED], ids=["labels", "typed-literals"])
def test_select_in_every_format_matches_the_store(endpoint, store, query, fmt, method):
    expected = direct_rows(store, query)
    assert expected, "the sample store must answer the query"
    response = client(endpoint, query, fmt, method=method).query()
    assert "X-Zhitu-Truncated" not in response.info()
    body = response.response.read()
    got = parsed_rows(body, fmt)
    if fmt == CSV:
        assert got == _csv_view(expected)
    else:
        assert got == expected


def test_select_json_through_sparqlwrappers_converter(endpoint, store):
    rows = client(endpoint, SELECT, JSON).query().convert()
    names = [b["name"]["value"] for b in rows["results"]["bindings"]]
    assert names == [row[1].value for row in direct_rows(store, SELECT)]
    assert rows["results"]["bindings"][0]["name"].get("xml:lang") == "zh"


@pytest.mark.parametrize("fmt", [JSON, XML, CSV, TSV])
@pytest.mark.parametrize("query, answer", [(ASK_QUERY, True), (ASK_FALSE, False)])
def test_ask_in_every_format(endpoint, query, answer, fmt):
    wrapper = client(endpoint, query, fmt)
    assert wrapper.queryType == ASK
    body = wrapper.query().response.read()
    if fmt in (JSON, XML):
        assert bool(ox.parse_query_results(body, format=RESULT_FORMATS[fmt])) is answer
    else:
        assert body.decode().strip() == str(answer).lower()


@pytest.mark.parametrize("fmt, rdf_format", [(TURTLE, ox.RdfFormat.TURTLE), (XML, ox.RdfFormat.RDF_XML),
                                             (RDFXML, ox.RdfFormat.RDF_XML), (JSONLD, ox.RdfFormat.JSON_LD)])
def test_construct_matches_the_store(endpoint, store, fmt, rdf_format):
    expected = set(store.execute(CONSTRUCT))
    assert expected
    response = client(endpoint, CONSTRUCT, fmt).query()
    assert "X-Zhitu-Truncated" not in response.info()
    body = response.response.read()
    got = {ox.Triple(q.subject, q.predicate, q.object) for q in ox.parse(body, format=rdf_format)}
    assert got == expected


def test_describe_as_ntriples(endpoint, store):
    query = "DESCRIBE ?o WHERE { ?o a zt:Organization } LIMIT 1"
    request = urllib.request.Request(endpoint + "?" + urllib.parse.urlencode({"query": query}),
                                     headers={"Accept": "application/n-triples"})
    with urllib.request.urlopen(request) as response:
        assert response.headers["Content-Type"].startswith("application/n-triples")
        got = {ox.Triple(q.subject, q.predicate, q.object)
               for q in ox.parse(response.read(), format=ox.RdfFormat.N_TRIPLES)}
    assert got == set(store.execute(query))


def test_update_is_refused_with_a_clear_message(endpoint, store):
    before = len(store)
    wrapper = SPARQLWrapper(endpoint)
    wrapper.setMethod(POST)
    wrapper.setQuery("INSERT DATA { <urn:x> <urn:y> <urn:z> }")
    with pytest.raises(urllib.error.HTTPError) as refused:
        wrapper.query()
    assert refused.value.code == 403
    assert "read-only" in refused.value.read().decode()
    assert len(store) == before


@pytest.mark.parametrize("query", ["DELETE WHERE { ?s ?p ?o }", "PREFIX x: <urn:x#>\nCLEAR ALL"])
def test_update_sent_as_a_query_is_refused(endpoint, query):
    request = urllib.request.Request(endpoint, data=query.encode(), method="POST",
                                     headers={"Content-Type": "application/sparql-query"})
    with pytest.raises(urllib.error.HTTPError) as refused:
        urllib.request.urlopen(request)
    assert refused.value.code == 403
    assert "SPARQL Update is refused" in refused.value.read().decode()


def test_syntax_error_is_a_400_with_the_parser_message(endpoint):
    from SPARQLWrapper.SPARQLExceptions import QueryBadFormed

    with pytest.raises(QueryBadFormed, match="syntax"):
        client(endpoint, "SELECT ?x WHERE { ?x ", JSON).query()


def test_row_limit_is_announced_and_applied(endpoint, store):
    query = "SELECT ?s ?p ?o WHERE { ?s ?p ?o } ORDER BY ?s ?p ?o"
    assert len(direct_rows(store, query)) > 50
    response = client(endpoint, query, JSON).query()
    info = response.info()
    assert info["X-Zhitu-Max-Rows"] == "50"
    assert info["X-Zhitu-Truncated"] == "true"
    got = parsed_rows(response.response.read(), JSON)
    assert got == direct_rows(store, query)[:50]


def test_unacceptable_format_is_406(endpoint):
    request = urllib.request.Request(endpoint + "?" + urllib.parse.urlencode({"query": SELECT}),
                                     headers={"Accept": "image/png"})
    with pytest.raises(urllib.error.HTTPError) as refused:
        urllib.request.urlopen(request)
    assert refused.value.code == 406


def test_query_may_declare_its_own_prefixes(endpoint, store):
    query = "PREFIX zt: <https://w3id.org/zhitu/ontology#> SELECT (COUNT(*) AS ?n) WHERE { ?p a zt:Person }"
    rows = client(endpoint, query, JSON).query().convert()["results"]["bindings"]
    assert int(rows[0]["n"]["value"]) == len(direct_rows(store, "SELECT ?p WHERE { ?p a zt:Person }")) > 0


def test_timeout_answers_503(store):
    server = make_server(store, limits=Limits(timeout_s=0.2, max_rows=10_000_000), quiet=True)
    serve_in_thread(server)
    try:
        # A cross product of every triple with every triple: far more than 0.2 s of rows.
        query = "SELECT * WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }"
        request = urllib.request.Request(server.url + "/sparql?" + urllib.parse.urlencode({"query": query}))
        with pytest.raises(urllib.error.HTTPError) as refused:
            urllib.request.urlopen(request)
        assert refused.value.code == 503
        assert "timed out" in refused.value.read().decode()
    finally:
        server.shutdown()
        server.server_close()


@pytest.mark.parametrize("accept, name", [
    (None, "json"), ("*/*", "json"), ("text/csv", "csv"),
    ("application/sparql-results+xml;q=0.5, text/tab-separated-values", "tsv"),
    ("text/csv;q=0.9, application/sparql-results+json;q=0.1", "csv"), ("image/png, */*;q=0.1", "json"),
])
def test_negotiate(accept, name):
    assert negotiate(accept, SOLUTION_FORMATS).name == name


def test_serve_command_has_help():
    from click.testing import CliRunner

    from zhitu.cli import main

    result = CliRunner().invoke(main, ["serve", "--help"])
    assert result.exit_code == 0
    for option in ("--max-rows", "--store", "--workers", "--max-memory", "--allow-service", "--allow-host"):
        assert option in result.output
