"""graph.html past its node cut is the same page in every process (hash seeds differ)."""
from __future__ import annotations

import hashlib
import os
import subprocess
import sys

SCRIPT = """
import hashlib, networkx as nx
from zhitu.output.html import generate_html
g = nx.MultiDiGraph()
for i in range(60):
    g.add_node(f"https://example.org/id/organization/单位{i}", type="ORG", label=f"澄溪单位{i}", aliases="", mentions=1)
for i in range(1, 60):
    g.add_edge(f"https://example.org/id/organization/单位{i}", f"https://example.org/id/organization/单位{i // 3}",
               key="subOrganizationOf", relation="subOrganizationOf", role="", extractor="t", confidence=0.9)
print(hashlib.sha1(generate_html(g, max_nodes=20).encode()).hexdigest())
"""


def test_a_cut_page_does_not_depend_on_the_hash_seed() -> None:
    digests = set()
    for seed in ("1", "2", "3"):
        env = {**os.environ, "PYTHONHASHSEED": seed}
        out = subprocess.run([sys.executable, "-c", SCRIPT], env=env, capture_output=True, text=True, check=True)
        digests.add(out.stdout.strip())
    assert len(digests) == 1 and len(next(iter(digests))) == 40
