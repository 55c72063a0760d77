"""Who reaches the catalogue, the partner area's measures, the review queue and
the steering dashboard: each URL pattern × each role (see tests/access.py)."""

import pytest

from integration_portal.models import LifeDomain
from measures.hsds import TAXONOMY_KEY, hsds_id
from measures.models import Measure, SearchAlias, SynonymGroup
from partners.models import Partner, PartnerRevision
from tests.access import (
    ADMIN_LOGIN,
    DEPARTMENT,
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
    status_is,
    still_exists,
)

pytestmark = pytest.mark.django_db

CASES = [
    # Open data: for machines and everyone.
    named("measures_api:json", PUBLIC),
    named("measures_api:csv", PUBLIC),
    named("measures_api:dcat", PUBLIC),
    named("hsds:index", PUBLIC),
    named("hsds:services", PUBLIC),
    named("hsds:service", PUBLIC, id=lambda world: hsds_id("service", world.published.pk)),
    named("hsds:service", everyone(404), "draft", id=lambda w: hsds_id("service", w.draft.pk)),
    named("hsds:organizations", PUBLIC),
    named("hsds:organization", PUBLIC, id=lambda w: hsds_id("organization", w.partner_a.pk)),
    named("hsds:service_at_locations", PUBLIC),
    # The world's published measure has neither address nor online sessions.
    named(
        "hsds:service_at_location",
        everyone(404),
        "no place",
        id=lambda world: hsds_id("service_at_location", world.published.pk),
    ),
    named("hsds:taxonomies", PUBLIC),
    named("hsds:taxonomy", PUBLIC, id=lambda world: hsds_id("taxonomy", TAXONOMY_KEY)),
    named("hsds:taxonomy_terms", PUBLIC),
    named(
        "hsds:taxonomy_term",
        PUBLIC,
        id=lambda world: hsds_id("taxonomy_term", LifeDomain.objects.first().pk),
    ),
    # The catalogue.
    named("measures:catalogue", PUBLIC),
    named("measures:catalogue_handout", PUBLIC),
    named("measures:subscription", PUBLIC),
    named("measures:detail", PUBLIC, slug=slug("published")),
    # A draft does not exist for the public, not even for its own editors.
    named("measures:detail", everyone(404), "draft", slug=slug("draft")),
    named("measures:calendar", PUBLIC, slug=slug("published")),
    named("measures:calendar", everyone(404), "draft", slug=slug("draft")),
    # Partner area: an editor's own partners only. Any account may open its
    # start page, which lists the partners she edits (none for the other roles).
    named("measures:partner_area", signed_in(200)),
    named("measures:partner_measure_create", PARTNER_A_ONLY, slug=slug("partner_a")),
    named("measures:partner_measure", PARTNER_A_ONLY, pk=pk("draft")),
    named("measures:partner_measure_edit", PARTNER_A_ONLY, pk=pk("draft")),
    # Archiving asks first, on a page of its own; the POST archives.
    named("measures:partner_measure_archive", PARTNER_A_ONLY, pk=pk("published")),
    # POST only: see test_post_only_endpoints_refuse_the_wrong_role for the POSTs.
    named("measures:partner_measure_submit", everyone(405), pk=pk("draft")),
    named("measures:partner_measure_withdraw_changes", everyone(405), pk=pk("published")),
    named("measures:partner_measure_confirm", everyone(405), pk=pk("published")),
    named(
        "measures:partner_measure_confirm_translation",
        everyone(405),
        pk=pk("published"),
        language=lambda world: "en",
    ),
    # Review queue and steering dashboard: the department.
    named("review:queue", DEPARTMENT),
    named("review:detail", DEPARTMENT, pk=pk("submitted")),
    # A draft has not been submitted: nothing to review.
    named("review:detail", signed_in(403, staff=404, superuser=404), "draft", pk=pk("draft")),
    named("review:publish", everyone(405), pk=pk("submitted")),
    named("review:send_back", everyone(405), pk=pk("submitted")),
    # Partner A's profile changes wait for review; partner B has none.
    named("review:partner", DEPARTMENT, pk=pk("partner_a")),
    named("review:partner", signed_in(403, staff=404, superuser=404), "none", pk=pk("partner_b")),
    named("review:partner_publish", everyone(405), pk=pk("partner_a")),
    named("review:partner_send_back", everyone(405), pk=pk("partner_a")),
    named("dashboard:matrix", DEPARTMENT),
    named("dashboard:matrix_csv", DEPARTMENT),
    named("dashboard:demand_csv", DEPARTMENT),
    *admin_model_cases("measures.measure", AdminModel(lambda w: w.draft, staff="acv")),
    *admin_model_cases(
        "measures.searchalias", AdminModel(lambda w: SearchAlias.objects.first(), staff="acdv")
    ),
    *admin_model_cases(
        "measures.synonymgroup", AdminModel(lambda w: SynonymGroup.objects.first(), staff="acdv")
    ),
]

