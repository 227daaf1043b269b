"""Flashcards: a self-test page set per subject (pages, Quiz markup, browser behaviour).

``paging`` and ``pages`` make the MyST sources with the other library pages; ``quiz`` is the
Education Q&A JSON-LD; ``html`` adds head tags and the study script to html/dirhtml pages.
"""
