"""SHACL validation: every graph zhitu builds conforms to ``ontology/shapes.ttl``
(the sample, the seed page and 200 corpus articles when ``../shared`` is there),
and a graph broken on purpose fails with a message that names the problem.

The broken graphs are the sample graph with one thing changed each.
"""
from __future__ import annotations

import itertools
from collections.abc import Callable
from pathlib import Path

import pyshacl
import pytest
from click.testing import CliRunner
from rdflib import Dataset, Graph, Literal, URIRef
from rdflib.namespace import PROV, RDF, RDFS, SH, SKOS

from zhitu.build import build_dataset
from zhitu.cli import main
from zhitu.errors import ShapesError
from zhitu.graph.namespaces import ORG, SCHEMA, ZT
from zhitu.ontology import shapes_graph
from zhitu.validation import merged_graph, validate

SHARED = Path(__file__).resolve().parents[2] / "shared" / "data"
CORPUS = SHARED / "corpus" / "rmrb2020.jsonl"
SEED = SHARED / "seed"
DECIMAL = URIRef("http://www.w3.org/2001/XMLSchema#decimal")


@pytest.fixture(scope="module")
def shapes() -> Graph:
    return shapes_graph()


@pytest.fixture()
def sample_graph(sample_dataset) -> Graph:
    """A fresh copy of the sample graph (named graphs merged) to break."""
    return merged_graph(sample_dataset)


def assert_conforms(graph: Graph) -> None:
    report = validate(graph)
    assert report.conforms, report.format(examples=3)
    assert report.violations == ()
    assert report.triples == len(set(graph.triples((None, None, None))))


# ------------------------------------------------------------ graphs zhitu builds


def test_sample_graph_conforms(sample_dataset) -> None:
    assert_conforms(sample_dataset)


def test_built_files_conform_through_the_command(sample_out: Path) -> None:
    result = CliRunner().invoke(main, ["validate", str(sample_out / "graph.ttl")])
    assert result.exit_code == 0, result.output
    assert "graph.ttl: conforms (" in result.output


def test_validation_leaves_the_graph_alone(sample_graph: Graph) -> None:
    before = len(sample_graph)
    validate(sample_graph)
    assert len(sample_graph) == before


@pytest.mark.skipif(not SEED.is_dir(), reason="../shared/data/seed is not here")
def test_seed_graph_conforms() -> None:
    import datetime as dt

    dataset, summary = build_dataset([str(SEED)], publisher="工人日报", date=dt.date(2022, 6, 29))
    assert summary.documents_built >= 1
    assert_conforms(dataset)


@pytest.mark.skipif(not CORPUS.is_file(), reason="../shared/data/corpus is not here")
def test_two_hundred_corpus_articles_conform(tmp_path: Path) -> None:
    """The issue's acceptance: a graph of the corpus's first 200 articles conforms."""
    with CORPUS.open(encoding="utf-8") as lines:
        head = list(itertools.islice(lines, 200))
    part = tmp_path / "first200.jsonl"
    part.write_text("".join(head), encoding="utf-8")
    dataset, summary = build_dataset([str(part)])
    assert summary.articles == 200
    assert_conforms(dataset)


# ------------------------------------------------------------------ broken graphs


def a_membership(graph: Graph) -> URIRef:
    return sorted(graph.subjects(RDF.type, ORG.Membership))[0]


def a_statement(graph: Graph) -> URIRef:
    return sorted(graph.subjects(RDF.type, RDF.Statement))[0]


def a_sentence(graph: Graph) -> URIRef:
    return sorted(graph.subjects(RDF.type, ZT.Sentence))[0]


def two_roles(g: Graph) -> str:
    m = a_membership(g)
    other = next(r for r in sorted(g.subjects(RDF.type, ORG.Role)) if r != g.value(m, ORG.role))
    g.add((m, ORG.role, other))
    return str(g.value(g.value(m, ORG.member), RDFS.label))


def no_member(g: Graph) -> str:
    m = a_membership(g)
    g.remove((m, ORG.member, None))
    return str(g.value(g.value(m, ORG.organization), RDFS.label))


