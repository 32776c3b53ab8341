"""factcheck: a static fact-check microsite generator on MkDocs and Material."""

__version__ = "0.1.0"
