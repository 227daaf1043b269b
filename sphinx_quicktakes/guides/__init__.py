"""Study guides: EPUB, PDF and Anki decks per subject and for the whole library.

``html`` registers the ``studyguide`` builder and, for ``html``/``dirhtml`` builds with
``quicktakes_html_guides``, builds the guides into ``<outdir>/_downloads/quicktakes/``
once the environment is up to date, then fills each subject and library page's download
placeholder with buttons. ``run`` builds the guides; ``plan`` says what each holds.
"""
