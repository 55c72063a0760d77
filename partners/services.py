"""Operations on partners that touch several models and need a transaction.

The only ways a partner's public state changes: activation and visibility
(`set_active`, `set_public`) and the review of its editors' profile changes
(`submit_profile_changes`, `approve_profile`, `send_back_profile`,
`withdraw_profile_changes`). Each records who did it in the audit trail, in
the same transaction, and raises `TransitionNotAllowed` when the partner's
state does not allow it.
"""

import logging
import re
import smtplib
from dataclasses import dataclass

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.models import Group
from django.core.files.storage import default_storage
from django.db import transaction
from django.forms import modelform_factory
from django.http import HttpRequest
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from integration_portal import ratelimit
from integration_portal.audit import log_action, register_actions
from integration_portal.models import District, LifeDomain, User
from integration_portal.roles import PARTNER_EDITOR

from .csv_io import CsvImportError, PartnerRow, decode_upload, parse_partners, read_upload
from .forms import PartnerProfileForm, portal_formfield
from .invitations import invitation_message
from .models import Partner, PartnerMembership, PartnerRevision
from .revisions import (
    Revision,
    TransitionNotAllowed,
    apply_values,
    changed_values,
    new_revision,
    waiting_revision,
)

logger = logging.getLogger(__name__)

register_actions(
    {
        "partner.activated": gettext_lazy("made an active member"),
        "partner.deactivated": gettext_lazy("made an inactive member"),
        "partner.shown": gettext_lazy("shown in the public directory"),
        "partner.hidden": gettext_lazy("hidden from the public directory"),
        "partner.profile_submitted": gettext_lazy("profile changes submitted for review"),
        "partner.profile_approved": gettext_lazy("profile changes approved and published"),
        "partner.profile_sent_back": gettext_lazy("profile changes sent back"),
        "partner.profile_withdrawn": gettext_lazy("profile changes withdrawn"),
    }
)


def _locked(partner: Partner) -> Partner:
    return Partner.objects.select_for_update().get(pk=partner.pk)


# Activation and visibility


def set_active(partner: Partner, active: bool, user) -> Partner:
    """Make `partner` an active or an inactive member. Inactive partners and
    their measures are hidden everywhere, and their editors lose the partner area."""
    with transaction.atomic():
        current = _locked(partner)
        if current.is_active == active:
            message = (
                _("“%(name)s” is an active member already.")
                if active
                else _("“%(name)s” is an inactive member already.")
            )
            raise TransitionNotAllowed(message % {"name": current.name})
        current.is_active = active
        # save(), not update(): the signals tell the catalogue's page cache.
        current.save(update_fields=["is_active", "updated_at"])
        log_action(current, "partner.activated" if active else "partner.deactivated", user)
    return current


def set_public(partner: Partner, public: bool, user) -> Partner:
    """Show `partner` in the public directory, or hide it (and its measures)."""
    with transaction.atomic():
        current = _locked(partner)
        if current.is_public == public:
            message = (
                _("“%(name)s” is shown in the directory already.")
                if public
                else _("“%(name)s” is hidden from the directory already.")
            )
            raise TransitionNotAllowed(message % {"name": current.name})
        current.is_public = public
        current.save(update_fields=["is_public", "updated_at"])
        log_action(current, "partner.shown" if public else "partner.hidden", user)
    return current


def _log_flag_changes(partner: Partner, was_active: bool, was_public: bool, user) -> None:
    """Audit entries for flags changed by a path that sets them all at once (the CSV import)."""
    if partner.is_active != was_active:
        log_action(
            partner, "partner.activated" if partner.is_active else "partner.deactivated", user
        )
    if partner.is_public != was_public:
        log_action(partner, "partner.shown" if partner.is_public else "partner.hidden", user)


# Review of profile changes


def submit_profile_changes(form: PartnerProfileForm, user) -> PartnerRevision | None:
    """Keep an editor's profile changes aside for review; the published profile
    stays. Returns the new revision, or None when nothing differs from the
    published profile (then changes still open are withdrawn)."""
    with transaction.atomic():
        current = _locked(form.instance)
        if not current.is_active:
            raise TransitionNotAllowed(_("The profile of an inactive partner cannot be changed."))
        changes = changed_values(form, current)
        if changes:
            revision = new_revision(current.revisions, changes, user)
            log_action(current, "partner.profile_submitted", user, revision=revision.number)
            return revision
        open_changes = current.open_changes()
        if open_changes is not None:
            open_changes.decide(Revision.Status.WITHDRAWN, user)
            log_action(current, "partner.profile_withdrawn", user, revision=open_changes.number)
        return None


