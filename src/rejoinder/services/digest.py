"""A site's weekly digest for editors (issue 18): the stories most discussed in the last 7 days,
each with its comment count, its temperature (the busiest interval, the flagged share, the
heated moments) and its main viewpoints, as its stored insight (services/insight.py) has them.

Read by the dashboard's digest page, and mailed weekly to the staff of each site whose
`digest_mail` setting is on (docs/insight.md#the-weekly-digest). A story whose insight no job
has stored yet is listed without them: the digest computes nothing itself (ten stories of 10,000
comments would take half a minute).

The mail: an hourly job (`digest.weekly`, one per hour across all workers, as every periodic
job) acts only in the day after Monday 07:00 UTC, the start of a mail week. Each site with the
setting on gets one `digest.site` job for the week (by key), which reads the digest of the 7
days before that Monday 07:00 and, when it lists a story, queues one `digest.mail` per
recipient (again by key): the site's moderators and the install's admins with a confirmed
address, as queue alerts pick them. The day's window keeps a week's keys unique: done jobs are
kept two days (services/housekeeping.py), so no key of the week is gone before the window
closes, and a worker that was down on Monday morning still sends that day.
"""

from __future__ import annotations

import html
from dataclasses import dataclass, replace
from datetime import UTC, datetime, time, timedelta
from functools import partial
from typing import Any
from urllib.parse import quote

from sqlalchemy.ext.asyncio import AsyncSession

from rejoinder.domain.errors import Forbidden
from rejoinder.domain.principal import Principal
from rejoinder.i18n.digest_mail import Translate, translator
from rejoinder.i18n.locales import day, direction, moment, span
from rejoinder.services import access, jobs, mail, reply_subscriptions, roles
from rejoinder.services.runtime import Runtime
from rejoinder.storage.models import Account, Site
from rejoinder.storage.repositories import accounts as account_repo
from rejoinder.storage.repositories import digest as digest_repo
from rejoinder.storage.repositories import insights as insight_repo
from rejoinder.storage.repositories import queue_alerts as staff_repo
from rejoinder.storage.repositories import sites as site_repo

WINDOW = timedelta(days=7)
TOP_STORIES = 10
TOP_VIEWPOINTS = 3

WEEKLY_JOB = "digest.weekly"
SITE_JOB = "digest.site"
MAIL_JOB = "digest.mail"
SEND_AT = time(7, tzinfo=UTC)  # on Mondays: a mail week starts then
CATCH_UP = timedelta(days=1)  # a week's mail goes out at most this long after it started


@dataclass(frozen=True)
class Peak:
    start: datetime
    end: datetime
    comments: int


@dataclass(frozen=True)
class DigestStory:
    key: str
    title: str
    url: str
    comments: int  # posted in the window
    computed_at: datetime | None  # None: no insight stored yet (the rest is empty then)
    peak: Peak | None = None  # the interval with the most comments
    flagged_share: float | None = None  # of all the story's comments insight read
    heated: int = 0  # heated intervals
    viewpoints: tuple[str, ...] = ()  # labels of the largest viewpoints


@dataclass(frozen=True)
class Digest:
    site_slug: str
    site_name: str
    since: datetime
    now: datetime
    stories: list[DigestStory]


def _time(value: Any) -> datetime:
    return value if isinstance(value, datetime) else datetime.fromisoformat(str(value))


def summarise(
    key: str, title: str, url: str, comments: int, payload: dict[str, Any] | None,
    computed_at: datetime | None,
) -> DigestStory:  # fmt: skip
    """A story's line of the digest from its stored insight's JSON (None: none stored)."""
    if payload is None:
        return DigestStory(key, title, url, comments, None)
    intervals = [i for i in payload.get("temperature") or [] if isinstance(i, dict)]
    peak = max(intervals, key=lambda i: int(i.get("comments") or 0), default=None)
    total = sum(int(i.get("comments") or 0) for i in intervals)
    flagged = sum(int(i.get("flagged") or 0) for i in intervals)
    viewpoints = sorted(
        (v for v in payload.get("viewpoints") or [] if isinstance(v, dict)),
        key=lambda v: -float(v.get("share") or 0.0),
    )
    return DigestStory(
        key, title, url, comments, computed_at,
        peak=Peak(_time(peak["start"]), _time(peak["end"]), int(peak.get("comments") or 0))
        if peak else None,
        flagged_share=flagged / total if total else None,
        heated=sum(1 for i in intervals if i.get("heated")),
        viewpoints=tuple(str(v.get("label") or "") for v in viewpoints[:TOP_VIEWPOINTS]),
    )  # fmt: skip


