"""``zhitu.evaluation.ner`` and ``zhitu eval-ner``: reading NER corpora (char-per-line
BIO/BIOES/BMES and CLUENER JSON), exact span scoring, the side-by-side report.

The corpora here are written in the tests (invented sentences), never copied
from ../shared.
"""
from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from zhitu.cli import main
from zhitu.errors import InputError
from zhitu.evaluation.ner import (
    Sentence, evaluate, format_reports, lac_mentions, read_corpus, score, spans_from_tags,
)


def char_lines(text: str, tags: list[str], sep: str = "\t") -> str:
    assert len(text) == len(tags)
    return "".join(f"{c}{sep}{t}\n" for c, t in zip(text, tags))


@pytest.mark.parametrize(
    ("tags", "expected"),
    [
        (["B-PER", "I-PER", "O", "B-LOC"], [(0, 2, "PER"), (3, 4, "LOC")]),
        (["B-PER", "B-PER", "I-PER"], [(0, 1, "PER"), (1, 3, "PER")]),
        (["B-ORG", "I-LOC", "O"], [(0, 1, "ORG"), (1, 2, "LOC")]),  # a type change closes a mention
        (["O", "I-ORG", "I-ORG"], [(1, 3, "ORG")]),  # lenient: a stray I opens one
        (["B-LOC", "M-LOC", "E-LOC", "S-PER"], [(0, 3, "LOC"), (3, 4, "PER")]),  # BMES
        (["S-ORG", "E-ORG"], [(0, 1, "ORG"), (1, 2, "ORG")]),
        (["LOC-B", "LOC-I", "O"], [(0, 2, "LOC")]),  # type first
        (["B-NR", "I-NR", "B-NS", "B-NT"], [(0, 2, "PER"), (2, 3, "LOC"), (3, 4, "ORG")]),
        (["B-MISC", "I-MISC", "B-PER"], [(2, 3, "PER")]),  # unscored types read as O
        (["B-PER", "I-PER"], [(0, 2, "PER")]),  # a mention at the end
    ],
)
def test_spans_from_tags(tags, expected):
    assert spans_from_tags(tags) == expected


def test_read_char_tags_bio_and_bmes(tmp_path: Path):
    path = tmp_path / "c.bio"
    path.write_text(
        char_lines("李明去杭州", ["B-PER", "I-PER", "O", "B-LOC", "I-LOC"])
        + "\n\n"
        + char_lines("澄溪公司", ["B-ORG", "M-ORG", "M-ORG", "E-ORG"], sep=" ")
        + "\n",
        encoding="utf-8",
    )
    sentences = read_corpus(path)
    assert sentences == [
        Sentence("李明去杭州", frozenset({(0, 2, "PER"), (3, 5, "LOC")})),
        Sentence("澄溪公司", frozenset({(0, 4, "ORG")})),
    ]
    assert len(read_corpus(path, limit=1)) == 1


def test_read_char_tags_reports_bad_line(tmp_path: Path):
    path = tmp_path / "bad.bio"
    path.write_text("李\tB-PER\n明明\tI-PER\n", encoding="utf-8")
    with pytest.raises(InputError, match=r"bad\.bio:2"):
        read_corpus(path)


def test_read_cluener_maps_types_and_inclusive_offsets(tmp_path: Path):
    path = tmp_path / "c.json"
    record = {
        "text": "王晓东在澄溪市工商局和远航科技公司之间，读了一本书",
        "label": {
            "name": {"王晓东": [[0, 2]]},
            "government": {"澄溪市工商局": [[4, 9]]},
            "company": {"远航科技公司": [[11, 16]]},
            "book": {"一本书": [[22, 24]]},
        },
    }
    path.write_text(json.dumps(record, ensure_ascii=False) + "\n", encoding="utf-8")
    (sentence,) = read_corpus(path)
    assert sentence.mentions == {(0, 3, "PER"), (4, 10, "ORG"), (11, 17, "ORG")}
    assert sentence.text[4:10] == "澄溪市工商局"


def test_read_cluener_reports_bad_record(tmp_path: Path):
    path = tmp_path / "c.json"
    path.write_text('{"text": "甲", "label": {}}\n{"label": 3}\n', encoding="utf-8")
    with pytest.raises(InputError, match=r"c\.json:2"):
        read_corpus(path)


def test_missing_corpus_is_an_input_error(tmp_path: Path):
    with pytest.raises(InputError, match="cannot read"):
        read_corpus(tmp_path / "nope.bio")


