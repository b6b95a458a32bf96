"""The ontology file and the world-knowledge tables of ``zhitu.ontology``."""
from __future__ import annotations

import subprocess
import sys

import pyoxigraph
import pytest
import rdflib
from rdflib.namespace import OWL, RDF, RDFS

from zhitu.errors import UnknownChoiceError
from zhitu.ontology import NAMESPACE, ONTOLOGY_PATH, data_files, data_path
from zhitu.ontology import gazetteer
from zhitu.ontology.gazetteer import (
    Division,
    abbreviations,
    canonical_place,
    divisions,
    expand_org_suffix,
    org_suffixes,
)

# ------------------------------------------------------------------ places


@pytest.mark.parametrize(("name", "full"), [
    ("江苏", "江苏省"),
    ("新疆", "新疆维吾尔自治区"),
    ("广西", "广西壮族自治区"),
    ("内蒙古", "内蒙古自治区"),
    ("北京", "北京市"),
    ("南京", "南京市"),
    ("襄阳", "襄阳市"),
    ("保康", "保康县"),
    ("延边", "延边朝鲜族自治州"),
    ("香港", "香港特别行政区"),
    ("江苏省", "江苏省"),
    ("密云区", "密云区"),
    # A short form shared across levels means the highest division.
    ("吉林", "吉林省"),
    ("海南", "海南省"),
])
def test_canonical_place(name: str, full: str) -> None:
    assert canonical_place(name) == full


@pytest.mark.parametrize("name", ["朝阳区", "鼓楼区", "火星", "莒", "", "市辖区", "省直辖县级行政区划"])
def test_canonical_place_unknown_or_ambiguous(name: str) -> None:
    assert canonical_place(name) is None


def test_within_narrows_an_ambiguous_name() -> None:
    assert canonical_place("朝阳区", within="北京") == "朝阳区"
    assert [d.code for d in divisions().chain("朝阳", within="北京市")][-1] == "110000"
    assert canonical_place("朝阳区", within="江苏") is None
    assert divisions().canonical_place("朝阳", within="北京") == "朝阳区"


def test_ambiguous_name_gives_every_division() -> None:
    found = divisions().by_name("朝阳区")
    assert len(found) == 2
    assert {divisions().parent(d).name for d in found} == {"北京市", "长春市"}
    assert [d.name for d in divisions().by_name("吉林")] == ["吉林省", "吉林市"]


def test_county_chain() -> None:
    assert [d.name for d in divisions().chain("保康县")] == ["保康县", "襄阳市", "湖北省"]
    assert [d.level for d in divisions().chain("保康")] == ["county", "prefecture", "province"]


@pytest.mark.parametrize(("name", "parent"), [
    ("密云区", "北京市"),   # a municipality's district skips the 市辖区 placeholder
    ("浦东新区", "上海市"),
    ("仙桃市", "湖北省"),   # 省直辖县级行政区划
    ("石河子市", "新疆维吾尔自治区"),
    ("襄阳市", "湖北省"),
])
def test_parent(name: str, parent: str) -> None:
    (division,) = divisions().by_name(name)
    assert divisions().parent(division).name == parent


def test_province_has_no_parent() -> None:
    (hubei,) = divisions().by_name("湖北省")
    assert divisions().parent(hubei) is None
    assert divisions().chain(hubei) == [hubei]


@pytest.mark.parametrize(("name", "short"), [
    ("江苏省", "江苏"),
    ("新疆维吾尔自治区", "新疆"),
    ("北京市", "北京"),
    ("襄阳市", "襄阳"),
    ("保康县", "保康"),
    ("莒县", ""),
    ("延边朝鲜族自治州", "延边"),
    ("湘西土家族苗族自治州", "湘西"),
    ("鄂温克族自治旗", "鄂温克"),
    ("巴林左旗", ""),
    ("神农架林区", "神农架"),
    ("会同县", ""),        # an everyday word: keeps its full name only
])
def test_short_form(name: str, short: str) -> None:
    (division,) = divisions().by_name(name)
    assert division.short == short