def label_without_zh(g: Graph) -> str:
    person = sorted(g.subjects(RDF.type, ZT.Person))[0]
    label = g.value(person, RDFS.label)
    g.remove((person, RDFS.label, label))
    g.add((person, RDFS.label, Literal(str(label))))
    return f'"{label}"'


def role_label_in_english(g: Graph) -> str:
    role = sorted(g.subjects(RDF.type, ORG.Role))[0]
    g.set((role, SKOS.prefLabel, Literal("chairman", lang="en")))
    return '"chairman"@en'


def statement_without_sentence(g: Graph) -> str:
    statement = a_statement(g)
    g.remove((statement, PROV.wasDerivedFrom, None))
    return str(g.value(g.value(statement, RDF.subject), RDFS.label) or "")


def confidence_above_one(g: Graph) -> str:
    g.set((a_statement(g), ZT.confidence, Literal("1.5", datatype=DECIMAL)))
    return '"1.5"^^xsd:decimal'


def offset_as_text(g: Graph) -> str:
    sentence = a_sentence(g)
    g.set((sentence, ZT.start, Literal(str(g.value(sentence, ZT.start)))))
    return "zid:doc/"


def offsets_beyond_the_text(g: Graph) -> str:
    sentence = a_sentence(g)
    g.set((sentence, ZT.end, Literal(int(g.value(sentence, ZT.end)) + 3)))
    return str(g.value(sentence, ZT.text))[:10]


def sentence_without_document(g: Graph) -> str:
    g.remove((a_sentence(g), ZT.document, None))
    return "zid:doc/"


def date_as_plain_text(g: Graph) -> str:
    article = next(a for a in sorted(g.subjects(RDF.type, SCHEMA.NewsArticle)) if g.value(a, SCHEMA.datePublished))
    g.set((article, SCHEMA.datePublished, Literal(str(g.value(article, SCHEMA.datePublished)))))
    return str(g.value(article, SCHEMA.headline))[:10]


def article_without_headline(g: Graph) -> str:
    article = sorted(g.subjects(RDF.type, SCHEMA.NewsArticle))[0]
    g.remove((article, SCHEMA.headline, None))
    return "/article/"


def located_in_a_person(g: Graph) -> str:
    place = sorted(g.subjects(RDF.type, ZT.Place))[0]
    person = sorted(g.subjects(RDF.type, ZT.Person))[0]
    g.add((place, ZT.locatedIn, person))
    return str(g.value(person, RDFS.label))


def mention_of_a_role(g: Graph) -> str:
    article = sorted(g.subjects(RDF.type, SCHEMA.NewsArticle))[0]
    role = sorted(g.subjects(RDF.type, ORG.Role))[0]
    g.add((article, SCHEMA.mentions, role))
    return f"value: {g.value(role, SKOS.prefLabel)}"


def organizes_a_person(g: Graph) -> str:
    organization = sorted(g.subjects(RDF.type, ZT.Organization))[0]
    person = sorted(g.subjects(RDF.type, ZT.Person))[0]
    g.add((organization, ZT.organizes, person))
    return str(g.value(person, RDFS.label))


def place_participates(g: Graph) -> str:
    place = sorted(g.subjects(RDF.type, ZT.Place))[0]
    programme = sorted(g.subjects(RDF.type, ZT.Programme))[0]
    g.add((place, ZT.participatesIn, programme))
    return str(g.value(place, RDFS.label))


def relation_without_statement(g: Graph) -> str:
    a, b = sorted(g.subjects(RDF.type, ZT.Organization))[:2]
    g.add((a, ORG.subOrganizationOf, b))
    return str(g.value(b, RDFS.label))


def statement_of_a_missing_triple(g: Graph) -> str:
    m = a_membership(g)
    person, org = g.value(m, ORG.member), g.value(m, ORG.organization)
    g.remove((person, ORG.memberOf, org))
    return str(g.value(person, RDFS.label))


def membership_without_statement(g: Graph) -> str:
    m = a_membership(g)
    g.remove((None, ZT.membership, m))
    return str(g.value(g.value(m, ORG.member), RDFS.label))


def entity_with_two_types(g: Graph) -> str:
    person = sorted(g.subjects(RDF.type, ZT.Person))[0]
    g.add((person, RDF.type, ZT.Place))
    return str(g.value(person, RDFS.label))