def withdraw_profile_changes(partner: Partner, user) -> PartnerRevision:
    with transaction.atomic():
        current = _locked(partner)
        open_changes = current.open_changes()
        if open_changes is None:
            raise TransitionNotAllowed(_("There are no profile changes to withdraw."))
        open_changes.decide(Revision.Status.WITHDRAWN, user)
        log_action(current, "partner.profile_withdrawn", user, revision=open_changes.number)
    return open_changes


def approve_profile(partner: Partner, number: object, user) -> Partner:
    """Publish revision `number` of the profile: the one the reviewer read."""
    with transaction.atomic():
        current = _locked(partner)
        revision = waiting_revision(current.revisions, number)
        apply_values(current, revision.values)
        revision.decide(Revision.Status.APPROVED, user)
        log_action(current, "partner.profile_approved", user, revision=revision.number)
    return current


def send_back_profile(partner: Partner, number: object, comment: str, user) -> Partner:
    """Refuse revision `number`; the published profile stays, the editors keep
    their changes to rework, with the reason."""
    with transaction.atomic():
        current = _locked(partner)
        revision = waiting_revision(current.revisions, number)
        revision.decide(Revision.Status.SENT_BACK, user, comment)
        log_action(
            current, "partner.profile_sent_back", user, revision=revision.number, comment=comment
        )
    return current


@dataclass
class ImportResult:
    created: int
    updated: int


def import_partners_csv(upload, user) -> ImportResult:
    """Create or update partners by slug from an uploaded CSV file: all lines or none.

    Every cell is checked as the admin's form checks it; changed activation or
    visibility is logged as the actions log it. Raises `CsvImportError` listing
    every problem with its line number.
    """
    rows, problems = parse_partners(decode_upload(read_upload(upload)))
    districts = {district.slug: district for district in District.objects.all()}
    domains = {domain.slug: domain for domain in LifeDomain.objects.all()}
    existing = Partner.objects.in_bulk([row.slug for row in rows], field_name="slug")

    prepared: list[tuple[Partner, list[LifeDomain] | None, tuple[bool, bool] | None]] = []
    for row in rows:
        partner = existing.get(row.slug) or Partner(slug=row.slug)
        flags_before = (partner.is_active, partner.is_public) if partner.pk else None
        row_problems = _apply_row(partner, row, districts, domains)
        if row_problems:
            problems.extend(row_problems)
            continue
        life_domains = (
            None
            if row.life_domain_slugs is None
            else [domains[slug] for slug in row.life_domain_slugs]
        )
        prepared.append((partner, life_domains, flags_before))
    if problems:
        # Every problem of every line, in the order of the file.
        raise CsvImportError(sorted(problems, key=_line_of_problem))

    created = 0
    with transaction.atomic():
        for partner, life_domains, flags_before in prepared:
            created += partner.pk is None
            partner.save()
            if life_domains is not None:
                partner.life_domains.set(life_domains)
            if flags_before is not None:
                _log_flag_changes(partner, *flags_before, user)
    return ImportResult(created=created, updated=len(prepared) - created)


def _line_of_problem(problem: str) -> int:
    number = re.search(r"\d+", problem)
    return int(number[0]) if number else 0


def _line_problem(line: int, column: str, message: str) -> str:
    return _("Line %(line)d, column %(column)s: %(message)s") % {
        "line": line,
        "column": column,
        "message": message,
    }


def _apply_row(
    partner: Partner,
    row: PartnerRow,
    districts: dict[str, District],
    domains: dict[str, LifeDomain],
) -> list[str]:
    problems = []
    for name, value in row.values.items():
        setattr(partner, name, value)
    if row.district_slug is not None:
        if row.district_slug and row.district_slug not in districts:
            problems.append(
                _("Line %(line)d: there is no district with the slug “%(slug)s”.")
                % {"line": row.line, "slug": row.district_slug}
            )
        partner.district = districts.get(row.district_slug)
    for slug in row.life_domain_slugs or []:
        if slug not in domains:
            problems.append(
                _("Line %(line)d: there is no life domain with the slug “%(slug)s”.")
                % {"line": row.line, "slug": slug}
            )
    if row.logo is not None and _is_acceptable_logo(partner, row.logo):
        partner.logo = row.logo
    elif row.logo is not None:
        problems.append(
            _line_problem(
                row.line,
                "logo",
                _(
                    "“%(value)s” is not a logo uploaded to the portal. Logos are uploaded on "
                    "the partner's page; in the file, keep the value of the export."
                )
                % {"value": row.logo},
            )
        )
    # The slug and the texts pass the same form fields as in the admin
    # (lengths, web and email addresses, choices), then the model's own checks.
    form_class = modelform_factory(
        Partner, fields=["slug", *row.texts], formfield_callback=portal_formfield
    )
    form = form_class({"slug": row.slug, **row.texts}, instance=partner)
    if not form.is_valid():
        for column, messages_of_column in form.errors.items():
            problems.extend(
                _line_problem(row.line, column, message) for message in messages_of_column
            )
    return problems


