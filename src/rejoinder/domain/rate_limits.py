"""The product's abuse limits: which actions are limited per which subject, and how they are named.

A limit is "count/seconds" per subject kind, e.g. `post.ip` = 10 per 60 s; operators override
any of them by name (`REJOINDER_RATE_LIMITS`). The counting is `platform/rate_limits.py`.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Limit:
    count: int
    seconds: int

    @classmethod
    def parse(cls, text: str) -> Limit:
        """'20/60' → 20 per 60 seconds."""
        count, _, seconds = text.partition("/")
        if not count.strip().isdigit() or not seconds.strip().isdigit():
            raise ValueError(f"a rate limit is written 'count/seconds', like '20/60', not {text!r}")
        limit = cls(int(count), int(seconds))
        if limit.count < 1 or limit.seconds < 1:
            raise ValueError(f"a rate limit needs a positive count and period, not {text!r}")
        return limit


# action.subject → limit. Networks (/24, /48) allow more than one address: homes and offices share.
DEFAULT_LIMITS: dict[str, Limit] = {
    "post.ip": Limit(10, 60),
    "post.net": Limit(30, 60),
    "post.account": Limit(10, 60),
    "post.story": Limit(600, 60),
    "react.ip": Limit(60, 60),
    "react.net": Limit(180, 60),
    "react.account": Limit(60, 60),
    # Caps against IP rotation: however many addresses, one comment or story gains likes slowly.
    "react.comment": Limit(120, 60),
    "react.story": Limit(1200, 60),
    "report.ip": Limit(10, 600),
    "report.net": Limit(30, 600),
    "report.account": Limit(10, 600),
    "preview.ip": Limit(60, 60),
    "preview.net": Limit(180, 60),
    "counts.ip": Limit(120, 60),
    "counts.net": Limit(360, 60),
    "login.ip": Limit(20, 300),
    "login.net": Limit(60, 300),
    "login.email": Limit(10, 900),
    "register.ip": Limit(5, 3600),
    # Requests that mail a link: counted per address asked for too, whether or not it has an
    # account, so a refusal tells nothing; mail.email caps what is actually sent.
    "reset.ip": Limit(10, 3600),
    "reset.net": Limit(30, 3600),
    "reset.email": Limit(5, 3600),
    "resend.ip": Limit(10, 3600),
    "resend.net": Limit(30, 3600),
    "resend.email": Limit(5, 3600),
    # A guest's "forget me" mails the address a link (if it commented): counted alike.
    "forget.ip": Limit(10, 3600),
    "forget.net": Limit(30, 3600),
    "forget.email": Limit(5, 3600),
    # A signed-in reader asking for the link that deletes their account.
    "deletion.account": Limit(5, 3600),
    # Attempts, refused ones included: trying name after name is how names are probed.
    "rename.ip": Limit(30, 3600),
    "rename.account": Limit(10, 3600),
    # A publisher's page trades its token for a session on each visit: a reader's address opens
    # many, a forged-token scanner is stopped.
    "sso.ip": Limit(60, 60),
    "sso.net": Limit(180, 60),
    "mail.email": Limit(3, 3600),
}

# What the reader did too often, as in "Too many comments in a short time."
HUMAN_ACTIONS = {
    "post": "comments",
    "react": "reactions",
    "report": "reports",
    "preview": "previews",
    "counts": "count requests",
    "login": "sign-in attempts",
    "register": "sign-ups",
    "reset": "password reset requests",
    "resend": "requests for a confirmation link",
    "forget": "requests to forget an address",
    "deletion": "requests to delete an account",
    "rename": "name changes",
    "sso": "sign-ins through the publisher",
    "mail": "emails to this address",
}


SUBJECTS = ("ip", "net", "account", "story", "comment", "email")


def check_limit_name(name: str) -> None:
    """An override must name a known action and subject: a typo must not silently do nothing."""
    action, _, subject = name.partition(".")
    if action not in HUMAN_ACTIONS or subject not in SUBJECTS:
        raise ValueError(
            f"unknown rate limit {name!r}: use action.subject with an action of "
            f"{', '.join(HUMAN_ACTIONS)} and a subject of {', '.join(SUBJECTS)}"
        )
