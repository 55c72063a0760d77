import logging

from django import forms
from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from .links import site_path, without_keys
from .models import Feedback
from .net import client_ip
from .ratelimit import exceeded
from .translation import active_language

logger = logging.getLogger(__name__)

# Feedback a person may send per hour (from one address): enough for anyone
# reporting barriers, too few to flood the department's inbox.
FEEDBACK_PER_HOUR = 5


def page_from_link(value: str) -> str:
    """The page a feedback link came from (`?from=`): a path on this site,
    without the key of a personal link; anything else is dropped."""
    return without_keys(site_path(value) or "")[:500]


class FeedbackForm(forms.ModelForm):
    # Filled in only by bots: people never see it.
    website = forms.CharField(required=False, label=_("Leave this field empty"))

    class Meta:
        model = Feedback
        fields = ["message", "email", "page_url"]
        labels = {
            "message": _("What did not work for you?"),
            "email": _("Your email address (optional, only if you would like an answer)"),
            "page_url": _("Which page is it about? (optional)"),
        }
        widgets = {"message": forms.Textarea(attrs={"rows": 6})}

    def clean_message(self) -> str:
        # A pasted personal link is of no use to the staff who read it.
        return without_keys(self.cleaned_data["message"])

    def clean_page_url(self) -> str:
        return without_keys(self.cleaned_data["page_url"])

    def clean_website(self) -> str:
        if self.cleaned_data.get("website"):
            raise forms.ValidationError(_("Please leave this field empty."))
        return ""

    def limit_reached(self, request: HttpRequest) -> bool:
        """Count this feedback against the sender's address; once more than
        `FEEDBACK_PER_HOUR` came from it within the hour, say so on the form
        (which keeps what was typed) and return True."""
        if not exceeded("feedback", client_ip(request) or "unknown", limit=FEEDBACK_PER_HOUR):
            return False
        self.add_error(
            None,
            forms.ValidationError(
                _(
                    "You have sent us several messages within the last hour. Please try again "
                    "in an hour; what you wrote is kept below."
                ),
                code="rate_limited",
            ),
        )
        return True

    def save_and_notify(self, request: HttpRequest) -> Feedback:
        feedback = self.save(commit=False)
        feedback.language = active_language()
        feedback.save()
        transaction.on_commit(lambda: _notify_staff(feedback.pk))
        return feedback


def _notify_staff(feedback_pk: int) -> None:
    """Tell the department; the feedback is stored whether or not the mail goes out."""
    try:
        send_mail(
            subject=f"Rückmeldung zur Barrierefreiheit #{feedback_pk}",
            message=(
                f"Im Portal ist eine neue Rückmeldung eingegangen (Nr. {feedback_pk}).\n"
                f"Sie steht in der Verwaltung unter {settings.SITE_URL}/admin/"
                f"integration_portal/feedback/{feedback_pk}/change/\n"
            ),
            from_email=None,
            recipient_list=[settings.STAFF_EMAIL],
        )
    except Exception:
        logger.exception("feedback %s stored, notification mail failed", feedback_pk)
