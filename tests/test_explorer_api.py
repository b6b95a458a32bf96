"""The explorer's JSON API beyond search and neighbours: the overview, shortest
paths, an entity's timeline, the date of each edge, whole-mention highlighting
and the named queries, on a store built from three invented articles of
different dates (and through the server, for the errors)."""
from __future__ import annotations

import json
import urllib.error
import urllib.parse
import urllib.request

import networkx as nx
import pytest

from zhitu.serve import explorer
from zhitu.serve.mentions import whole_mentions

# Invented news: three articles, three dates, people linked through bodies and a contest.
ARTICLES = [
    {"id": "inv-1", "date": "2021-03-02", "title": "澄溪市总工会召开全委会议",
     "text": "澄溪市总工会召开全委会议\n本报澄溪3月1日电（记者周明远）3月1日，澄溪市总工会十届二次全委会议召开。"
             "澄溪市总工会主席许文涛作工作报告。柳岸县总工会主席林晓岚参加会议。"},
    {"id": "inv-2", "date": "2021-06-15", "title": "柳岸县举办茶艺技能大赛",
     "text": "柳岸县举办茶艺技能大赛\n本报柳岸6月14日电（记者宋雨桐）6月14日，由柳岸县总工会主办的2021年柳岸县茶艺技能大赛"
             "在浙江省澄溪市柳岸县白石镇举行。柳岸县总工会主席林晓岚出席并致辞。青禾茶业有限公司选派的12名职工参加了比赛。"},
    {"id": "inv-3", "date": "2022-01-20", "title": "澄溪市政府发布新规",
     "text": "澄溪市政府发布新规\n本报澄溪1月19日电（记者周明远）澄溪市人民政府市长韩立川近日签署澄溪市人民政府令第八号，"
             "新规将于3月施行。青禾茶业有限公司工会主席孟秋实说，职工很欢迎。"},
]
FACTS = ["http://www.w3.org/ns/org#memberOf", "https://w3id.org/zhitu/ontology#locatedIn",
         "http://www.w3.org/ns/org#subOrganizationOf", "https://w3id.org/zhitu/ontology#organizes",
         "https://w3id.org/zhitu/ontology#participatesIn"]


@pytest.fixture(scope="module")
def corpus_store(tmp_path_factory):
    """The invented articles built into a store (read-only)."""
    from zhitu.build import build_store
    from zhitu.store import open_store

    folder = tmp_path_factory.mktemp("explorer-corpus")
    source = folder / "news.jsonl"
    source.write_text("".join(json.dumps(a, ensure_ascii=False) + "\n" for a in ARTICLES), encoding="utf-8")
    with open_store(folder / "store") as writable:
        build_store([str(source)], writable, publisher="澄溪日报")
    with open_store(folder / "store", read_only=True) as store:
        yield store


def iri_of(store, name: str) -> str:
    found = [n for n in explorer.search(store, name) if n["label"] == name]
    assert found, f"{name} is not in the store"
    return found[0]["id"]


def fact_graph(store) -> nx.Graph:
    """The relations between entities, undirected: what a path may follow."""
    values = " ".join(f"<{p}>" for p in FACTS)
    graph = nx.Graph()
    for row in store.execute(f"SELECT ?s ?o WHERE {{ VALUES ?p {{ {values} }} ?s ?p ?o FILTER(isIRI(?o)) }}"):
        graph.add_edge(row["s"].value, row["o"].value)
    return graph


# -- overview -------------------------------------------------------------------------


def test_overview_counts_leaders_and_latest(corpus_store):
    view = explorer.overview(corpus_store, top=5, latest=2)
    assert view["counts"] == corpus_store.stats().to_dict()
    graph = fact_graph(corpus_store)
    degrees = [leader["degree"] for leader in view["top"]]
    assert len(view["top"]) == 5 and degrees == sorted(degrees, reverse=True)
    assert degrees[0] == max(d for _, d in graph.degree())
    for leader in view["top"]:
        assert leader["degree"] == graph.degree(leader["id"])
    dates = [a["date"] for a in view["latest"]]
    assert dates == ["2022-01-19", "2021-06-14"]  # the datelines' dates, newest first
    assert view["latest"][0]["label"] == "澄溪市政府发布新规"
    leaders = {leader["id"] for leader in view["top"]}
    assert all(e["from"] in leaders and e["to"] in leaders for e in view["edges"])


# -- paths ----------------------------------------------------------------------------


