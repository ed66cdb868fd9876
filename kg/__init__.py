"""kg: knowledge graphs from Chinese news.

The public Python API:

* :func:`extract_text` / :func:`extract_file` — one article -> :class:`Extraction`
  (entities, relations, quotes, each with evidence);
* :func:`to_dataset` — extractions -> an rdflib ``Dataset`` (one named graph per article);
* :func:`write` — a dataset -> an RDF file (format from the extension);
* :func:`query` — SPARQL over an RDF file, returns a :class:`Table`;
* :func:`load_graph` — an RDF file (or the store) as a networkx graph of entities;
* :func:`visualize` — that graph as one self-contained, offline HTML page.

>>> import kg
>>> x = kg.extract_text("星河新材料股份有限公司与昆山市签约。", "t.txt")
>>> [(r.type, r.subject, r.object) for r in x.relations]
[('signedWith', 'Company:星河新材料股份有限公司', 'District:昆山市')]
"""

from __future__ import annotations

__version__ = "0.1.0"

__all__ = ["extract_text", "extract_file", "to_dataset", "write", "query", "load_graph", "visualize", "__version__"]


def __getattr__(name: str):
    # imported lazily so that ``import kg`` stays cheap (no jieba, no rdflib)
    if name in ("extract_text", "extract_file"):
        from . import pipeline

        return getattr(pipeline, name)
    if name == "to_dataset":
        from .rdf import to_dataset

        return to_dataset
    if name == "write":
        from .formats import write

        return write
    if name == "query":
        from .api import query

        return query
    if name == "load_graph":
        from .graphview import load_graph

        return load_graph
    if name == "visualize":
        from .viz import visualize

        return visualize
    raise AttributeError(name)
