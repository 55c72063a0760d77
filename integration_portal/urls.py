from allauth.account.decorators import secure_admin_login
from django.conf import settings
from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.urls import include, path
from django.utils.translation import gettext_lazy as _

from . import views

admin.site.site_header = _("Alliance for Integration – administration")
admin.site.site_title = _("Alliance for Integration")
admin.site.index_title = _("Administration")
# The admin's own login form knows no second factor: everyone signs in through allauth.
admin.site.login = secure_admin_login(admin.site.login)

urlpatterns = [
    path("healthz", views.healthz, name="healthz"),
    path("readyz", views.readyz, name="readyz"),
    path("robots.txt", views.robots_txt, name="robots_txt"),
    path("admin/", admin.site.urls),
    path("api/hsds/", include("measures.hsds_urls")),
    path("api/", include("measures.api_urls")),
    path("api/", include("partners.api_urls")),
    path("", include("measures.sitemap_urls")),
]

urlpatterns += i18n_patterns(
    path("", views.home, name="home"),
    path("info/<slug:slug>/", views.page, name="page"),
    path("feedback/", views.feedback, name="feedback"),
    path("feedback/thanks/", views.feedback_thanks, name="feedback_thanks"),
    # Before allauth's own page, which would let people add any address.
    path("accounts/email/", views.account_email, name="account_email"),
    path("accounts/", include("allauth.urls")),
    path("", include("measures.urls")),
    path("partner-area/partners/", include("partners.partner_area_urls")),
    path("partner-area/", include("partners.invitation_urls")),
    path("partner-area/help/", include("partners.help_urls")),
    path("review/", include("measures.review_urls")),
    path("staff/", include("measures.dashboard_urls")),
    path("partners/", include("partners.urls")),
    path("counselling/", include("counselling.urls")),
    path("desk/", include("counselling.desk_urls")),
    path("desk/", include("recommendations.desk_urls")),
    path("counselling/", include("recommendations.urls")),
    prefix_default_language=True,
)

handler400 = views.bad_request
handler403 = views.permission_denied
handler404 = views.page_not_found
handler500 = views.server_error

if settings.DEBUG:
    from django.conf.urls.static import static

    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)
