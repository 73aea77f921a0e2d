"""Access checks in one place (SECURITY 8, 10, 12, 13, 16, 18, 27, 30).

Like Zulip's `access_*_by_id`: each `access_*` function takes the caller and an id (a site's
slug, a comment's or an account's id) and hands back the checked object, or a frozen context of
checked objects, only once every check passed; each `check_*` refuses or returns nothing. Each
condition has its own line, so coverage shows each branch (`tests/integration/test_access.py`).
Services open with one of these calls; handlers never refuse on an access rule themselves.

- `sites`: a site by slug, from one of its origins for a reader's write; its stories.
- `accounts`: who is signed in, their own account, the accounts they may reach.
- `comments`: a comment within its site; the readable ones; a guest's edit grant; reactions.
- `staff`: moderators on their sites, admins everywhere.
- `writing`: the author's standing; the checked contexts of posting and editing.
"""

from rejoinder.services.access.accounts import (
    CSRF_HEADER,
    access_account,
    access_account_to_delete,
    access_bearer,
    access_own_account,
    access_reader_to_mute,
    access_signed_in,
    check_csrf,
    check_dashboard_write,
    check_same_origin,
)
from rejoinder.services.access.comments import (
    CommentOnSite,
    Reactable,
    access_comment_in_site,
    access_comment_to_react,
    access_comment_to_read,
    access_comment_to_report,
    access_comment_to_unreact,
    access_own_comment_source,
    access_own_comment_to_delete,
    access_visible_comment,
    access_visible_comment_to_read,
    check_edit_window,
    reader_identity,
)
from rejoinder.services.access.sites import (
    StoryOnSite,
    StoryRef,
    access_site,
    access_site_for_write,
    access_story,
    access_story_ref,
    check_form_origin,
    check_principal_for_site,
    check_story_open,
    check_story_url,
    check_write_origin,
    origin_of,
    settings_of,
)
from rejoinder.services.access.staff import (
    STAFF_ONLY,
    AccountOnSite,
    access_account_as_admin,
    access_comment_as_moderator,
    access_reader_as_moderator,
    access_site_and_account_as_admin,
    access_site_as_moderator,
    acts_as_admin,
    check_admin,
    check_metrics_scraper,
    check_moderator,
    is_moderator,
    is_staff,
)
from rejoinder.services.access.writing import (
    EditContext,
    PostContext,
    Writer,
    access_edit,
    access_post,
    access_writer,
    check_guest_can_write,
    check_standing,
)

__all__ = [
    "CSRF_HEADER",
    "STAFF_ONLY",
    "AccountOnSite",
    "CommentOnSite",
    "EditContext",
    "PostContext",
    "Reactable",
    "StoryOnSite",
    "StoryRef",
    "Writer",
    "access_account",
    "access_account_as_admin",
    "access_account_to_delete",
    "access_bearer",
    "access_comment_as_moderator",
    "access_comment_in_site",
    "access_comment_to_react",
    "access_comment_to_read",
    "access_comment_to_report",
    "access_comment_to_unreact",
    "access_edit",
    "access_own_account",
    "access_own_comment_source",
    "access_own_comment_to_delete",
    "access_post",
    "access_reader_as_moderator",
    "access_reader_to_mute",
    "access_signed_in",
    "access_site",
    "access_site_and_account_as_admin",
    "access_site_as_moderator",
    "access_site_for_write",
    "access_story",
    "access_story_ref",
    "access_visible_comment",
    "access_visible_comment_to_read",
    "access_writer",
    "acts_as_admin",
    "check_admin",
    "check_csrf",
    "check_dashboard_write",
    "check_edit_window",
    "check_form_origin",
    "check_guest_can_write",
    "check_metrics_scraper",
    "check_moderator",
    "check_principal_for_site",
    "check_same_origin",
    "check_standing",
    "check_story_open",
    "check_story_url",
    "check_write_origin",
    "is_moderator",
    "is_staff",
    "origin_of",
    "reader_identity",
    "settings_of",
]
