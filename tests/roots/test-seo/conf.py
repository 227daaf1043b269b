project = "Discoverable Library"
extensions = ["sphinx_quicktakes"]
quicktakes_base_url = "https://learn.example.com/"
quicktakes_site_name = "QuickTakes"
quicktakes_image = "https://learn.example.com/_static/card.png"
quicktakes_image_alt = "The QuickTakes card"
quicktakes_twitter_site = "@quicktakes"
quicktakes_html_guides = False  # SEO tests: no EPUB/PDF guides in html builds
