"""``zhitu eval-ner``: score LAC and zhitu's trained NER on a NER corpus, side by side."""
from __future__ import annotations

import json
from dataclasses import replace

import click

from zhitu.cli._common import friendly


@click.command("eval-ner")
@click.argument("corpus", type=click.Path(exists=True, dir_okay=False))
@click.option("--model", "models", multiple=True, type=click.Choice(["lac", "zhitu", "pipeline"]),
              help="Model(s) to score; default: lac and zhitu. pipeline: the entities `zhitu extract --lines` "
                   "reports (the NER, then the rule components).")
@click.option("--limit", type=int, default=0, show_default=True, help="Score the first N sentences only (0: all).")
@click.option("--model-dir", type=click.Path(exists=True, file_okay=False),
              help="A trained model folder to score as zhitu (default: the shipped one).")
@click.option("--style", type=click.Choice(["auto", "news", "cluener"]), default="auto", show_default=True,
              help="The annotation convention the zhitu model follows; auto: cluener for CLUENER JSON, else news.")
@click.option("--json", "as_json", is_flag=True, help="Print the figures as JSON instead of a table.")
@friendly
def command(corpus: str, models: tuple[str, ...], limit: int, model_dir: str | None,
            style: str, as_json: bool) -> None:
    """Score PER/LOC/ORG mentions in CORPUS: P/R/F1 per type and micro, and chars/s.

    CORPUS is char-per-line (``char TAG``, BIO/BIOES/BMES, blank line between
    sentences) or CLUENER JSON lines (name → PER; organization, government,
    company → ORG; address → LOC; other labels are not scored). Matching is
    exact: same start, end and type. The zhitu model's time includes LAC,
    whose words it reads; the NER's own share is printed beside it. The
    pipeline's time is the whole extraction's (``zhitu extract --lines``). The model
    learnt two annotation conventions (MSRA's news and CLUENER's, which
    leaves most country and city names unlabelled); --style picks one.
    """
    from zhitu.evaluation.ner import TAGGERS, ZhituTagger, corpus_format, evaluate, format_reports, read_corpus

    if style == "auto":
        style = "cluener" if corpus_format(corpus) == "cluener" else "news"

    sentences = read_corpus(corpus, limit=limit)
    if not sentences:
        raise click.UsageError(f"{corpus}: no sentences")
    reports, extra = [], []
    for name in models or ("lac", "zhitu"):
        tagger = ZhituTagger(model_dir, style=style) if name == "zhitu" else TAGGERS[name]()
        report = evaluate(tagger, sentences, name=name)
        if name == "zhitu":
            report = replace(report, name=f"zhitu ({style})")
        reports.append(report)
        if isinstance(tagger, ZhituTagger) and tagger.ner_seconds:
            extra.append((report.chars, tagger.ner_seconds))
    if as_json:
        out = {r.name.split()[0]: r.to_dict() for r in reports}
        for chars, seconds in extra:
            out["zhitu"]["style"] = style
            out["zhitu"]["ner_chars_per_second"] = chars / seconds
        click.echo(json.dumps(out, ensure_ascii=False, indent=2))
        return
    click.echo(format_reports(reports))
    for chars, seconds in extra:
        click.echo(f"zhitu NER alone (after LAC): {chars / seconds:,.0f} chars/s ({seconds:.2f} s)")