POSTS = [
    Post(
        "measures:partner_measure_submit",
        {"pk": pk("draft")},
        {"anonymous": LOGIN, "editor_b": 404, "counsellor": 404, "staff": 404},
        status_is(Measure, "draft", Measure.Status.DRAFT),
    ),
    Post(
        "measures:partner_measure_archive",
        {"pk": pk("published")},
        {"anonymous": LOGIN, "editor_b": 404, "lead": 404},
        status_is(Measure, "published", Measure.Status.PUBLISHED),
    ),
    Post(
        "measures:partner_measure_edit",
        {"pk": pk("draft")},
        {"anonymous": LOGIN, "editor_b": 404},
        lambda w: Measure.objects.get(pk=w.draft.pk).title_de == w.draft.title_de,
        {"title_de": "Übernommen", "summary_de": "x", "description_de": "x", "format": "course"},
    ),
    # An editor must not publish her own measure past the department.
    Post(
        "review:publish",
        {"pk": pk("submitted")},
        {"anonymous": LOGIN, "editor_a": 403, "lead": 403},
        status_is(Measure, "submitted", Measure.Status.SUBMITTED),
    ),
    Post(
        "review:send_back",
        {"pk": pk("submitted")},
        {"anonymous": LOGIN, "editor_a": 403, "counsellor": 403},
        status_is(Measure, "submitted", Measure.Status.SUBMITTED),
        {"comment": "Bitte ergänzen"},
    ),
    Post(
        "measures:partner_measure_withdraw_changes",
        {"pk": pk("published")},
        {"anonymous": LOGIN, "editor_b": 404, "staff": 404},
        status_is(Measure, "published", Measure.Status.PUBLISHED),
    ),
    Post(
        "measures:partner_measure_confirm_translation",
        {"pk": pk("published"), "language": lambda world: "en"},
        {"anonymous": LOGIN, "editor_b": 404, "staff": 404},
        lambda w: Measure.objects.get(pk=w.published.pk).translations_to_check == ["en"],
    ),
    Post(
        "measures:partner_measure_confirm",
        {"pk": pk("published")},
        {"anonymous": LOGIN, "editor_b": 404, "staff": 404},
        lambda w: not Measure.objects.filter(checked_at__isnull=False).exists(),
    ),
    # An editor must not publish her own profile past the department.
    Post(
        "review:partner_publish",
        {"pk": pk("partner_a")},
        {"anonymous": LOGIN, "editor_a": 403, "lead": 403},
        lambda w: Partner.objects.get(pk=w.partner_a.pk).phone == "",
        {"revision": "1"},
    ),
    Post(
        "review:partner_send_back",
        {"pk": pk("partner_a")},
        {"anonymous": LOGIN, "editor_a": 403},
        lambda w: PartnerRevision.objects.get(partner=w.partner_a).status == "submitted",
        {"revision": "1", "comment": "Bitte ergänzen"},
    ),
    Post(
        "admin:measures_measure_delete",
        {"object_id": pk("published")},
        {"anonymous": ADMIN_LOGIN, "editor_a": ADMIN_LOGIN, "staff": 403},
        still_exists(Measure, "published"),
        {"post": "yes"},
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
