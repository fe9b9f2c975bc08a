"""Read-only admin pages: transitions, signatures and publications are written by the services
only (an edit would falsify the record); feedback is handled on the committee's page."""

from django.contrib import admin

from orgs.admin import ReadOnlyAdmin
from workflow.models import Feedback, PublishedVersion, Signature, Transition


@admin.register(Transition)
class TransitionAdmin(ReadOnlyAdmin):
    list_display = ["created_at", "register", "action", "from_state", "to_state", "actor", "ip"]
    list_filter = ["action", "to_state"]
    list_select_related = ["register__unit", "register__post", "actor"]


@admin.register(Signature)
class SignatureAdmin(ReadOnlyAdmin):
    list_display = ["signed_at", "register", "signer", "version", "revision", "voided_at"]
    list_select_related = ["register__unit", "register__post", "signer"]


@admin.register(PublishedVersion)
class PublishedVersionAdmin(ReadOnlyAdmin):
    list_display = ["published_at", "title", "version", "published_by"]
    list_select_related = ["published_by"]


@admin.register(Feedback)
class FeedbackAdmin(ReadOnlyAdmin):
    list_display = ["created_at", "publication", "is_public", "handled_at"]
    list_select_related = ["publication"]
