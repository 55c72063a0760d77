"""The comparison with other cities' HSDS feeds, for the steering overview:
`{% load comparison %}{% city_comparison as comparison %}`."""

from django import template

from ..comparison import coverage

register = template.Library()


@register.simple_tag
def city_comparison() -> dict:
    cities, rows = coverage()
    return {"cities": cities, "rows": rows}
