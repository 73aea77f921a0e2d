"""What services need from the install besides a database session.

The mechanisms are `platform/`'s, each behind a Protocol of `domain/interfaces.py` where more
than one implementation exists; `services/wiring.build_runtime` picks them from the settings.
The defaults here are the in-process ones (tests and hand-built runtimes): no story lookup kept,
counters in memory, events, live updates and wake-ups in this process, mail off, webhooks to
public https addresses only.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import TYPE_CHECKING

from rejoinder.config import Settings
from rejoinder.domain.interfaces import EventBus, LiveBus, MailTransport, Wakeup, WebhookSender
from rejoinder.moderation.site_head import SiteHeads
from rejoinder.platform.counters.memory import MemoryCounters
from rejoinder.platform.event_hub import EventHub
from rejoinder.platform.live_bus import MemoryLiveBus
from rejoinder.platform.mail_transport import NullTransport
from rejoinder.platform.rate_limits import RateLimiter
from rejoinder.platform.story_cache import StoryCache
from rejoinder.platform.wakeup import LocalWakeup
from rejoinder.platform.webhook_sender import GuardedSender
from rejoinder.services.display_names import StaffNames
from rejoinder.services.known_jobs import KnownJobKeys
from rejoinder.services.reply_sites import ReplySites
from rejoinder.services.webhook_sites import WebhookSites

if TYPE_CHECKING:  # services.access needs Runtime itself
    from rejoinder.services.access import StoryRef


def _utcnow() -> datetime:
    return datetime.now(UTC)


def _no_story_cache() -> StoryCache[StoryRef]:
    return StoryCache(freshness=0.0)


@dataclass(frozen=True)
class Runtime:
    settings: Settings
    signing_key: bytes
    clock: Callable[[], datetime] = field(default=_utcnow)
    stories: StoryCache[StoryRef] = field(default_factory=_no_story_cache)
    limiter: RateLimiter = field(default_factory=lambda: RateLimiter(MemoryCounters()))
    staff_names: StaffNames = field(default_factory=StaffNames)
    events: EventBus = field(default_factory=EventHub)
    wakeup: Wakeup = field(default_factory=LocalWakeup)
    mail: MailTransport = field(default_factory=NullTransport)
    live: LiveBus = field(default_factory=MemoryLiveBus)  # live updates to readers
    site_heads: SiteHeads = field(default_factory=SiteHeads)  # sites' learnt heads, this process
    webhooks: WebhookSender = field(default_factory=GuardedSender)  # SECURITY 23, no host allowed
    webhook_sites: WebhookSites = field(default_factory=WebhookSites)  # the write path's check
    reply_sites: ReplySites = field(default_factory=ReplySites)  # reply notifications' check
    job_keys: KnownJobKeys = field(default_factory=KnownJobKeys)  # debounced jobs queued

    def now(self) -> datetime:
        return self.clock()
