"""Who reaches the partner directory, the editors' profile pages and the
partners' admin: each URL pattern × each role (see tests/access.py)."""

import pytest

from partners.models import PartnerRevision
from tests.access import (
    ADMIN_STAFF,
    LOGIN,
    PARTNER_A_ONLY,
    PUBLIC,
    ROLES,
    AdminModel,
    Post,
    admin_model_cases,
    check_get,
    check_post,
    everyone,
    named,
    pk,
    post_cases,
    post_id,
    signed_in,
    slug,
)

pytestmark = pytest.mark.django_db

# The welcome page of the partner area: the roles that may use the partner area.
PARTNER_AREA = signed_in(403, editor_a=200, editor_b=200, staff=200, superuser=200)

CASES = [
    named("partners_api:partners_json", PUBLIC),
    named("partners:directory", PUBLIC),
    named("partners:detail", PUBLIC, slug=slug("partner_a")),
    named("partners:detail", everyone(404), "hidden", slug=slug("hidden_partner")),
    # The profile: an editor's own partners only; everyone else finds nothing.
    named("partner_profiles:edit", PARTNER_A_ONLY, slug=slug("partner_a")),
    # POST only: see test_post_only_endpoints_refuse_the_wrong_role for the POSTs.
    named("partner_profiles:withdraw", everyone(405), slug=slug("partner_a")),
    # The invited editor's way in: the link decides, not the account.
    named("partner_invitation:accept", everyone(410), "broken link", token=lambda w: "broken"),
    named("partner_invitation:new_link", PUBLIC),
    named("partner_invitation:welcome", PARTNER_AREA),
    named("partner_help:editors", PARTNER_AREA),
    *admin_model_cases("partners.partner", AdminModel(lambda w: w.partner_a, staff="acdv")),
    named("admin:partners_partner_import", ADMIN_STAFF),
    named("admin:partners_partner_export", ADMIN_STAFF),
    named("admin:partners_partner_invite", ADMIN_STAFF, object_id=pk("partner_a")),
]

POSTS = [
    Post(
        "partner_profiles:edit",
        {"slug": slug("partner_a")},
        {"anonymous": LOGIN, "editor_b": 404, "staff": 404},
        lambda w: PartnerRevision.objects.filter(partner=w.partner_a).count() == 1,
        {"description_de": "Übernommen", "city": "Stuttgart"},
    ),
    Post(
        "partner_profiles:withdraw",
        {"slug": slug("partner_a")},
        {"anonymous": LOGIN, "editor_b": 404, "counsellor": 404},
        lambda w: PartnerRevision.objects.get(partner=w.partner_a).status == "submitted",
    ),
]


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("case", CASES, ids=[case.id for case in CASES])
def test_each_role_gets_the_expected_answer(case, role, world, clients):
    check_get(case, role, world, clients)


@pytest.mark.parametrize(
    ("post", "role"), post_cases(POSTS), ids=[post_id(*pair) for pair in post_cases(POSTS)]
)
def test_post_only_endpoints_refuse_the_wrong_role(post, role, world, clients):
    check_post(post, role, world, clients)
