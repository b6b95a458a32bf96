"""Graph assembly: RDF (the truth) from the facts on Docs, and NetworkX derived from it."""
