from django.apps import AppConfig
from django.db.models.signals import m2m_changed, post_delete, post_migrate, post_save
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


def _summarise_sessions(sender, instance, **kwargs) -> None:
    """Every path that changes a schedule (partner area, admin, shell) keeps
    the measure's weekdays, times of day and next session current."""
    from .models import Measure

    measure = Measure.objects.filter(pk=instance.measure_id).first()
    if measure is not None:
        schedules = list(measure.schedules.all())
        measure.summarise_sessions(schedules)
        measure.refresh_next_session(schedules)
        Measure.objects.filter(pk=measure.pk).update(
            session_days=measure.session_days,
            session_times=measure.session_times,
            next_session_on=measure.next_session_on,
            # New times are a change of the measure: calendars and open data ask by it.
            updated_at=timezone.now(),
        )


def _grant_role_permissions(sender: AppConfig, using: str, **kwargs) -> None:
    from integration_portal.roles import DEPARTMENT_STAFF, grant_permissions

    # Staff review measures in the admin. Editors hold no model permission: the
    # partner area checks their membership for each measure, and its link asks
    # `integration_portal.permissions.can_use_partner_area`.
    grant_permissions(sender, DEPARTMENT_STAFF, ["measure"], ["add", "change", "view"], using)
    # Staff keep the words that name the catalogue's choices, like the taxonomy itself.
    grant_permissions(
        sender,
        DEPARTMENT_STAFF,
        ["searchalias", "synonymgroup"],
        ["add", "change", "delete", "view"],
        using,
    )
    # A measure's times are part of it: staff edit them with it in the admin;
    # editors edit them in the partner area, which asks for no model permission.
    grant_permissions(
        sender, DEPARTMENT_STAFF, ["schedule"], ["add", "change", "delete", "view"], using
    )


class MeasuresConfig(AppConfig):
    name = "measures"
    verbose_name = _("Measures")

    def ready(self) -> None:
        from integration_portal import demand
        from integration_portal.models import District, Language, LifeDomain, TargetGroup
        from partners.models import Partner

        from .caching import invalidate_catalogue
        from .demand import SEARCHES_WITHOUT_RESULTS
        from .models import Measure, Schedule, SearchAlias, SynonymGroup

        post_migrate.connect(_grant_role_permissions, sender=self)
        demand.register(SEARCHES_WITHOUT_RESULTS)
        post_save.connect(_summarise_sessions, sender=Schedule, dispatch_uid="schedule-summary")
        post_delete.connect(
            _summarise_sessions, sender=Schedule, dispatch_uid="schedule-summary-del"
        )
        # Whatever the catalogue shows: measures, their times, relations,
        # providers, taxonomy, the words that name its choices and the synonyms.
        models = (
            Measure,
            Schedule,
            Partner,
            LifeDomain,
            District,
            Language,
            TargetGroup,
            SearchAlias,
            SynonymGroup,
        )
        for model in models:
            post_save.connect(invalidate_catalogue, sender=model, dispatch_uid=f"catalogue-{model}")
            post_delete.connect(
                invalidate_catalogue, sender=model, dispatch_uid=f"catalogue-del-{model}"
            )
        for field in (
            "life_domains",
            "target_groups",
            "districts",
            "languages",
            "cooperating_partners",
        ):
            through = Measure._meta.get_field(field).remote_field.through
            m2m_changed.connect(invalidate_catalogue, sender=through, dispatch_uid=f"m2m-{field}")