async def digest_of(
    session: AsyncSession, rt: Runtime, site: Site, now: datetime | None = None
) -> Digest:
    """The digest of the 7 days before `now` (by default the runtime's clock)."""
    now = now or rt.now()
    since = now - WINDOW
    busiest = await digest_repo.most_discussed(session, site.id, since, TOP_STORIES)
    stories = []
    for story in busiest:
        row = await insight_repo.get(session, story.story_id)
        payload, computed_at = (row.payload, row.computed_at) if row else (None, None)
        stories.append(
            summarise(story.key, story.title, story.url, story.comments, payload, computed_at)
        )
    return Digest(site.slug, site.name, since, now, stories)


async def digest(session: AsyncSession, rt: Runtime, slug: str, principal: Principal) -> Digest:
    """The site's digest, for its moderators and admins."""
    site = await access.access_site_as_moderator(session, slug, principal)
    return await digest_of(session, rt, site)


# --- the weekly mail ---------------------------------------------------------------------------


def week_of(now: datetime) -> datetime:
    """The Monday 07:00 UTC that began the mail week `now` is in."""
    shifted = now.astimezone(UTC) - timedelta(hours=SEND_AT.hour)
    monday = shifted.date() - timedelta(days=shifted.weekday())
    return datetime.combine(monday, SEND_AT)


@jobs.job(WEEKLY_JOB, every=timedelta(hours=1))
async def _weekly(session: AsyncSession, rt: Runtime, _payload: jobs.Payload) -> None:
    """In the day after Monday 07:00 UTC: one `digest.site` job per site with the mail on."""
    week = week_of(rt.now())
    if rt.now() - week >= CATCH_UP:
        return
    stamp = int(week.timestamp())
    for site in await site_repo.list_all(session):
        if access.settings_of(site).digest_mail:
            payload = {"site_id": site.id, "week": week.isoformat()}
            await jobs.enqueue(session, rt, SITE_JOB, payload, key=f"{SITE_JOB}:{site.id}:{stamp}")


async def _mailing_site(session: AsyncSession, site_id: int) -> Site | None:
    site = await site_repo.get(session, site_id)
    return site if site is not None and access.settings_of(site).digest_mail else None


@jobs.job(SITE_JOB)
async def _site_digest(session: AsyncSession, rt: Runtime, payload: jobs.Payload) -> None:
    """A week's digest of one site: nothing discussed, no mail; else one job per recipient."""
    site = await _mailing_site(session, int(payload["site_id"]))
    week = datetime.fromisoformat(str(payload["week"]))
    if site is None or not (await digest_of(session, rt, site, week)).stories:
        return
    stamp = int(week.timestamp())
    for account in await staff_repo.staff_with_mail(session, site.id):
        key = f"{MAIL_JOB}:{site.id}:{account.id}:{stamp}"
        mail_job = {"site_id": site.id, "account_id": account.id, "week": week.isoformat()}
        await jobs.enqueue(session, rt, MAIL_JOB, mail_job, key=key)


@jobs.job(MAIL_JOB, max_attempts=12)
async def _mail(session: AsyncSession, rt: Runtime, payload: jobs.Payload) -> jobs.Delivery | None:
    site = await _mailing_site(session, int(payload["site_id"]))
    account = await account_repo.get(session, int(payload["account_id"]))
    if site is None or account is None or not await roles.still_staff(session, site.id, account):
        return None
    found = await digest_of(session, rt, site, datetime.fromisoformat(str(payload["week"])))
    if not found.stories:
        return None
    language = account.language or access.settings_of(site).dsa.language
    try:
        message = compose(rt, found, account, language)
    except Forbidden:
        return None  # the address is no longer confirmed
    sent = reply_subscriptions.sender_of(rt, site, message)  # the site's own sender
    return partial(mail.deliver, rt.mail, rt.settings, sent)


