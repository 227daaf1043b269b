project = "Basic Library"
extensions = ["sphinx_quicktakes"]
quicktakes_base_url = "https://example.org/"
