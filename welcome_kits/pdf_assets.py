"""How the kit's template names its assets, apart from the fetcher that
serves them: template tags load with every template engine, and must not pull
in WeasyPrint (slow to import, and loud at import) in web processes."""

SCHEME = "kit-static"
STATIC_PREFIX = "pdf/"  # the kit's own assets; nothing else of the site


def static_url(path):
    return f"{SCHEME}:{path}"