def test_table_is_consistent() -> None:
    table = divisions()
    rank = {"province": 0, "prefecture": 1, "county": 2}
    assert len(table) > 3000
    assert sum(d.level == "province" for d in table) == 34
    for d in table:
        assert isinstance(d, Division)
        assert len(d.code) == 6 and d.code.isdigit()
        assert d.name not in {"市辖区", "县", "省直辖县级行政区划"}
        parent = table.parent(d)
        assert (parent is None) == (d.level == "province")
        if parent is not None:
            assert rank[parent.level] < rank[d.level]
            assert d.code[:2] == parent.code[:2]


def test_nothing_is_read_at_import() -> None:
    code = ("import zhitu.ontology.gazetteer as g; "
            "assert g.divisions.cache_info().currsize == 0; "
            "assert g.abbreviations.cache_info().currsize == 0")
    subprocess.run([sys.executable, "-c", code], check=True)


# ------------------------------------------------- abbreviations and suffixes


@pytest.mark.parametrize(("short", "full", "kind"), [
    ("全总", "中华全国总工会", "ORG"),
    ("团中央", "中国共产主义青年团中央委员会", "ORG"),
    ("全国妇联", "中华全国妇女联合会", "ORG"),
    ("党中央", "中国共产党中央委员会", "ORG"),
    ("中共中央", "中国共产党中央委员会", "ORG"),
    ("人社部", "人力资源和社会保障部", "ORG"),
    ("国家发改委", "国家发展和改革委员会", "ORG"),
    ("新华社", "新华通讯社", "ORG"),
    ("兵团", "新疆生产建设兵团", "ORG"),
    ("国网", "国家电网有限公司", "ORG"),
    ("进博会", "中国国际进口博览会", "EVENT"),
    ("长三角", "长江三角洲", "LOC"),
])
def test_abbreviation(short: str, full: str, kind: str) -> None:
    assert abbreviations()[short] == (full, kind)


def test_abbreviation_table() -> None:
    table = abbreviations()
    assert len(table) >= 150
    assert {kind for _, kind in table.values()} == {"ORG", "EVENT", "LOC"}
    assert all(short != full for short, (full, _) in table.items())
    with pytest.raises(TypeError):
        table["全总"] = ("x", "ORG")  # type: ignore[index]


@pytest.mark.parametrize(("name", "full"), [
    ("市人社局", "市人力资源和社会保障局"),
    ("大同市总", "大同市总工会"),
    ("江苏省总", "江苏省总工会"),
    ("市总", "市总工会"),
    ("某市住建局", "某市住房和城乡建设局"),
    ("某区市场监管局", "某区市场监督管理局"),
    ("某省文旅厅", "某省文化和旅游厅"),
    ("某市卫健委", "某市卫生健康委员会"),
    ("某市妇联", "某市妇女联合会"),
    ("某市检察院", "某市人民检察院"),
    ("某市政府", "某市人民政府"),
    ("某省政协", "中国人民政治协商会议某省委员会"),
    ("某市委", "中国共产党某市委员会"),
    ("中共某市委", "中国共产党某市委员会"),
    ("大同团市委", "共青团大同市委员会"),
    ("共青团某市委", "共青团某市委员会"),
    ("某油田党委", "中国共产党某油田委员会"),
    # Already full: returned as is.
    ("大同市总工会", "大同市总工会"),
    ("某市公安局", "某市公安局"),
    ("最高人民检察院", "最高人民检察院"),
])
def test_expand_org_suffix(name: str, full: str) -> None:
    assert expand_org_suffix(name) == full


@pytest.mark.parametrize("name", ["人社局", "市委", "某某公司", "各级", ""])
def test_expand_org_suffix_no_match(name: str) -> None:
    assert expand_org_suffix(name) is None


def test_suffix_table_has_prefixes_only_where_given() -> None:
    entries = org_suffixes()
    assert any(e.prefixes == ("中国共产党", "中共") for e in entries)
    assert all(e.short and e.full for e in entries)


# ---------------------------------------------------------------- files


