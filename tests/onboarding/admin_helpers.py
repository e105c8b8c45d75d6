"""Driving the admin's change forms as a browser does."""


def admin_post_data(response):
    """The change form of `response` as the browser sends it back, unchanged."""
    forms = [response.context["adminform"].form]
    for inline in response.context["inline_admin_formsets"]:
        forms += [inline.formset.management_form, *inline.formset.forms]
    data = {}
    for form in forms:
        for name in form.fields:
            value = form[name].value()
            if value is None or value is False:  # an unticked box is not sent
                continue
            data[form.add_prefix(name)] = [str(v) for v in value] if isinstance(value, list) else value
    return data