@pytest.mark.parametrize("a, b", [("许文涛", "林晓岚"), ("林晓岚", "孟秋实"), ("白石镇", "浙江省")])
def test_shortest_path_is_shortest_and_each_hop_has_evidence(corpus_store, a, b):
    source, target = iri_of(corpus_store, a), iri_of(corpus_store, b)
    answer = explorer.shortest_paths(corpus_store, source, target, hops=6)
    expected = nx.shortest_path_length(fact_graph(corpus_store), source, target)
    assert answer["paths"] and not answer["truncated"]
    for path in answer["paths"]:
        assert path["nodes"][0] == source and path["nodes"][-1] == target
        assert len(path["hops"]) == expected
        for here, there, hop in zip(path["nodes"], path["nodes"][1:], path["hops"]):
            assert {hop["from"], hop["to"]} == {here, there}
            assert hop["evidence"], hop
            for sentence in hop["evidence"]:
                assert sentence["date"] and sentence["document"] and sentence["text"]
                named = {sentence["text"][s:e] for s, e in sentence["spans"]}
                ends = {answer["nodes"][hop["from"]]["label"], answer["nodes"][hop["to"]]["label"]}
                assert named & ends  # the sentence names an end, marked whole
    assert len({tuple(p["nodes"]) for p in answer["paths"]}) == len(answer["paths"])


def test_a_path_too_long_for_the_hops_is_not_found(corpus_store):
    source, target = iri_of(corpus_store, "许文涛"), iri_of(corpus_store, "孟秋实")
    length = nx.shortest_path_length(fact_graph(corpus_store), source, target)
    assert explorer.shortest_paths(corpus_store, source, target, hops=length - 1)["paths"] == []
    assert explorer.shortest_paths(corpus_store, source, target, hops=length)["paths"]


def test_paths_through_articles_cite_the_article(corpus_store):
    source, target = iri_of(corpus_store, "许文涛"), iri_of(corpus_store, "孟秋实")
    answer = explorer.shortest_paths(corpus_store, source, target, hops=6, mentions=True)
    path = answer["paths"][0]
    assert len(path["hops"]) < nx.shortest_path_length(fact_graph(corpus_store), source, target)
    articles = [n for n in path["nodes"] if answer["nodes"][n]["type"] == "ARTICLE"]
    assert articles
    cited = [h for h in path["hops"] if h["relation"] in ("mentions", "author")]
    assert all(h["evidence"][0]["article"] in articles and h["evidence"][0]["date"] for h in cited)


@pytest.mark.parametrize("params, message", [
    ({"from": "", "to": ""}, "two nodes"),
    ({"from": "urn:x", "to": "urn:x"}, "different"),
    ({"from": "not an iri", "to": "urn:x"}, "not an IRI"),
    ({"from": "urn:x", "to": "urn:y", "hops": "99"}, "from 1 to 6"),
    ({"from": "urn:x", "to": "urn:y", "hops": "-1"}, "from 1 to 6"),
    ({"from": "urn:x", "to": "urn:y", "hops": "٣"}, "whole number"),
    ({"from": "urn:x", "to": "urn:y"}, "no such node"),
])
def test_path_parameters_are_checked(corpus_store, params, message):
    from zhitu.errors import QueryError

    with pytest.raises(QueryError, match=message):
        explorer.call(corpus_store, "/api/path", params)


# -- timeline and dates --------------------------------------------------------------------


def test_timeline_lists_an_entitys_facts_by_article_date(corpus_store):
    person = iri_of(corpus_store, "林晓岚")
    answer = explorer.timeline(corpus_store, person)
    dates = [f["date"] for f in answer["facts"]]
    assert dates == sorted(dates) and set(dates) == {"2021-03-01", "2021-06-14"}
    for fact in answer["facts"]:
        assert person in (fact["from"]["id"], fact["to"]["id"])
        assert fact["sentence"] and "林晓岚" in fact["sentence"] and fact["headline"]
    roles = {f["role"] for f in answer["facts"] if f["relation"] == "holdsPosition"}
    assert roles == {"主席"}
    assert answer["mentions"] == [{"date": "2021-03-01", "articles": 1}, {"date": "2021-06-14", "articles": 1}]


def test_timeline_of_a_reporter_has_the_credits(corpus_store):
    answer = explorer.timeline(corpus_store, iri_of(corpus_store, "周明远"))
    credits = [f for f in answer["facts"] if f["relation"] == "author"]
    assert [f["date"] for f in credits] == ["2021-03-01", "2022-01-19"]
    assert all(f["from"]["type"] == "ARTICLE" for f in credits)


