project = "Hostile </title><script>alert(0)</script>"
extensions = ["sphinx_quicktakes"]
quicktakes_base_url = "https://hostile.example.org/"
quicktakes_site_name = 'Q&A "Site" </script><script>alert(6)</script>'
quicktakes_image = 'https://hostile.example.org/card.png?a=1&b="2"'
quicktakes_image_alt = '"><script>alert(7)</script>'
quicktakes_twitter_site = '@x"><script>alert(8)</script>'
quicktakes_html_guides = False  # SEO tests: no EPUB/PDF guides in html builds
