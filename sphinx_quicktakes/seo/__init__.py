"""SEO and discoverability: titles, meta tags, canonical URLs, JSON-LD, sitemap, feeds.

Pure builders (``text``, ``titles``, ``tags``, ``jsonld``, ``sitemap``, ``feeds``,
``robots``, ``urls``) turn page data into markup; ``site`` reads that data from the
environment, ``context`` puts it in each page's ``<head>``, ``files`` writes the site files
and ``events`` connects them to Sphinx.
"""
