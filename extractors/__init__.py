"""Finding entities and relations: a spaCy ``zh`` pipeline of registered
components over Baidu's LAC model. Facts live on the Doc (see ``facts``).

Not for: reading input (``zhitu.read``) or building graphs (``zhitu.graph``).
"""