def _is_acceptable_logo(partner: Partner, name: str) -> bool:
    """A logo cell keeps the partner's logo, or names a logo the portal stored
    (an export imported into another installation or after a deletion). Any
    other path is refused: the import never points a partner at a file of its choosing."""
    if name == (partner.logo.name or ""):
        return True
    folder = Partner._meta.get_field("logo").upload_to
    file_name = name.removeprefix(folder)
    is_plain_name = (
        name.startswith(folder)
        and file_name
        and "/" not in file_name
        and "\\" not in file_name
        and file_name not in {".", ".."}
    )
    return bool(is_plain_name) and default_storage.exists(name)


def invite_editor(
    request: HttpRequest,
    partner: Partner,
    email: str,
    first_name: str,
    last_name: str,
    language: str = settings.LANGUAGE_CODE,
) -> tuple[User, bool]:
    """Make the person with `email` an editor of `partner` and mail her the invitation.

    An existing account is reused; a new one has no usable password until she
    sets her own with the invitation's link. The email is sent once the
    transaction has committed, so a mail server failure never undoes the
    membership. Returns the user and whether the account is new.
    """
    inviter = request.user.get_full_name() or request.user.email
    with transaction.atomic():
        user = User.objects.filter(email__iexact=email).first()
        created = user is None
        if created:
            user = User(email=User.objects.normalize_email(email))
            user.first_name = first_name
            user.last_name = last_name
            user.set_unusable_password()
            user.save()
        user.groups.add(Group.objects.get(name=PARTNER_EDITOR))
        PartnerMembership.objects.get_or_create(partner=partner, user=user)
        transaction.on_commit(
            lambda: send_invitation_email(request, user, partner, inviter, language)
        )
    return user, created


def send_invitation_email(
    request: HttpRequest, user: User, partner: Partner, inviter: str, language: str
) -> bool:
    """Send the invitation in `language`; on failure log it and warn the inviting person."""
    try:
        invitation_message(user, [partner], inviter, language).send()
    except (smtplib.SMTPException, OSError):
        # Only ids: addresses are personal data and stay out of the logs.
        logger.exception("invitation email failed user=%s partner=%s", user.pk, partner.pk)
        messages.warning(
            request,
            _(
                "The membership is saved, but the invitation email could not be sent. "
                "Please try again later with “Invite editor”."
            ),
        )
        return False
    return True


NEW_LINKS_PER_HOUR_AND_ADDRESS = 3
NEW_LINKS_PER_HOUR_AND_CLIENT = 10


def request_new_invitation_link(email: str, client: str, language: str) -> bool:
    """Mail a new invitation link to `email` if it belongs to an invited
    editor who has not set a password yet; otherwise do nothing, silently.

    Returns False only when the client or the address asked too often within
    the hour, whether or not the address has an account, so the answer tells
    nothing about who is invited.
    """
    if ratelimit.exceeded(
        "invitation-link-client", client, limit=NEW_LINKS_PER_HOUR_AND_CLIENT
    ) or ratelimit.exceeded(
        "invitation-link-address", email.lower(), limit=NEW_LINKS_PER_HOUR_AND_ADDRESS
    ):
        return False
    user = User.objects.filter(email__iexact=email, is_active=True).first()
    if user is None or user.has_usable_password():
        return True
    partners = list(Partner.objects.editable_by(user).order_by("name"))
    if not partners:
        return True
    try:
        invitation_message(
            user, partners, _("The office of the Alliance for Integration"), language
        ).send()
    except (smtplib.SMTPException, OSError):
        logger.exception("new invitation link email failed user=%s", user.pk)
    return True