def statement_without_activity(g: Graph) -> str:
    g.remove((a_statement(g), PROV.wasGeneratedBy, None))
    return "zid:doc/"


#: (how to break the sample graph, the kind line the report must show, what the
#: breaker returns must be on a focus line: a label, IRI part or value).
BROKEN: dict[str, tuple[Callable[[Graph], str], str]] = {
    "membership with two roles": (
        two_roles, "membership › org:role: a membership has exactly one org:role"),
    "membership without a member": (
        no_member, "membership › org:member: a membership has exactly one org:member"),
    "label without @zh": (
        label_without_zh, "entity › rdfs:label: an entity has exactly one rdfs:label, its canonical name, a non-empty @zh string"),
    "role label in English": (
        role_label_in_english, "role › skos:prefLabel: a role (org:Role, skos:Concept) has exactly one skos:prefLabel, a non-empty @zh string"),
    "statement without a sentence": (
        statement_without_sentence, "statement › prov:wasDerivedFrom: a statement is prov:wasDerivedFrom exactly one sentence"),
    "statement without an activity": (
        statement_without_activity, "statement › prov:wasGeneratedBy: a statement prov:wasGeneratedBy exactly one extraction activity"),
    "confidence above one": (
        confidence_above_one, "statement › zt:confidence: a statement has exactly one zt:confidence, an xsd:decimal in [0, 1]"),
    "offset as text": (
        offset_as_text, "sentence › zt:start: a sentence has exactly one zt:start, an xsd:integer offset"),
    "offsets beyond the text": (
        offsets_beyond_the_text, "sentence: the offsets do not fit the text"),
    "sentence without a document": (
        sentence_without_document, "sentence › zt:document: a sentence comes from exactly one zt:document"),
    "date as plain text": (
        date_as_plain_text, "article › schema:datePublished: an article has at most one schema:datePublished, an xsd:date"),
    "article without a headline": (
        article_without_headline, "article › schema:headline: an article has exactly one schema:headline"),
    "locatedIn a person": (
        located_in_a_person, "locatedIn › zt:locatedIn: zt:locatedIn points at a place (zt:Place)"),
    "mention of a role": (
        mention_of_a_role, "article › schema:mentions: schema:mentions points at an entity"),
    "organizes a person": (
        organizes_a_person, "organizes › zt:organizes: zt:organizes points at a programme or an event"),
    "place participates": (
        place_participates, "participatesIn › rdf:type: only people and organizations zt:participatesIn something"),
    "relation without a statement": (
        relation_without_statement, "relation provenance › org:subOrganizationOf: a relation without provenance"),
    "statement of a triple not asserted": (
        statement_of_a_missing_triple, "statement: the statement describes a triple the graph does not assert"),
    "membership without a statement": (
        membership_without_statement, "membership › ^zt:membership: a membership has an rdf:Statement"),
    "entity with two types": (
        entity_with_two_types, "entity › rdf:type: an entity has one entity type"),
}


@pytest.mark.parametrize("case", sorted(BROKEN))
def test_broken_graph_fails_with_a_readable_message(sample_graph: Graph, case: str) -> None:
    breaker, kind = BROKEN[case]
    shown = breaker(sample_graph)
    report = validate(sample_graph)
    assert not report.conforms
    text = report.format(examples=50)
    assert text.splitlines()[0].startswith("graph: does not conform: ")
    kind_lines = [line for line in text.splitlines() if line.startswith("[")]
    assert any(kind in line for line in kind_lines), text
    group = next(members for (shape, path, message), members in report.groups()
                 if kind in f"{shape} › {path}: {message}" or kind in f"{shape}: {message}")
    focus_lines = [v.line() for v in group]
    assert all(f"    {line}" in text for line in focus_lines)
    assert any(shown in line for line in focus_lines), (shown, focus_lines)
    # One thing broken, one kind of problem at most besides its echoes elsewhere.
    assert len(report.groups()) <= 3, text


