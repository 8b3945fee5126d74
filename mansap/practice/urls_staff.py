"""Routes of the practice app (staff part); included by mansap/practice/urls.py."""

from django.urls import URLPattern, path

from mansap.common.urls import crud_urls
from mansap.practice import views_staff as v

urlpatterns: list[URLPattern] = [
    *crud_urls(
        "plan",
        "practice",
        list=v.PracticeListView,
        add=v.PracticeEditView,
        detail=v.PracticeDetailView,
        edit=v.PracticeEditView,
        history=v.PracticeHistoryView,
    ),
    path("plan/build/", v.PracticePlanView.as_view(), name="practice_plan"),
    path("plan/<int:pk>/allocate/", v.AllocationView.as_view(), name="practice_allocate"),
    path("plan/<int:pk>/preferences/", v.PreferencesView.as_view(), name="practice_preferences"),
    path("plan/<int:pk>/submit-order/", v.SubmitOrderView.as_view(), name="practice_submit_order"),
    path("plan/<int:pk>/package/", v.PackageView.as_view(), name="practice_package"),
    path("plan/<int:pk>/my-preferences/", v.MyPreferencesView.as_view(), name="my_preferences"),
    *crud_urls(
        "bases",
        "practicebase",
        list=v.PracticeBaseListView,
        add=v.PracticeBaseEditView,
        detail=v.PracticeBaseDetailView,
        edit=v.PracticeBaseEditView,
        history=v.PracticeBaseHistoryView,
    ),
    path("bases/<int:pk>/vet/", v.BaseVetView.as_view(), name="practicebase_vet"),
    path("bases/<int:pk>/suspend/", v.BaseStatusView.as_view(action_name="suspend"), name="practicebase_suspend"),
    path("bases/<int:pk>/reinstate/", v.BaseStatusView.as_view(action_name="reinstate"), name="practicebase_reinstate"),
    path("vettings/<int:pk>/evidence/", v.VettingEvidenceView.as_view(), name="basevetting_evidence"),
    *crud_urls(
        "contracts",
        "practicecontract",
        list=v.PracticeContractListView,
        add=v.PracticeContractEditView,
        detail=v.PracticeContractDetailView,
        edit=v.PracticeContractEditView,
        history=v.PracticeContractHistoryView,
    ),
    path("contracts/<int:pk>/scan/", v.ContractScanView.as_view(), name="practicecontract_scan"),
    path("contracts/<int:pk>/annex/", v.AnnexAddView.as_view(), name="contractannex_add"),
    *crud_urls(
        "placements",
        "placement",
        list=v.PlacementListView,
        add=v.PlacementEditView,
        detail=v.PlacementDetailView,
        edit=v.PlacementEditView,
        history=v.PlacementHistoryView,
    ),
    path("placements/<int:pk>/cancel/", v.PlacementCancelView.as_view(), name="placement_cancel"),
    *crud_urls(
        "orders",
        "practiceorder",
        list=v.PracticeOrderListView,
        detail=v.PracticeOrderDetailView,
        history=v.PracticeOrderHistoryView,
    ),
    path("orders/<int:pk>/record/", v.RecordOrderView.as_view(), name="practiceorder_record"),
    path("compliance/", v.ComplianceView.as_view(), name="compliance"),
]
