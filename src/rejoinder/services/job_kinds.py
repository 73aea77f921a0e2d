"""Every module that registers job kinds, imported wherever jobs run (app, `rejoinder worker`,
`rejoinder jobs`). A feature package with jobs of its own adds itself here."""

from __future__ import annotations

from rejoinder.services import (
    accounts,
    dsa,
    dsa_notices,
    housekeeping,
    queues,
    reply_mail,
    reply_subscriptions,
    site_learning,
    webhook_delivery,
)

MODULES = (
    accounts, housekeeping, queues, dsa, dsa_notices, site_learning, webhook_delivery,
    reply_subscriptions, reply_mail,
)  # fmt: skip
