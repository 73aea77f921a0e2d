"""Every module that registers job kinds, imported wherever jobs run (app, `rejoinder worker`,
`rejoinder jobs`). A feature package with jobs of its own adds itself here."""

from __future__ import annotations

from rejoinder.services import (
    account_deletion,
    accounts,
    digest,
    dsa,
    dsa_notices,
    guest_forget,
    housekeeping,
    inbox,
    insight,
    outcome_mail,
    outcomes,
    queue_alerts,
    queues,
    reply_mail,
    reply_subscriptions,
    site_learning,
    webhook_delivery,
)

MODULES = (
    accounts, housekeeping, queues, dsa, dsa_notices, site_learning, webhook_delivery,
    reply_subscriptions, reply_mail, inbox, outcomes, outcome_mail, queue_alerts,
    account_deletion, guest_forget, insight, digest,
)  # fmt: skip
