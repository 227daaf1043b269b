"""Sharded builds: a library built as independent Sphinx projects of a few subjects each.

:mod:`~sphinx_quicktakes.shards.spec` is what one shard's build knows of its part;
:mod:`~sphinx_quicktakes.shards.plan` splits a library into shards;
:mod:`~sphinx_quicktakes.shards.project` lays out and builds one shard;
:mod:`~sphinx_quicktakes.shards.assemble` joins the shards into one site.
"""