def test_violations_are_grouped_and_counted(sample_graph: Graph) -> None:
    roles = sorted(sample_graph.subjects(RDF.type, ORG.Role))
    memberships = sorted(sample_graph.subjects(RDF.type, ORG.Membership))[:2]
    for membership in memberships:
        sample_graph.add((membership, ORG.role, next(r for r in roles if r != sample_graph.value(membership, ORG.role))))
    report = validate(sample_graph)
    text = report.format(examples=1)
    assert "does not conform: 2 violations of 1 kind (" in text
    assert "[2] membership › org:role: a membership has exactly one org:role, an org:Role" in text
    assert "    … and 1 more" in text


def test_validate_command_exits_1_and_names_the_problem(sample_graph: Graph, tmp_path: Path) -> None:
    two_roles(sample_graph)
    statement_without_sentence(sample_graph)
    path = tmp_path / "broken.ttl"
    sample_graph.serialize(path, format="turtle", encoding="utf-8")
    result = CliRunner().invoke(main, ["validate", str(path), "--examples", "2"])
    assert result.exit_code == 1
    assert result.output.startswith(f"{path}: does not conform: 2 violations of 2 kinds (")
    assert "[1] membership › org:role: a membership has exactly one org:role" in result.output
    assert "[1] statement › prov:wasDerivedFrom: a statement is prov:wasDerivedFrom exactly one sentence" in result.output
    assert "Traceback" not in result.output


def test_validate_command_reports_an_unreadable_file_in_one_line(tmp_path: Path) -> None:
    path = tmp_path / "broken.ttl"
    path.write_text("<a> <b> .", encoding="utf-8")
    result = CliRunner().invoke(main, ["validate", str(path)])
    assert result.exit_code == 2
    assert result.output.startswith(f"zhitu: error: {path}: not valid turtle")
    assert len(result.output.strip().splitlines()) == 1


# ------------------------------------------------------------------ the shapes


def test_shapes_are_valid_shacl(shapes: Graph) -> None:
    """The shapes graph conforms to SHACL's own shapes (shacl-shacl)."""
    conforms, _, text = pyshacl.validate(Graph(), shacl_graph=shapes, meta_shacl=True, advanced=True)
    assert conforms, text


def test_every_constraint_says_what_it_wants(shapes: Graph) -> None:
    for shape in shapes.subjects(RDF.type, SH.NodeShape):
        assert shapes.value(shape, RDFS.label) is not None, shape
    holders = set(shapes.objects(None, SH.property)) | set(shapes.objects(None, SH.sparql))
    assert len(holders) > 40
    for holder in holders:
        assert any(m.language == "en" for m in shapes.objects(holder, SH.message)), holder


def test_every_class_and_property_zhitu_writes_has_a_shape(shapes: Graph, sample_out: Path) -> None:
    written = Graph().parse(sample_out / "graph.ttl", format="turtle")
    targeted = set(shapes.objects(None, SH.targetClass)) | set(shapes.objects(None, SH.hasValue))
    classes = set(written.objects(None, RDF.type))
    assert classes - targeted == set()
    paths = set()
    for path in shapes.objects(None, SH.path):
        paths |= {n for n in shapes.transitive_objects(path, None) if isinstance(n, URIRef)}
        paths |= {o for _, o in shapes.predicate_objects(path) if isinstance(o, URIRef)}
    paths |= set(shapes.objects(None, SH.targetSubjectsOf))
    predicates = set(written.predicates()) - {RDF.type}
    assert predicates - paths == set()


#: A county whose city and province the text does not name: they come in as division nodes.
COUNTY_ONLY = "本报讯 9月2日，青岚县农民合作社的社员来到安吉县参观竹林。"


def test_every_targeted_class_occurs_in_the_sample(shapes: Graph, sample_dataset, tmp_path: Path) -> None:
    """No shape is dead: each class a shape targets is in the sample graph, or (the
    gazetteer's divisions, which the sample names itself) in a page built beside it,
    and that page conforms too."""
    page = tmp_path / "county.txt"
    page.write_text(COUNTY_ONLY, encoding="utf-8")
    county, _ = build_dataset([str(page)])
    assert_conforms(county)
    for cls in set(shapes.objects(None, SH.targetClass)):
        found = next(sample_dataset.subjects(RDF.type, cls), None) or next(county.subjects(RDF.type, cls), None)
        assert found is not None, cls


