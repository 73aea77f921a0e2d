"""Link policy: how many links, and to which hosts."""

from __future__ import annotations

from urllib.parse import urlsplit

from rejoinder.domain.moderation import NO_OBJECTION, CommentFacts, PhaseResult, ScoreSource
from rejoinder.moderation.phases.base import PurePhase
from rejoinder.moderation.registry import register_phase
from rejoinder.moderation.text import URL_PATTERN


def link_hosts(text: str) -> list[str]:
    hosts = []
    for url in URL_PATTERN.findall(text):
        full = url if "://" in url else f"http://{url}"
        hosts.append((urlsplit(full).hostname or "").lower())
    return hosts


def host_allowed(host: str, allowed: tuple[str, ...]) -> bool:
    """example.com allows example.com and any of its subdomains."""
    return any(host == a or host.endswith("." + a) for a in allowed)


@register_phase("links")
class LinksPhase(PurePhase):
    name = "links"

    def check(self, facts: CommentFacts, model: ScoreSource) -> PhaseResult:
        hosts = link_hosts(facts.text)
        if len(hosts) > self.settings.max_links:
            return self.result(
                "hold",
                "too_many_links",
                f"The comment has {len(hosts)} links (the limit is {self.settings.max_links}).",
                {"hosts": hosts},
            )
        allowed = tuple(h.lower() for h in self.settings.allowed_link_hosts)
        refused = [h for h in hosts if allowed and not host_allowed(h, allowed)]
        if refused:
            return self.result(
                "hold",
                "link_host_not_allowed",
                "The comment links to sites not on this site's list.",
                {"hosts": refused},
            )
        return NO_OBJECTION
