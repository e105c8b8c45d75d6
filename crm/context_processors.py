"""Template context every page needs."""

from crm.middleware import is_staff_path


def public_side(request):
    """`public_page`: the prospects' side, where the language switch is shown
    (staff pages and the admin stay French: crm.middleware)."""
    return {"public_page": not is_staff_path(request.path_info)}
