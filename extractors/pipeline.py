"""Building the extraction pipeline from its config, and running it over
articles in batches.

``load_pipeline()`` reads ``pipeline.cfg`` (or a config of the user's) into a
spaCy ``zh`` Language; ``extract_articles`` runs it: LAC over whole batches of
articles at once (the tokenizer's ``pipe``), then the components, one Doc per
article, carrying the article and its offset in the document text.
"""
from __future__ import annotations

from collections import deque
from collections.abc import Iterable, Iterator
from functools import cache
from pathlib import Path

from spacy.language import Language
from spacy.tokens import Doc

from zhitu.read.lexicon import Lexicon
from zhitu.read.model import Article, Document

DEFAULT_CONFIG = Path(__file__).with_name("pipeline.cfg")


def _register_components() -> None:
    # Importing the modules registers the tokenizer and the factories.
    from zhitu.extractors import tokenizer  # noqa: F401
    from zhitu.extractors.components import (  # noqa: F401
        credits, entity_rules, founded, holds_position, located_in, positions, programmes,
        resolution, sub_organization, verb_frames,
    )
    from zhitu.extractors.components import divisions  # noqa: F401
    from zhitu.extractors.components import user_lexicon  # noqa: F401
    from zhitu.extractors.facts import register_extensions

    register_extensions()


def load_pipeline(config_path: str | Path | None = None, *, overrides: dict | None = None,
                  lexicon: Lexicon | None = None) -> Language:
    """The pipeline described by a config file (zhitu's own by default).

    ``overrides`` take dotted config paths, as ``spacy train`` does:
    ``{"nlp.tokenizer.threads": 1}``. ``lexicon``: a user lexicon for the
    config's user lexicon components (``zhitu_lexicon_*``).
    """
    from spacy.util import load_config, load_model_from_config

    from zhitu.extractors.components import user_lexicon

    _register_components()
    overrides = dict(overrides or {})
    if lexicon:
        config = load_config(Path(config_path) if config_path else DEFAULT_CONFIG)
        for name, component in config["components"].items():
            if component.get("factory") in user_lexicon.FACTORIES:
                overrides[f"components.{name}.lexicon"] = lexicon.to_config()
    config = load_config(Path(config_path) if config_path else DEFAULT_CONFIG, overrides=overrides)
    return load_model_from_config(config, auto_fill=True)


@cache
def default_pipeline(threads: int | None = None, lexicon: Lexicon | None = None, *,
                     overlap: bool | None = None) -> Language:
    """zhitu's pipeline, loaded once per process (and user lexicon: a
    :class:`Lexicon` is equal to another by its digest); ``threads`` overrides
    LAC's onnxruntime threads and ``overlap`` the tokenizer's stage threads
    (worker processes use 1 and none)."""
    overrides: dict = {}
    if threads is not None:
        overrides["nlp.tokenizer.threads"] = threads
    if overlap is not None:
        overrides["nlp.tokenizer.overlap"] = overlap
    return load_pipeline(overrides=overrides or None, lexicon=lexicon or None)


def extract_articles(
    items: Iterable[tuple[Document, Article]], *, nlp: Language | None = None, batch_size: int = 256
) -> Iterator[Doc]:
    """One processed Doc per article, in input order, streaming.

    LAC reads the next batch of articles in a background thread while the
    components work on this one. A component that fails on an article leaves
    ``doc.user_data["zhitu.error"]`` set and the other articles go on.
    """
    nlp = nlp or default_pipeline()
    articles: deque[Article] = deque()

    def texts() -> Iterator[str]:
        for document, article in items:
            articles.append(article)
            yield document.text[article.start : article.end]

    for doc in nlp.tokenizer.pipe(texts(), batch_size=batch_size):
        article = articles.popleft()
        doc._.article = article
        doc._.offset = article.start
        yield run_components(nlp, doc)


def run_components(nlp: Language, doc: Doc) -> Doc:
    """Apply the pipeline's components to a tokenised Doc, recording the first failure."""
    if "zhitu.error" in doc.user_data:
        return doc
    for name, component in nlp.pipeline:
        try:
            doc = component(doc)
        except Exception as err:  # one bad article must not stop the run
            doc.user_data["zhitu.error"] = f"{name}: {type(err).__name__}: {err}"
            break
    return doc
