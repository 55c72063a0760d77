"""Operations on partners that touch several models and need a transaction."""

import logging
import smtplib
from dataclasses import dataclass

from allauth.account.forms import ResetPasswordForm
from django.contrib import messages
from django.contrib.auth.models import Group
from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import HttpRequest
from django.utils.translation import gettext as _

from integration_portal.models import District, LifeDomain, User
from integration_portal.roles import PARTNER_EDITOR

from .csv_io import CsvImportError, PartnerRow, decode_upload, parse_partners
from .models import Partner, PartnerMembership

logger = logging.getLogger(__name__)


@dataclass
class ImportResult:
    created: int
    updated: int


def import_partners_csv(content: bytes) -> ImportResult:
    """Create or update partners by slug from a CSV file: all lines or none.

    Raises `CsvImportError` listing every problem with its line number.
    """
    rows = parse_partners(decode_upload(content))
    districts = {district.slug: district for district in District.objects.all()}
    domains = {domain.slug: domain for domain in LifeDomain.objects.all()}
    existing = Partner.objects.in_bulk([row.slug for row in rows], field_name="slug")

    problems: list[str] = []
    prepared: list[tuple[Partner, list[LifeDomain] | None]] = []
    for row in rows:
        partner = existing.get(row.slug) or Partner(slug=row.slug)
        row_problems = _apply_row(partner, row, districts, domains)
        if row_problems:
            problems.extend(row_problems)
            continue
        life_domains = (
            None
            if row.life_domain_slugs is None
            else [domains[slug] for slug in row.life_domain_slugs]
        )
        prepared.append((partner, life_domains))
    if problems:
        raise CsvImportError(problems)

    created = 0
    with transaction.atomic():
        for partner, life_domains in prepared:
            created += partner.pk is None
            partner.save()
            if life_domains is not None:
                partner.life_domains.set(life_domains)
    return ImportResult(created=created, updated=len(prepared) - created)


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
    try:
        partner.full_clean(exclude=["district"])
    except ValidationError as error:
        for field_name, field_errors in error.message_dict.items():
            for message in field_errors:
                problems.append(
                    _("Line %(line)d, column %(column)s: %(message)s")
                    % {"line": row.line, "column": field_name, "message": message}
                )
    return problems


def invite_editor(
    request: HttpRequest, partner: Partner, email: str, first_name: str, last_name: str
) -> tuple[User, bool]:
    """Make the person with `email` an editor of `partner` and email her a link to set a password.

    An existing account is reused; a new one has no usable password until she
    sets her own. The email is sent once the transaction has committed, so a
    mail server failure never undoes the membership. Returns the user and
    whether the account is new.
    """
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
        transaction.on_commit(lambda: send_invitation_email(request, user, partner))
    return user, created


def send_invitation_email(request: HttpRequest, user: User, partner: Partner) -> bool:
    """Send allauth's password reset email; on failure log it and warn the inviting person."""
    form = ResetPasswordForm(data={"email": user.email})
    try:
        if not form.is_valid():
            raise ValueError(form.errors.as_text())
        form.save(request)
    except (smtplib.SMTPException, OSError, ValueError):
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