def test_ethnic_groups_are_the_56_of_the_standard() -> None:
    rows = gazetteer._read_tsv("ethnic_groups.tsv")
    assert [row["code"] for row in rows] == [f"{i:02d}" for i in range(1, 57)]
    assert len(gazetteer.ethnic_groups()) == 56 and all(name.endswith("族") for name in gazetteer.ethnic_groups())
    assert {"汉族", "蒙古族", "土族", "土家族", "基诺族"} <= gazetteer.ethnic_groups()


def test_data_path() -> None:
    assert {"divisions.tsv", "abbreviations.tsv", "org_suffixes.tsv"} <= set(data_files())
    assert data_path("divisions.tsv").is_file()
    with pytest.raises(UnknownChoiceError, match="divisions.tsv"):
        data_path("divisons.tsv")
    with pytest.raises(UnknownChoiceError):
        data_path("../zhitu.ttl")


# ------------------------------------------------------------- ontology


@pytest.fixture(scope="module")
def ontology() -> rdflib.Graph:
    return rdflib.Graph().parse(ONTOLOGY_PATH, format="turtle")


def test_ontology_parses_in_pyoxigraph(ontology: rdflib.Graph) -> None:
    store = pyoxigraph.Store()
    store.load(path=str(ONTOLOGY_PATH), format=pyoxigraph.RdfFormat.TURTLE)
    assert len(store) == len(ontology)


def test_ontology_header(ontology: rdflib.Graph) -> None:
    iri = rdflib.URIRef(NAMESPACE.rstrip("#"))
    assert (iri, RDF.type, OWL.Ontology) in ontology
    assert ontology.value(iri, OWL.versionInfo) == rdflib.Literal("0.1.0")
    assert ontology.value(iri, OWL.versionIRI) == rdflib.URIRef(NAMESPACE.rstrip("#") + "/0.1.0")


def _own_terms(ontology: rdflib.Graph) -> list[rdflib.URIRef]:
    kinds = (OWL.Class, OWL.ObjectProperty, OWL.DatatypeProperty)
    return sorted(
        {s for kind in kinds for s in ontology.subjects(RDF.type, kind) if str(s).startswith(NAMESPACE)}
    )


def test_every_term_has_zh_and_en_labels_and_a_comment(ontology: rdflib.Graph) -> None:
    terms = _own_terms(ontology)
    assert len(terms) >= 25
    for term in terms:
        labels = {lit.language for lit in ontology.objects(term, RDFS.label)}
        comments = {lit.language for lit in ontology.objects(term, RDFS.comment)}
        assert {"zh", "en"} <= labels, term
        assert "en" in comments, term


@pytest.mark.parametrize(("term", "parent"), [
    ("Person", "https://schema.org/Person"),
    ("Person", "http://xmlns.com/foaf/0.1/Person"),
    ("Organization", "http://www.w3.org/ns/org#Organization"),
    ("Place", "https://schema.org/Place"),
    ("Event", "https://schema.org/Event"),
    ("Programme", "http://www.w3.org/ns/prov#Plan"),
    ("Document", "http://www.w3.org/ns/prov#Entity"),
])
def test_classes_map_onto_shared_vocabularies(ontology: rdflib.Graph, term: str, parent: str) -> None:
    assert (rdflib.URIRef(NAMESPACE + term), RDFS.subClassOf, rdflib.URIRef(parent)) in ontology


def test_terms_the_graph_writes_are_defined(ontology: rdflib.Graph) -> None:
    needed = ["Person", "Organization", "Place", "Programme", "Event", "locatedIn", "organizes",
              "participatesIn", "photographer", "datelinePlace", "extractor", "confidence",
              "start", "end", "document", "article", "sentence", "mergedFrom", "mergeReason"]
    defined = {str(t) for t in _own_terms(ontology)}
    assert {NAMESPACE + n for n in needed} <= defined
    organizes = rdflib.URIRef(NAMESPACE + "organizes")
    assert ontology.value(organizes, OWL.inverseOf) == rdflib.URIRef("https://schema.org/organizer")
