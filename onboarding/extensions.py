"""The documented ways an app above onboarding adds to a project's pages.

Onboarding never imports the apps built on it (welcome_kits today; jobs,
housing, ambassadors, follow-up tomorrow). Each of them, in its
AppConfig.ready(), registers plain functions here:

- `register_timeline_provider(func)`: `func(project)` returns the app's
  `TimelineEntry`s for the project (a bounded number of queries); the one
  timeline (onboarding.timeline) merges them for the staff page and the API.
- `register_proposal_kind(ProposalKind(...))`: a kind of thing a referent
  proposes to a project (an employer's need, a housing offer, an
  ambassador): how its targets are loaded, what the prospect sees, the text
  they agree to when accepting, who is then put in touch and how, and the
  outcomes the referent records (onboarding.Proposal, services in
  onboarding.services.proposals).
- `register_retention_hold(func)`: `func()` returns the ids of the
  crm.Contact rows (a values queryset) the personal-data purge keeps while
  the person takes part in what the app runs (an active ambassador), as it
  keeps a person whose project is open (onboarding.services.retention).
- `register_section(page, func)`: `func(project)` returns a `Section`
  (a template and its context) or None; the page named `page` renders every
  section registered for it, in registration order. Pages: "project_page"
  (staff, workspace), "tracking_page" (the prospect's, intake), "welcome_kit"
  (the kit's PDF, welcome_kits).
- `register_follow_up_check(func)`: `func(project)` returns a
  `FollowUpCheck` (or None when the app has nothing to say on the project):
  what the app still awaits before the post-installation follow-up may be
  closed, and whether the person was heard from since the installation.
  The one transition contract reads them (onboarding.models.conditions:
  `close_follow_up`'s condition and permission), so the staff page's
  buttons and the API follow them alike (follow-up: the 24-month check-in).

What an app's tables hold about people is declared elsewhere, in the
registry of personal data (crm.personal_data), which every right walks.

A registry of providers rather than one event table: entries come from the
apps' own tables (kits, offers, visits...), which stay the truth, so nothing
is written twice and an erased person's rows leave the timeline with them.
"""

import contextlib
import contextvars
from collections.abc import Callable
from dataclasses import dataclass, field

PAGES = ("project_page", "tracking_page", "welcome_kit")

_timeline_providers = []
_sections = {page: [] for page in PAGES}


@dataclass(frozen=True)
class Section:
    template: str
    context: dict = field(default_factory=dict)


_retention_holds = []


def register_retention_hold(func):
    if func not in _retention_holds:
        _retention_holds.append(func)
    return func


def retention_holds():
    return tuple(_retention_holds)


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


_page_reads = contextvars.ContextVar("onboarding_page_reads", default=None)


@contextlib.contextmanager
def page_reads():
    """While a page is built, `project_read` reads each thing once: the
    history's provider and the section of one app (the proposals, the offers
    proposed...) share their queries. Outside it nothing is kept, so a
    service, a task or a test that reads, writes and reads again sees the
    write."""
    token = _page_reads.set({})
    try:
        yield
    finally:
        _page_reads.reset(token)


def project_read(project, key, load):
    """`load()`, read once per project and `key` within `page_reads()`."""
    reads = _page_reads.get()
    if reads is None:
        return load()
    if (project.pk, key) not in reads:
        reads[project.pk, key] = load()
    return reads[project.pk, key]


def sections_for(page, project):
    """The sections the apps give for this page and project, None left out."""
    return [section for func in _sections[page] if (section := func(project)) is not None]


@dataclass(frozen=True)
class FollowUpCheck:
    """An app's word on closing a project's follow-up (close_follow_up).

    - `waiting`: what it still awaits, in French ("le questionnaire à 24
      mois, envoyé le 02/03/2028, n'a ni réponse ni expiré"), "" for nothing:
      while any app waits, only a coordinator may close, with a written reason;
    - `heard`: the person answered after the installation, which counts as
      the follow-up exchange the transition asks for."""

    waiting: str = ""
    heard: bool = False


_follow_up_checks = []


def register_follow_up_check(func):
    if func not in _follow_up_checks:
        _follow_up_checks.append(func)
    return func


def follow_up_checks(project):
    """The registered apps' FollowUpCheck for `project`, None left out."""
    return [check for func in _follow_up_checks if (check := func(project)) is not None]


@dataclass(frozen=True)
class ProposalCounterpart:
    """Who is put in touch with the prospect once they accept (an employer's contact...)."""

    name: str
    email: str
    organisation: str = ""
    phone: str = ""
    # The language to write to them in (crm.languages): a person's (an
    # ambassador's); blank, French, for a partner organisation.
    language: str = ""


@dataclass(frozen=True)
class ProposalKind:
    """A kind of proposal (onboarding.Proposal.kind), registered by the app owning its targets.

    - `load(ids)`: {id: target} for these ids, in a bounded number of queries;
    - `available(target, project)`: may it be proposed to this project now
      (still open, same network...);
    - `describe(target)`: (title, [lines]) the prospect and the staff read;
    - `counterpart(target)`: a ProposalCounterpart, or None when nobody can be written to:
      written to once the prospect accepts, and once more if the referent
      withdraws the proposal after that acceptance;
    - `consent_text`/`consent_version`: what the prospect agrees to by accepting;
    - `outcomes`: {code: French label} the referent records afterwards, and
      `success` the code the reports count as a success;
    - `tell_prospect`: once the prospect accepts, they too are written to
      with the counterpart's contact (an ambassador: both write to each
      other), not only the counterpart with theirs.
    """

    code: str
    label: str
    load: Callable
    available: Callable
    describe: Callable
    counterpart: Callable
    consent_text: str
    consent_version: str
    outcomes: dict
    success: str = ""
    tell_prospect: bool = False


_proposal_kinds = {}


def register_proposal_kind(kind):
    _proposal_kinds[kind.code] = kind
    return kind


def proposal_kind(code):
    """The registered kind, or None (its app was removed: its rows stay, unnamed)."""
    return _proposal_kinds.get(code)


def proposal_kinds():
    return dict(_proposal_kinds)
