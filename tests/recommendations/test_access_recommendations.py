"""Who recommends offers on an appointment, and who follows her link to one:
each URL pattern × each role (see tests/access.py)."""

import pytest

from recommendations.models import (
    MeasureMonthlyCount,
    MonthlyCount,
    Recommendation,
    RecommendationList,
    UnmetNeed,
)
from tests.access import (
    DESK,
    DESK_COLLEAGUE,
    LOGIN,
    ROLES,
    AdminModel,
    Post,
    Redirect,
    admin_model_cases,
    check_get,
    check_post,
    everyone,
    named,
    pk,
    post_cases,
    post_id,
    token,
)

pytestmark = pytest.mark.django_db


def recommendation(world, appointment_attribute: str = "appointment") -> Recommendation:
    """The world's published measure, recommended at the appointment."""
    appointment = getattr(world, appointment_attribute)
    listed, _created = RecommendationList.objects.get_or_create(appointment=appointment)
    item, _created = Recommendation.objects.get_or_create(
        recommendation_list=listed, measure=world.published
    )
    return item


def monthly_count(world) -> MonthlyCount:
    return MonthlyCount.objects.get_or_create(
        kind=MonthlyCount.Kind.RECOMMENDED, month=world.published.created_at.date().replace(day=1)
    )[0]


def measure_count(world) -> MeasureMonthlyCount:
    return MeasureMonthlyCount.objects.get_or_create(
        measure=world.published, month=world.published.created_at.date().replace(day=1)
    )[0]


# The counts are written by recommending and opening only; the superuser reads them.
ADMIN_MODELS = {
    "recommendations.monthlycount": AdminModel(monthly_count, staff="", superuser="v"),
    "recommendations.measuremonthlycount": AdminModel(measure_count, staff="", superuser="v"),
}


# Whoever holds her link follows it to the measure (counted on the way).
TO_THE_MEASURE = Redirect("/de/measures/published-a/", exact=True)

CASES = [
    # Recommending belongs to the desk: another counsellor's appointment is not found.
    named("desk_recommendations:recommend", DESK, pk=pk("appointment")),
    named(
        "desk_recommendations:recommend",
        DESK_COLLEAGUE,
        "colleague's",
        pk=pk("other_appointment"),
    ),
    # Her list to print: at the desk, for the appointments the counsellor may see.
    named(
        "desk_recommendations:handout",
        DESK,
        pk=lambda w: recommendation(w).recommendation_list.appointment_id,
    ),
    named(
        "desk_recommendations:handout",
        DESK_COLLEAGUE,
        "colleague's",
        pk=lambda w: recommendation(w, "other_appointment").recommendation_list.appointment_id,
    ),
    # POST only: see test_post_only_endpoints_refuse_the_wrong_role for the POSTs.
    named(
        "desk_recommendations:remove",
        everyone(405),
        pk=pk("appointment"),
        measure_pk=pk("published"),
    ),
    named("desk_recommendations:unmet_need", everyone(405), pk=pk("appointment")),
    # Her personal link is the key; a wrong token or another mother's offer is not found.
    named(
        "recommendations:open",
        everyone(TO_THE_MEASURE),
        token=token,
        pk=lambda w: recommendation(w).pk,
    ),
    named(
        "recommendations:open",
        everyone(404),
        "wrong token",
        token=lambda w: "x" * 43,
        pk=lambda w: recommendation(w).pk,
    ),
    named(
        "recommendations:open",
        everyone(404),
        "another appointment's offer",
        token=token,
        pk=lambda w: recommendation(w, "other_appointment").pk,
    ),
]
for _label, _model in ADMIN_MODELS.items():
    CASES += admin_model_cases(_label, _model)

POSTS = [
    Post(
        "desk_recommendations:remove",
        {
            # Recommended before the POST, so that its removal would show.
            "pk": lambda w: (
                recommendation(w, "other_appointment").recommendation_list.appointment_id
            ),
            "measure_pk": pk("published"),
        },
        {"anonymous": LOGIN, "editor_a": 403, "staff": 403, "counsellor": 404},
        lambda w: Recommendation.objects.filter(
            recommendation_list__appointment=w.other_appointment, measure=w.published
        ).exists(),
    ),
    Post(
        "desk_recommendations:unmet_need",
        {"pk": pk("other_appointment")},
        {"anonymous": LOGIN, "editor_a": 403, "staff": 403, "counsellor": 404},
        lambda w: not UnmetNeed.objects.exists(),
        data={"life_domain": "1", "text": "Abendkurs"},
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