def test_score_exact_match_per_type_and_micro():
    gold = [
        Sentence("x" * 10, frozenset({(0, 2, "PER"), (3, 5, "LOC")})),
        Sentence("y" * 10, frozenset({(0, 4, "ORG")})),
    ]
    predicted = [[(0, 2, "PER"), (3, 6, "LOC")], [(0, 4, "ORG"), (5, 6, "PER"), (7, 8, "MISC")]]
    report = score(gold, predicted, name="t", seconds=2.0)
    by_type = {t.type: t for t in report.types}
    assert (by_type["PER"].gold, by_type["PER"].predicted, by_type["PER"].matched) == (1, 2, 1)
    assert by_type["LOC"].f1 == 0.0
    assert by_type["ORG"].f1 == 1.0
    micro = report.micro
    assert (micro.gold, micro.predicted, micro.matched) == (3, 4, 2)
    assert micro.precision == pytest.approx(0.5)
    assert micro.recall == pytest.approx(2 / 3)
    assert report.chars_per_second == pytest.approx(10.0)
    table = format_reports([report])
    assert "micro" in table and "0.5000" in table and "10 chars/s" in table


def test_score_needs_one_prediction_per_sentence():
    with pytest.raises(ValueError):
        score([Sentence("a")], [])


def test_lac_mentions_offsets():
    words = [("李明", "PER"), ("在", "p"), ("杭州", "LOC"), ("工作", "v"), ("澄溪公司", "ORG")]
    assert lac_mentions(words) == [(0, 2, "PER"), (3, 5, "LOC"), (7, 11, "ORG")]


def test_evaluate_runs_the_tagger_once_after_warmup():
    calls = []

    def tagger(texts):
        calls.append(len(texts))
        return [[(0, 1, "PER")] for _ in texts]

    gold = [Sentence("ab", frozenset({(0, 1, "PER")}))] * 3
    report = evaluate(tagger, gold, name="t", warmup=2)
    assert calls == [2, 3]
    assert report.micro.f1 == 1.0


@pytest.fixture(scope="module")
def small_corpus(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("ner") / "small.bio"
    text = "记者王海涛报道，澄溪市总工会昨天在杭州召开会议。"
    tags = ["O", "O", "B-PER", "I-PER", "I-PER", "O", "O", "O"] + ["B-ORG"] + ["I-ORG"] * 5 + ["O", "O", "O"]
    tags += ["B-LOC", "I-LOC"] + ["O"] * 5
    path.write_text(char_lines(text, tags) + "\n", encoding="utf-8")
    return path


def test_cli_eval_ner_side_by_side(small_corpus: Path):
    result = CliRunner().invoke(main, ["eval-ner", str(small_corpus)])
    assert result.exit_code == 0, result.output
    assert "lac" in result.output and "zhitu" in result.output
    assert "1 sentences, 24 chars; gold mentions: PER 1, LOC 1, ORG 1" in result.output
    assert "NER alone" in result.output


def test_cli_eval_ner_json_one_model(small_corpus: Path):
    result = CliRunner().invoke(main, ["eval-ner", str(small_corpus), "--model", "lac", "--json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert list(data) == ["lac"]
    assert data["lac"]["micro"]["gold"] == 3
    assert data["lac"]["chars"] == 24


def test_cli_eval_ner_bad_corpus_is_one_line(tmp_path: Path):
    path = tmp_path / "bad.bio"
    path.write_text("李明\tB-PER\n", encoding="utf-8")
    result = CliRunner().invoke(main, ["eval-ner", str(path)])
    assert result.exit_code == 1  # a library error (the corpus), not a usage error
    assert result.output.strip().startswith("zhitu: error:") and "bad.bio:1" in result.output
    assert "Traceback" not in result.output


def test_cli_eval_ner_has_help():
    result = CliRunner().invoke(main, ["eval-ner", "--help"])
    assert result.exit_code == 0 and "CLUENER" in result.output


def test_cli_eval_ner_style_follows_the_corpus(tmp_path: Path):
    path = tmp_path / "c.json"
    record = {"text": "王晓东昨天去了澄溪市工商局。", "label": {"name": {"王晓东": [[0, 2]]}}}
    path.write_text(json.dumps(record, ensure_ascii=False) + "\n", encoding="utf-8")
    auto = CliRunner().invoke(main, ["eval-ner", str(path), "--model", "zhitu"])
    assert auto.exit_code == 0, auto.output
    assert "zhitu (cluener)" in auto.output
    news = CliRunner().invoke(main, ["eval-ner", str(path), "--model", "zhitu", "--style", "news", "--json"])
    assert json.loads(news.output)["zhitu"]["style"] == "news"


def test_cli_eval_ner_scores_the_pipeline_beside_the_model(small_corpus: Path):
    result = CliRunner().invoke(main, ["eval-ner", str(small_corpus), "--model", "zhitu", "--model", "pipeline",
                                       "--json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert list(data) == ["zhitu", "pipeline"]
    assert data["pipeline"]["micro"]["gold"] == 3 and data["pipeline"]["chars_per_second"] > 0
    assert data["zhitu"]["ner_chars_per_second"] > 0


def test_pipeline_tagger_keeps_people_places_and_organisations_only():
    from zhitu.evaluation.ner import PipelineTagger

    text = "记者王海涛报道，澄溪市总工会昨天在杭州召开会议。"
    (found,) = PipelineTagger()([text])
    assert all(kind in ("PER", "LOC", "ORG") and 0 <= s < e <= len(text) for s, e, kind in found)
    assert (2, 5, "PER") in found