# --- the mail's text ---------------------------------------------------------------------------


def _absolute(rt: Runtime, path: str) -> str:
    """A link from the configured public URL only (SECURITY 20)."""
    return f"{rt.settings.public_url.rstrip('/')}{path}"


def insight_link(rt: Runtime, site_slug: str, story_key: str) -> str:
    return _absolute(
        rt, f"/admin/sites/{quote(site_slug, safe='')}/stories/{quote(story_key, safe='')}/insight"
    )


def _interval(peak: Peak, code: str) -> str:
    return span(peak.start, peak.end, code)


def _facts(t: Translate, story: DigestStory, code: str) -> list[str]:
    """What the mail says of a story, one line each (as the digest page's columns)."""
    facts = [t("comments", n=story.comments)]
    if story.computed_at is None:
        return [*facts, t("not_computed")]
    if story.peak is not None:
        facts.append(t("peak", interval=_interval(story.peak, code), n=story.peak.comments))
    if story.heated:
        facts.append(t("heated", n=story.heated))
    if story.flagged_share is not None:
        facts.append(t("flagged", share=f"{story.flagged_share * 100:.0f} %"))
    labels = "; ".join(label for label in story.viewpoints if label)
    facts.append(t("viewpoints", labels=labels) if labels else t("no_viewpoints"))
    return facts


def _title(story: DigestStory) -> str:
    return f"{story.title} ({story.key})" if story.title and story.title != story.key else story.key


def _text(rt: Runtime, t: Translate, found: Digest, name: str, code: str) -> str:
    lines = [t("greeting", name=name), "", _intro(t, found, code), ""]
    for n, story in enumerate(found.stories, 1):
        lines.append(f"{n}. {_title(story)}")
        lines += [f"   {fact}" for fact in _facts(t, story, code)]
        lines += [f"   {t('open_insight', link=insight_link(rt, found.site_slug, story.key))}", ""]
    lines += [t("digest_page", link=_digest_link(rt, found)), "", "-- "]
    return "\n".join(lines) + "\n" + t("footer", site=found.site_name)


def _html(rt: Runtime, t: Translate, found: Digest, name: str, code: str) -> str:
    """The HTML alternative: every field escaped, links only to this install's dashboard."""
    e = html.escape
    parts = [f"<p>{e(t('greeting', name=name))}</p>", f"<p>{e(_intro(t, found, code))}</p><ol>"]
    for story in found.stories:
        link = insight_link(rt, found.site_slug, story.key)
        facts = "".join(f"<li>{e(fact)}</li>" for fact in _facts(t, story, code))
        parts.append(
            f"<li><p><strong>{e(_title(story))}</strong></p><ul>{facts}</ul>"
            f'<p><a href="{e(link)}">{e(t("open_insight_label"))}</a></p></li>'
        )
    parts.append(f'</ol><p><a href="{e(_digest_link(rt, found))}">')
    parts.append(f"{e(t('digest_page_label'))}</a></p>")
    parts.append(f"<hr><p><small>{e(t('footer', site=found.site_name).strip())}</small></p>")
    lang = e(t("lang"))
    return (
        f'<!doctype html><html lang="{lang}" dir="{direction(lang)}"><body>'
        f"{''.join(parts)}</body></html>"
    )


def _intro(t: Translate, found: Digest, code: str) -> str:
    since, until = moment(found.since, code), moment(found.now, code)
    return t("intro", site=found.site_name, since=since, until=until)


def _digest_link(rt: Runtime, found: Digest) -> str:
    return _absolute(rt, f"/admin/sites/{quote(found.site_slug, safe='')}/digest")


def compose(rt: Runtime, found: Digest, account: Account, language: str | None) -> mail.Mail:
    """The week's digest mail to a staff account; Forbidden if its address is not confirmed."""
    t = translator(language)
    code = t("lang")
    subject = t("subject", site=found.site_name, day=day(found.now, code))
    name = account.display_name
    return replace(
        mail.for_confirmed(account, subject, ""),
        body=_text(rt, t, found, name, code),
        html=_html(rt, t, found, name, code),
    )
