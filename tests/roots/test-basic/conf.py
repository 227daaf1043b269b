project = "Basic Library"
extensions = ["sphinx_quicktakes"]
quicktakes_base_url = "https://example.org/"
version = "1.0"
copyright = "2026, Tests"
