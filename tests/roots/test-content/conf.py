project = "Sample Library"
extensions = ["sphinx_quicktakes"]
quicktakes_base_url = "https://example.org/"
# quicktakes_content_dir is set by the tests (the repository's content/ or the real sample).
version = "1.0"
copyright = "2026, Tests"
