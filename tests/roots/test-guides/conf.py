project = "Guides Library"
extensions = ["sphinx_quicktakes"]
quicktakes_base_url = "https://example.org/"
quicktakes_site_name = "Guide Tests"
version = "1.0"
copyright = "2026, Tests"
