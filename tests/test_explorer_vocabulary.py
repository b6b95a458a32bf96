"""The explorer draws with the one vocabulary: the server puts
``zhitu.ontology.vocabulary.as_json()`` into the page, and the page's script
keeps no table of its own."""
from __future__ import annotations

import json
import re
import urllib.request
from pathlib import Path

import pytest

from zhitu.ontology import vocabulary
from zhitu.serve.app import make_server, serve_in_thread
from zhitu.store import open_store

STATIC = Path(__file__).resolve().parents[1] / "serve" / "static"


@pytest.fixture(scope="module")
def page(tmp_path_factory) -> str:
    folder = tmp_path_factory.mktemp("vocabulary") / "store"
    with open_store(folder):
        pass  # an empty store is enough to serve the page
    with open_store(folder, read_only=True) as store:
        server = make_server(store, quiet=True)
        serve_in_thread(server)
        try:
            with urllib.request.urlopen(server.url + "/", timeout=30) as answer:
                yield answer.read().decode("utf-8")
        finally:
            server.shutdown()
            server.server_close()


def test_the_page_carries_the_vocabulary(page: str) -> None:
    block = re.search(r'<script id="vocabulary" type="application/json">(.*?)</script>', page, re.S)
    assert block is not None
    assert json.loads(block.group(1)) == vocabulary.as_json()
    labels = {t["label"] for t in json.loads(block.group(1))["nodeTypes"]}
    assert set(vocabulary.ENTITY_LABELS) | {"ARTICLE", "OTHER"} == labels


def test_the_script_keeps_no_table_of_types_or_relations() -> None:
    script = (STATIC / "explorer.js").read_text(encoding="utf-8")
    for entry in (*vocabulary.NODE_TYPES, vocabulary.OTHER_TYPE):
        assert entry.color.lower() not in script.lower(), entry
    for entry in (*vocabulary.ENTITY_TYPES, vocabulary.OTHER_TYPE):  # 文章 is also the evidence panel's word
        assert entry.zh not in script, entry
    for relation in vocabulary.RELATIONS:
        assert relation.zh not in script, relation
