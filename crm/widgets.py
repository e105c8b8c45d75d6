"""Form widgets every side of the site shares."""

from django import forms


class EmailTextInput(forms.EmailInput):
    """An e-mail address kept as the person typed it.

    Chromium rewrites the domain of an <input type="email"> into punycode
    in what it submits (test@exämple.fr arrives as test@xn--exmple-cua.fr),
    so after any validation error the page would show back an address
    nobody typed. A text input with the e-mail keyboard (inputmode) submits
    the text itself; EmailField still validates it on the server.
    """

    input_type = "text"

    def __init__(self, attrs=None):
        super().__init__({"inputmode": "email", "spellcheck": "false", "autocapitalize": "none", **(attrs or {})})
