"""Staff pages of the employers app (namespace "employers"): organizations, agreements, joint units, vacancies."""

from django.urls import path

from mansap.common.urls import crud_urls
from mansap.employers.views import organizations as views
from mansap.employers.views import vacancies as vacancy_views

app_name = "employers"

urlpatterns = [
    path("partners/", views.PartnersDashboardView.as_view(), name="partners_dashboard"),
    *crud_urls(
        "organizations",
        "organization",
        list=views.OrganizationListView,
        add=views.OrganizationEditView,
        detail=views.OrganizationDetailView,
        edit=views.OrganizationEditView,
        delete=views.OrganizationDeleteView,
        history=views.OrganizationHistoryView,
    ),
    path("organizations/<int:pk>/merge/", views.OrganizationMergeView.as_view(), name="organization_merge"),
    *crud_urls(
        "agreements",
        "partnershipagreement",
        list=views.PartnershipAgreementListView,
        add=views.PartnershipAgreementEditView,
        detail=views.PartnershipAgreementDetailView,
        edit=views.PartnershipAgreementEditView,
        delete=views.PartnershipAgreementDeleteView,
        history=views.PartnershipAgreementHistoryView,
    ),
    path("agreements/<int:pk>/scan/", views.PartnershipAgreementScanView.as_view(), name="partnershipagreement_scan"),
    *crud_urls(
        "joint-units",
        "jointunit",
        list=views.JointUnitListView,
        add=views.JointUnitEditView,
        detail=views.JointUnitDetailView,
        edit=views.JointUnitEditView,
        delete=views.JointUnitDeleteView,
        history=views.JointUnitHistoryView,
    ),
    # Vacancies, applications, shortlists, employer contacts (R-053…R-057)
    *crud_urls(
        "vacancies",
        "vacancy",
        list=vacancy_views.VacancyListView,
        add=vacancy_views.VacancyEditView,
        detail=vacancy_views.VacancyDetailView,
        edit=vacancy_views.VacancyEditView,
        history=vacancy_views.VacancyHistoryView,
    ),
    path("vacancies/<int:pk>/submit/", vacancy_views.VacancySubmitView.as_view(), name="vacancy_submit"),
    path("vacancies/<int:pk>/approve/", vacancy_views.VacancyApproveView.as_view(), name="vacancy_approve"),
    path("vacancies/<int:pk>/reject/", vacancy_views.VacancyRejectView.as_view(), name="vacancy_reject"),
    path("vacancies/<int:pk>/shortlist/", vacancy_views.ShortlistBuildView.as_view(), name="shortlist_build"),
    path("applications/<int:pk>/cv/", vacancy_views.ApplicationCVView.as_view(), name="application_cv"),
    path("shortlists/<int:pk>/", vacancy_views.ShortlistDetailView.as_view(), name="shortlist_detail"),
    path("shortlists/<int:pk>/send/", vacancy_views.ShortlistSendView.as_view(), name="shortlist_send"),
    path("shortlists/<int:pk>/cv/<int:student>/", vacancy_views.ShortlistCVView.as_view(), name="shortlist_cv"),
    path("contacts/invite/", vacancy_views.InviteContactView.as_view(), name="contact_invite"),
]
