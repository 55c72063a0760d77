"""Partners' logos: checked before they are stored, removed when they are replaced.

An upload may have at most 2 MB and 2000 × 2000 pixels. A logo replaced by a
new one, cleared, or belonging to a deleted partner is deleted from the
storage once the transaction has committed (a rolled back change keeps its
file), unless another partner still shows the same file.
"""

from django import forms
from django.core.exceptions import ValidationError
from django.core.files.images import get_image_dimensions
from django.db import transaction
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _

from .models import Partner

MAX_LOGO_BYTES = 2 * 1024 * 1024
MAX_LOGO_PIXELS = 2000


def validate_logo(upload) -> None:
    if upload.size > MAX_LOGO_BYTES:
        raise ValidationError(
            _("The logo is %(size)s; it may be at most %(limit)s.")
            % {"size": filesizeformat(upload.size), "limit": filesizeformat(MAX_LOGO_BYTES)},
            code="logo_too_large",
        )
    width, height = get_image_dimensions(upload)
    if width is None or height is None or width > MAX_LOGO_PIXELS or height > MAX_LOGO_PIXELS:
        raise ValidationError(
            _(
                "The logo is %(width)s × %(height)s pixels; it may be at most "
                "%(limit)d × %(limit)d pixels."
            )
            % {"width": width or "?", "height": height or "?", "limit": MAX_LOGO_PIXELS},
            code="logo_too_big",
        )


class LogoField(forms.ImageField):
    """An uploaded logo, checked for size and dimensions before it is stored."""

    default_validators = [validate_logo]


def delete_when_unused(name: str) -> None:
    """Delete the stored file `name` after the commit, unless a partner uses it."""
    storage = Partner._meta.get_field("logo").storage

    def delete() -> None:
        if not Partner.objects.filter(logo=name).exists():
            storage.delete(name)

    transaction.on_commit(delete)


def remember_stored_logo(sender, instance: Partner, update_fields=None, **kwargs) -> None:
    """pre_save: note the file the partner had, to compare after the save."""
    if instance.pk is None or (update_fields is not None and "logo" not in update_fields):
        return
    instance._stored_logo = (
        Partner.objects.filter(pk=instance.pk).values_list("logo", flat=True).first() or ""
    )


def delete_replaced_logo(sender, instance: Partner, **kwargs) -> None:
    """post_save: the file of a replaced or cleared logo goes."""
    stored = instance.__dict__.pop("_stored_logo", "")
    if stored and stored != instance.logo.name:
        delete_when_unused(stored)


def delete_logo_of_deleted_partner(sender, instance: Partner, **kwargs) -> None:
    """post_delete: a deleted partner's logo goes."""
    if instance.logo.name:
        delete_when_unused(instance.logo.name)
