"""``zhitu ontology``: print the zhitu ontology (``ontology/zhitu.ttl``) or, with
``--shapes``, its SHACL shapes, in Turtle, RDF/XML, JSON-LD or N-Triples."""
from __future__ import annotations

import click

from zhitu.cli._common import friendly


@click.command(name="ontology")
@click.option("--format", "fmt", default="turtle", show_default=True, metavar="FORMAT",
              help="turtle (the file as written), xml, json-ld or nt.")
@click.option("--shapes", is_flag=True, help="Print the SHACL shapes (ontology/shapes.ttl) instead.")
@friendly
def command(fmt: str, shapes: bool) -> None:
    """Print the OWL ontology of the zt: terms (Turtle by default)."""
    from zhitu.ontology import serialize_ontology

    click.echo(serialize_ontology(fmt, shapes=shapes), nl=False)
