"""Reading input pages: files, folders, globs, stdin and JSON Lines; decoding,
normalising and splitting a page into articles.

Not for: finding entities or relations (that is ``zhitu.extractors``).
"""
from zhitu.read.model import Article, Credit, Document, Skipped

__all__ = ["Article", "Credit", "Document", "Skipped"]
