"""Library search with Pagefind: page markup, the search box, the chunked index.

``markup`` (pure) turns page data into the attributes and the search box, ``events`` puts
them on library pages and keeps those pages out of Sphinx's own index, and ``bundle``
writes the Pagefind bundle after a successful build, only when a library page changed.
"""
