from django.urls import path

from mansap.common.urls import crud_urls
from mansap.employers import views

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
]
