from csp.decorators import csp_update
from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.http import HttpRequest, HttpResponse
from django.urls import URLPattern, URLResolver, include, path
from django.views.generic import RedirectView
from drf_spectacular.views import (
    SpectacularAPIView,
    SpectacularRedocView,
    SpectacularSwaggerSplitView,
)
from rest_framework.routers import DefaultRouter

from ipoffice.accounts import api as accounts_api
from ipoffice.accounts import views as accounts_views
from ipoffice.assessment import api as assessment_api
from ipoffice.assessment import views as assessment_views
from ipoffice.assessment import whatif_views
from ipoffice.audit import views as audit_views
from ipoffice.campaigns import api as campaigns_api
from ipoffice.campaigns import views as campaigns_views
from ipoffice.cases import api as cases_api
from ipoffice.cases import handler_views as case_handler_views
from ipoffice.cases import views as cases_views
from ipoffice.complaints import api as complaints_api
from ipoffice.complaints import handler_views as complaint_handler_views
from ipoffice.complaints import views as complaints_views
from ipoffice.coordination import api as coordination_api
from ipoffice.coordination import views as coordination_views
from ipoffice.disclosure import views as disclosure_views
from ipoffice.notifications import views as notification_views
from ipoffice.offices import api as offices_api
from ipoffice.outbox import views as outbox_views
from ipoffice.reporting import api as reporting_api
from ipoffice.reporting import views as reporting_views
from ipoffice.training import api as training_api
from ipoffice.training import views as training_views


class Router(DefaultRouter):
    # No ".json" suffix routes: the API speaks JSON only, and the suffixed routes of the
    # viewsets' actions answered 500 (the actions take no ``format`` argument).
    include_format_suffixes = False


router = Router()
router.register("offices", offices_api.OfficeViewSet, basename="office")
router.register("users", accounts_api.UserViewSet, basename="user")
router.register("cases", cases_api.CaseViewSet, basename="case")
router.register("complaints", complaints_api.ComplaintViewSet, basename="complaint")
router.register("reports", reporting_api.ReportViewSet, basename="report")
router.register(
    "coordination",
    coordination_api.CoordinationRequestViewSet,
    basename="coordination-request",
)
router.register("campaigns", campaigns_api.CampaignViewSet, basename="campaign")
router.register("trainings", training_api.TrainingViewSet, basename="training")
router.register("assessment/schemes", assessment_api.SchemeViewSet, basename="assessment-scheme")
router.register("assessment/rounds", assessment_api.RoundViewSet, basename="assessment-round")
router.register(
    r"assessment/rounds/(?P<pk>\d+)/results",
    assessment_api.ResultViewSet,
    basename="assessment-result",
)
router.register("assessment/assessments", assessment_api.AssessmentViewSet, basename="assessment")

API_DOCS_CSP = {
    "style-src": ["'unsafe-inline'"],
    "img-src": ["data:"],
    "worker-src": ["blob:"],
}

api_v1: list[URLPattern | URLResolver] = [
    path("me/", accounts_api.me, name="api-me"),
    path(
        "public/complaints/",
        complaints_api.PublicComplaintCreate.as_view(),
        name="api-public-complaint-create",
    ),
    path(
        "public/complaints/<str:tracking_number>/",
        complaints_api.PublicComplaintStatus.as_view(),
        name="api-public-complaint-status",
    ),
    path(
        "public/complaints/<str:tracking_number>/rating/",
        complaints_api.PublicComplaintRating.as_view(),
        name="api-public-complaint-rating",
    ),
    path(
        "public/coordination/acknowledge/",
        coordination_api.AuthorityAcknowledgement.as_view(),
        name="api-coordination-acknowledge",
    ),
    path("auth/token/", accounts_api.TokenView.as_view(), name="api-token"),
    path(
        "statistics/export/",
        reporting_api.StatisticsExportView.as_view(),
        name="api-statistics-export",
    ),
    path("statistics/<str:form>/", reporting_api.StatisticsView.as_view(), name="api-statistics"),
    path(
        "statistics/<str:form>/drilldown/",
        reporting_api.DrilldownView.as_view(),
        name="api-statistics-drilldown",
    ),
    path(
        "assessment/what-if/",
        assessment_api.WhatIfView.as_view(),
        name="api-assessment-what-if",
    ),
    path("schema/", SpectacularAPIView.as_view(), name="api-schema"),
    # Swagger UI's start script is served as a file (the split view); Swagger UI and ReDoc
    # set inline styles and use data: images, ReDoc a worker from a blob: allowed here only.
    path(
        "docs/",
        csp_update(API_DOCS_CSP)(SpectacularSwaggerSplitView.as_view(url_name="api-schema")),
        name="api-docs",
    ),
    path(
        "redoc/",
        csp_update(API_DOCS_CSP)(SpectacularRedocView.as_view(url_name="api-schema")),
        name="api-redoc",
    ),
    path("", include((router.urls, "api"))),
]


