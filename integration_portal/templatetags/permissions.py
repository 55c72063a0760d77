"""Templates ask the same questions as the views: `{% load permissions %}`,
then `{% if user|can_review %}` or `{% if user|can_see_notes:appointment %}`."""

from django import template

from integration_portal import permissions

register = template.Library()

for question in (
    permissions.can_review,
    permissions.can_use_admin,
    permissions.can_use_partner_area,
    permissions.works_at_desk,
    permissions.can_manage_counselling,
    permissions.can_see_notes,
):
    register.filter(question.__name__, question)
