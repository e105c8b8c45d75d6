"""The documented ways an app above onboarding adds to a project's pages.

Onboarding never imports the apps built on it (welcome_kits today; jobs,
housing, ambassadors, follow-up tomorrow). Each of them, in its
AppConfig.ready(), registers plain functions here:

- `register_timeline_provider(func)`: `func(project)` returns the app's
  `TimelineEntry`s for the project (a bounded number of queries); the one
  timeline (onboarding.timeline) merges them for the staff page and the API.
- `register_section(page, func)`: `func(project)` returns a `Section`
  (a template and its context) or None; the page named `page` renders every
  section registered for it, in registration order. Pages: "project_page"
  (staff, workspace), "tracking_page" (the prospect's, intake), "welcome_kit"
  (the kit's PDF, welcome_kits).

What an app's tables hold about people is declared elsewhere, in the
registry of personal data (crm.personal_data), which every right walks.

A registry of providers rather than one event table: entries come from the
apps' own tables (kits, offers, visits...), which stay the truth, so nothing
is written twice and an erased person's rows leave the timeline with them.
"""

from dataclasses import dataclass, field

PAGES = ("project_page", "tracking_page", "welcome_kit")

_timeline_providers = []
_sections = {page: [] for page in PAGES}


@dataclass(frozen=True)
class Section:
    template: str
    context: dict = field(default_factory=dict)


def register_timeline_provider(func):
    if func not in _timeline_providers:
        _timeline_providers.append(func)
    return func


def timeline_providers():
    return tuple(_timeline_providers)


def register_section(page, func):
    if page not in _sections:
        raise ValueError(f"unknown page {page!r}; pages: {', '.join(PAGES)}")
    if func not in _sections[page]:
        _sections[page].append(func)
    return func


def sections_for(page, project):
    """The sections the apps give for this page and project, None left out."""
    return [section for func in _sections[page] if (section := func(project)) is not None]
