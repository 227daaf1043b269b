project = "Adversarial Library"
extensions = ["sphinx_quicktakes"]
quicktakes_base_url = "https://example.org/"
# The HTML build is what these tests check; study guides are tested on their own.
quicktakes_html_guides = False

# A site that turned on every MyST extension: none of them may make an answer do anything.
myst_enable_extensions = [
    "amsmath",
    "attrs_block",
    "attrs_inline",
    "colon_fence",
    "deflist",
    "dollarmath",
    "fieldlist",
    "html_admonition",
    "html_image",
    "strikethrough",
    "substitution",
    "tasklist",
]
# Substitutions that would show if an answer could use them.
_SUBSTITUTED = "QTX-SUBSTITUTED"
myst_substitutions = dict.fromkeys(
    ("x", "payload", "question", "author", "subject", "body_substitution"), _SUBSTITUTED
)