def test_named_graphs_are_merged_even_without_a_union_default(sample_dataset) -> None:
    separate = Dataset(default_union=False)
    for s, p, o, g in sample_dataset.quads((None, None, None, None)):
        separate.graph(g).add((s, p, o))
    assert next(separate.triples((None, None, None)), None) is None  # the default graph is empty
    assert len(merged_graph(separate)) == len(merged_graph(sample_dataset))
    assert validate(separate).conforms


def test_shapes_the_validator_cannot_run_are_a_one_line_error(sample_graph: Graph) -> None:
    bad = Graph().parse(data="""
        @prefix sh: <http://www.w3.org/ns/shacl#> .
        <urn:s> a sh:NodeShape ; sh:targetNode <urn:x> ;
            sh:sparql [ sh:select "SELECT $this WHERE { VALUES ?x { 1 } }" ] .
    """, format="turtle")
    with pytest.raises(ShapesError, match="VALUES"):
        validate(sample_graph, shapes=bad)


# ------------------------------------------------- pages at the edges of the layout


def test_a_single_paragraph_page_is_headed_by_its_lead(tmp_path: Path) -> None:
    """A page of one paragraph has no headline in its layout: its lead sentence heads it
    (an empty ""@zh headline failed the shapes)."""
    page = tmp_path / "one.txt"
    page.write_text("王立新在澄溪出席会议。\n", encoding="utf-8")
    out = tmp_path / "out"
    built = CliRunner().invoke(main, ["build", str(page), "--no-store", "--no-progress", "--out", str(out)])
    assert built.exit_code == 0, built.output
    result = CliRunner().invoke(main, ["validate", str(out / "graph.ttl")])
    assert result.exit_code == 0, result.output
    graph = Graph().parse(out / "graph.ttl")
    assert set(graph.objects(None, SCHEMA.headline)) == {Literal("王立新在澄溪出席会议", lang="zh")}


def test_a_long_lead_is_cut_for_a_headline() -> None:
    from zhitu.graph.rdf import headline_of
    from zhitu.read.model import Article

    lead = "青岚县" * 20 + "召开会议。后文"
    article = Article("p.txt", 0, 0, len(lead), "", 0)
    assert headline_of(article, lead) == lead[:39] + "…"
    assert headline_of(article, " \n ") == "p.txt#a0"
    assert headline_of(Article("p.txt", 0, 0, 4, "标题", 0), lead) == "标题"


def test_facts_without_a_name_or_role_are_left_out(tmp_path: Path) -> None:
    """An empty name, alias or role never becomes an empty literal: the entity, alias,
    merge or position is left out, and the graph still conforms."""
    from zhitu.extractors.facts import Entity, Merge, Relation
    from zhitu.extractors.pipeline import extract_articles
    from zhitu.graph.rdf import document_triples
    from zhitu.read.articles import split_articles
    from zhitu.read.reading import read_document

    page = tmp_path / "p.md"
    page.write_text("# 澄溪港务集团召开职代会\n\n澄溪港务集团有限公司董事长王立新出席会议并讲话。\n", encoding="utf-8")
    document = read_document(page)
    docs = list(extract_articles((document, a) for a in split_articles(document)))
    doc = docs[0]
    person = next(e for e in doc._.entities if e.label == "PER")
    body = next(e for e in doc._.entities if e.label == "ORG")
    sentence = next(r.sentence for r in doc._.relations)
    person.aliases.add("")
    doc._.entities = [*doc._.entities, Entity("PER", " ", {"x"}, [sentence])]
    doc._.merges = [*doc._.merges, Merge("PER", person.canonical, "", "alias")]
    doc._.relations = [*doc._.relations,
                       Relation(person.key, "holdsPosition", body.key, sentence, "rules", 0.9, role=""),
                       Relation(("PER", " "), "holdsPosition", body.key, sentence, "rules", 0.9, role="职工"),
                       Relation(person.key, "holdsPosition", body.key, (0, 0), "rules", 0.9, role="主席")]
    triples, _ = document_triples(document, docs)
    graph = Graph()
    for triple in triples:
        graph.add(triple)
    assert not [o for o in graph.objects() if isinstance(o, Literal) and not str(o).strip()]
    assert not [r for r in graph.objects(None, SKOS.prefLabel) if str(r) == "职工"]
    assert_conforms(graph)