def test_timeline_of_an_unknown_node_is_a_clear_error(corpus_store):
    from zhitu.errors import QueryError

    with pytest.raises(QueryError, match="no such node"):
        explorer.timeline(corpus_store, "https://w3id.org/zhitu/id/person/nobody")


def test_edges_carry_the_dates_of_their_articles(corpus_store):
    answer = explorer.neighbours(corpus_store, iri_of(corpus_store, "柳岸县总工会"), mentions=True)
    membership = next(e for e in answer["edges"] if e["relation"] == "holdsPosition")
    assert (membership["first"], membership["last"]) == ("2021-03-01", "2021-06-14")
    mention = next(e for e in answer["edges"] if e["relation"] == "mentions")
    article = next(n for n in answer["nodes"] if n["id"] == mention["from"])
    assert mention["first"] == mention["last"] == article["date"] != ""


# -- whole mentions ----------------------------------------------------------------------------


def test_evidence_marks_a_name_but_not_inside_a_decree(corpus_store):
    mayor = iri_of(corpus_store, "韩立川")
    edge = next(e for e in explorer.neighbours(corpus_store, mayor)["edges"] if e["relation"] == "holdsPosition")
    sentence = explorer.evidence(corpus_store, edge["from"], edge["predicate"], edge["to"])["sentences"][0]
    text = sentence["text"]
    marked = [(s, text[s:e]) for s, e in sentence["spans"]]
    assert [name for _, name in marked] == ["澄溪市人民政府", "韩立川"]
    decree = text.index("澄溪市人民政府令")
    assert all(start != decree for start, _ in marked)


def test_evidence_marks_a_place_but_not_inside_longer_names(corpus_store):
    town = iri_of(corpus_store, "白石镇")
    edge = next(e for e in explorer.neighbours(corpus_store, town)["edges"] if e["relation"] == "locatedIn")
    sentence = explorer.evidence(corpus_store, edge["from"], edge["predicate"], edge["to"])["sentences"][0]
    text = sentence["text"]
    county = [s for s, e in sentence["spans"] if text[s:e] == "柳岸县"]
    assert text.count("柳岸县") == 3  # in the union's name, the contest's name and the address
    assert county == [text.index("澄溪市柳岸县") + 3]


def no_words(text: str, position: int) -> str:
    return text[position:position + 1]


@pytest.mark.parametrize("text, marks, names, expected", [
    ("许文涛说，澄溪市总工会主席许文涛出席。", ["许文涛"], [], ["许文涛", "许文涛@13"]),
    ("柳岸县总工会在柳岸县召开会议。", ["柳岸县"], ["柳岸县总工会"], ["柳岸县@7"]),
    ("柳岸县总工会在柳岸县召开会议。", ["柳岸县"], [], ["柳岸县@7"]),  # 总工会 heads a longer name
    ("澄溪市政府令第三号", ["澄溪市政府"], [], []),
    ("澄溪市人民政府在澄溪市召开会议", ["澄溪市", "澄溪"], [], ["澄溪市@8"]),
    ("青禾茶业有限公司", ["青禾茶业有限公司", "青禾茶业"], [], ["青禾茶业有限公司"]),
    ("柳岸县总工会党组书记孟秋实", ["柳岸县总工会"], [], ["柳岸县总工会"]),  # a title, not a longer name
    ("柳岸县总工会党组召开会议", ["柳岸县总工会"], [], []),
])
def test_whole_mentions(text, marks, names, expected):
    got = whole_mentions(text, marks, names=names, segment=no_words)
    shown = []
    for start, end in got:
        name = text[start:end]
        shown.append(name if text.index(name) == start else f"{name}@{start}")
    assert shown == expected


def test_a_one_character_head_counts_only_as_a_word_of_its_own():
    text = "柳岸县部署工作，柳岸县局召开会议。"
    words = {3: "部署", 11: "局"}
    got = whole_mentions(text, ["柳岸县"], segment=lambda t, p: words[p])
    assert got == [(0, 3)]


# -- named queries ------------------------------------------------------------------------------


def test_named_queries_are_listed_with_their_parameters():
    from zhitu.query import named_queries

    listed = {q["name"]: q for q in explorer.named_query_list()}
    assert set(listed) == set(named_queries())
    holders = listed["holders-of"]
    assert [p["name"] for p in holders["parameters"]] == ["role_name", "org_name"]
    assert all(q["description"] for q in listed.values())


