from urllib.parse import urlsplit

from django import template
from django.forms import BoundField
from django.utils.html import format_html
from django.utils.safestring import SafeString

from integration_portal.translation import LocalizedText

register = template.Library()

_WIDGET_CLASSES = {
    "select": "kern-form-input__select",
    "selectmultiple": "kern-form-input__select",
    "checkbox": "kern-form-check__checkbox",
}


@register.simple_tag
def kern_widget(field: BoundField) -> SafeString:
    """Render a widget with KERN's classes and its hint and error tied to it."""
    css = _WIDGET_CLASSES.get(field.widget_type, "kern-form-input__input")
    if field.errors:
        css += f" {css}--error"
    existing = field.field.widget.attrs.get("class")
    attrs = {"class": f"{existing} {css}" if existing else css}
    described_by = []
    if field.help_text:
        described_by.append(f"{field.auto_id}-hint")
    if field.errors:
        described_by.append(f"{field.auto_id}-error")
        attrs["aria-invalid"] = "true"
    if described_by:
        attrs["aria-describedby"] = " ".join(described_by)
    return field.as_widget(attrs=attrs)


@register.filter
def lang_attr(text: object) -> SafeString:
    """` lang="de"` on text that fell back to German, so screen readers switch voice."""
    if isinstance(text, LocalizedText) and text.is_fallback:
        return format_html(' lang="{}"', text.lang)
    return SafeString("")


@register.filter
def web_url(value: object) -> str:
    """`value` if it is an http(s) address, else "": a stored address is a link
    only if it leads to a website; `javascript:` and `data:` addresses never are.

    The forms allow only web addresses, but the CSV import, the admin and data
    fixes store what they are given.
    """
    url = str(value or "").strip()
    return url if urlsplit(url).scheme.lower() in ("http", "https") else ""