def healthz(request: HttpRequest) -> HttpResponse:
    """For load balancers (and the benchmark's trivial view): the process answers."""
    return HttpResponse("ok", content_type="text/plain")


urlpatterns = [
    path("healthz", healthz, name="healthz"),
    path("", accounts_views.home, name="home"),
    path("login/", auth_views.LoginView.as_view(), name="login"),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("password/", accounts_views.password_change, name="password-change"),
    path("i18n/", include("django.conf.urls.i18n")),
    path("offices/", accounts_views.office_list, name="office-list"),
    path("offices/<str:code>/", accounts_views.office_detail, name="office-detail"),
    path("people/", accounts_views.user_list, name="user-list"),
    path("people/<str:username>/", accounts_views.user_detail, name="user-detail"),
    path("audit/", audit_views.audit_list, name="audit-list"),
    path("outbox/", outbox_views.outbox_list, name="outboxmessage-list"),
    path("outbox/<int:pk>/act/", outbox_views.outbox_act, name="outboxmessage-act"),
    path("filters/", accounts_views.saved_filter_save, name="saved-filter-save"),
    path(
        "filters/<int:pk>/delete/", accounts_views.saved_filter_delete, name="saved-filter-delete"
    ),
    path("notifications/", notification_views.notification_list, name="notification-list"),
    path(
        "notifications/preferences/",
        notification_views.notification_preferences,
        name="notification-preferences",
    ),
    path(
        "notifications/read/",
        notification_views.notification_read_all,
        name="notification-read-all",
    ),
    path(
        "notifications/<int:pk>/open/",
        notification_views.notification_open,
        name="notification-open",
    ),
    path(
        "notifications/<int:pk>/read/",
        notification_views.notification_read,
        name="notification-read",
    ),
    path("cases/<int:pk>/handler/", case_handler_views.case_handler, name="case-handler"),
    path(
        "complaints/<int:pk>/handler/",
        complaint_handler_views.complaint_handler,
        name="complaint-handler",
    ),
    # The what-if page before any "assessment/" include (the assessment pages' own
    # patterns), so that neither shadows the other.
    path("assessment/what-if/", whatif_views.what_if_page, name="assessment-what-if"),
    path("", include(disclosure_views.urlpatterns)),
    path("cases/", include(cases_views.urlpatterns)),
    path("complaints/", include(complaints_views.urlpatterns)),
    path("coordination/", include(coordination_views.urlpatterns)),
    path("campaigns/", include(campaigns_views.urlpatterns)),
    path("training/", include(training_views.urlpatterns)),
    path("assessment/", include(assessment_views.urlpatterns)),
    path("", include(reporting_views.urlpatterns)),
    path("report/", complaints_views.public_submit, name="public-submit"),
    path("report/receipt/", complaints_views.public_receipt, name="public-receipt"),
    path("track/", complaints_views.public_track, name="public-track"),
    path(
        "track/answer/<str:token>/",
        complaints_views.public_satisfaction,
        name="public-satisfaction",
    ),
    path("api/v1/", include(api_v1)),
    # One page changes one's own password, audited (the admin's own would bypass it).
    path("admin/password_change/", RedirectView.as_view(pattern_name="password-change")),
    path("admin/", admin.site.urls),
]

handler400 = "ipoffice.common.views.bad_request"
handler403 = "ipoffice.common.views.permission_denied"
handler404 = "ipoffice.common.views.page_not_found"
handler500 = "ipoffice.common.views.server_error"