def test_a_named_query_runs_with_its_parameters(corpus_store):
    answer = explorer.run_named(corpus_store, "holders-of", {"role_name": "主席", "org_name": "柳岸县总工会"})
    person = answer["variables"].index("person")
    assert [row[person]["value"] for row in answer["rows"]] == ["林晓岚"]
    assert answer["truncated"] is False


def test_shared_articles_counts_the_articles_two_entities_share(corpus_store):
    answer = explorer.run_named(corpus_store, "shared-articles", {"entity_name": "林晓岚"})
    columns = answer["variables"]
    found = {row[columns.index("other")]["value"]: row for row in answer["rows"]}
    union = found["柳岸县总工会"]
    assert union[columns.index("articles")]["value"] == "2"
    assert (union[columns.index("first")]["value"], union[columns.index("last")]["value"]) == ("2021-03-01",
                                                                                               "2021-06-14")
    assert "林晓岚" not in found and "韩立川" not in found  # itself, and someone of another article
    counts = [int(row[columns.index("articles")]["value"]) for row in answer["rows"]]
    assert counts == sorted(counts, reverse=True)


@pytest.mark.parametrize("params, message", [
    ({"name": "no-such-query"}, "no-such-query"),
    ({"name": "holders-of", "role_name": "主席"}, "non-empty ORG"),
    ({"name": ""}, "which named query"),
    ({"name": "holders-of", "role_name": "主" * 300, "org_name": "x"}, "over 200"),
])
def test_named_query_errors_are_one_line(corpus_store, params, message):
    from zhitu.errors import ZhituError

    with pytest.raises(ZhituError, match=message) as raised:
        explorer.call(corpus_store, "/api/named", params)
    assert "\n" not in str(raised.value)


# -- through the server ----------------------------------------------------------------------------


@pytest.fixture(scope="module")
def server(corpus_store):
    from zhitu.serve.app import make_server, serve_in_thread

    server = make_server(corpus_store, quiet=True)
    serve_in_thread(server)
    yield server
    server.shutdown()
    server.server_close()


def get(server, path: str, **params) -> tuple[int, str]:
    url = f"{server.url}{path}?{urllib.parse.urlencode(params)}"
    try:
        with urllib.request.urlopen(url, timeout=30) as answer:
            return answer.status, answer.read().decode("utf-8")
    except urllib.error.HTTPError as err:
        return err.code, err.read().decode("utf-8")


def test_the_new_calls_answer_json_through_the_server(server, corpus_store):
    status, body = get(server, "/api/overview")
    assert status == 200 and json.loads(body)["counts"]["articles"] == 3
    status, body = get(server, "/api/timeline", iri=iri_of(corpus_store, "林晓岚"))
    assert status == 200 and json.loads(body)["facts"]
    status, body = get(server, "/api/path", **{"from": iri_of(corpus_store, "许文涛"), "to": iri_of(corpus_store, "林晓岚")})
    assert status == 200 and json.loads(body)["paths"]
    status, body = get(server, "/api/queries")
    assert status == 200 and any(q["name"] == "holders-of" for q in json.loads(body))


@pytest.mark.parametrize("path, params", [
    ("/api/overview", {"top": "100000"}),
    ("/api/path", {"from": "urn:a", "to": "urn:b", "hops": "1000"}),
    ("/api/timeline", {"iri": "<bad>"}),
    ("/api/named", {"name": "../../etc/passwd"}),
])
def test_bad_parameters_get_a_400_with_one_line(server, path, params):
    status, body = get(server, path, **params)
    assert status == 400
    assert body.count("\n") == 1 and "Traceback" not in body


@pytest.mark.parametrize("path", ["/api/overview", "/api/path", "/api/timeline", "/api/queries", "/api/named"])
def test_the_new_calls_refuse_other_sites(server, path):
    request = urllib.request.Request(server.url + path, headers={"Sec-Fetch-Site": "cross-site"})
    with pytest.raises(urllib.error.HTTPError) as refused:
        urllib.request.urlopen(request, timeout=30)
    assert refused.value.code == 403


def test_the_new_calls_take_get_only(server):
    request = urllib.request.Request(server.url + "/api/overview", data=b"x", method="POST")
    with pytest.raises(urllib.error.HTTPError) as refused:
        urllib.request.urlopen(request, timeout=30)
    assert refused.value.code == 405
