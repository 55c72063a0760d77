"""The desk's page of the messages the outbox gave up, for leads to send again."""

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from integration_portal.permissions import lead_required

from . import outbox
from .models import OutboxMessage

# The newest given-up messages shown; older ones stay in the admin's list.
SHOWN = 200


@lead_required
def failed_messages(request: HttpRequest) -> HttpResponse:
    failed = OutboxMessage.objects.failed().select_related(
        "appointment__counsellor__user", "hold__counsellor__user"
    )
    return render(
        request,
        "counselling/desk/failed_messages.html",
        {
            "failed": failed.order_by("-failed_at", "-pk")[:SHOWN],
            "waiting": OutboxMessage.objects.filter(
                sent_at__isnull=True, failed_at__isnull=True
            ).count(),
        },
    )


@require_POST
@lead_required
def send_again(request: HttpRequest, pk: int) -> HttpResponse:
    message = get_object_or_404(OutboxMessage.objects.failed(), pk=pk)
    outbox.send_again(OutboxMessage.objects.filter(pk=message.pk))
    messages.success(request, _("The message is queued again and will be sent shortly."))
    return redirect("desk:failed_messages")
