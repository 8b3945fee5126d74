"""Pages of the quality app (namespace "quality", under /quality/): the process map, the risk register and the
KPIs."""

from django.urls import path

from mansap.common.urls import crud_urls
from mansap.quality.views import kpis, processes, reviews, risks, workplans

app_name = "quality"

urlpatterns = [
    path("processes/", processes.ProcessMapView.as_view(), name="process_list"),
    *crud_urls(
        "processes",
        "process",
        detail=processes.ProcessDetailView,
        edit=processes.ProcessEditView,
        history=processes.ProcessHistoryView,
    ),
    *crud_urls(
        "risks",
        "risk",
        list=risks.RiskListView,
        add=risks.RiskEditView,
        detail=risks.RiskDetailView,
        edit=risks.RiskEditView,
        history=risks.RiskHistoryView,
    ),
    path("risks/<int:pk>/assess/", risks.RiskAssessView.as_view(), name="risk_assess"),
    path("risks/<int:pk>/review/", risks.RiskReviewView.as_view(), name="risk_review"),
    path("risks/<int:pk>/retire/", risks.RiskRetireView.as_view(), name="risk_retire"),
    path("risks/<int:pk>/actions/add/", risks.RiskActionAddView.as_view(), name="riskaction_add"),
    path("actions/<int:pk>/done/", risks.RiskActionDoneView.as_view(), name="riskaction_done"),
    path("heat-map/", risks.HeatMapView.as_view(), name="heat_map"),
    *crud_urls(
        "reviews",
        "review",
        list=reviews.ReviewListView,
        add=reviews.ReviewEditView,
        detail=reviews.ReviewDetailView,
        edit=reviews.ReviewEditView,
        history=reviews.ReviewHistoryView,
    ),
    path("reviews/<int:pk>/issue/", reviews.ReviewIssueView.as_view(), name="review_issue"),
    path("reviews/<int:pk>/close/", reviews.ReviewCloseView.as_view(), name="review_close"),
    path("reviews/<int:pk>/new-version/", reviews.ReviewNewVersionView.as_view(), name="review_new_version"),
    path(
        "reviews/<int:pk>/files/<str:language>.<str:kind>",
        reviews.ReviewDownloadView.as_view(),
        name="review_download",
    ),
    path("reviews/<int:pk>/decisions/add/", reviews.DecisionAddView.as_view(), name="decision_add"),
    path("decisions/", reviews.DecisionListView.as_view(), name="decision_list"),
    path("decisions/<int:pk>/edit/", reviews.DecisionEditView.as_view(), name="decision_edit"),
    path("decisions/<int:pk>/done/", reviews.DecisionDoneView.as_view(), name="decision_done"),
    *crud_urls(
        "work-plans",
        "workplan",
        list=workplans.WorkPlanListView,
        add=workplans.WorkPlanEditView,
        detail=workplans.WorkPlanDetailView,
        edit=workplans.WorkPlanEditView,
        history=workplans.WorkPlanHistoryView,
    ),
    path("work-plans/<int:pk>/measures/add/", workplans.MeasureAddView.as_view(), name="workplan_measure_add"),
    path("work-plans/<int:pk>/report/", workplans.WorkPlanReportView.as_view(), name="workplan_report"),
    *crud_urls(
        "kpis",
        "kpidefinition",
        list=kpis.KPIListView,
        add=kpis.KPIEditView,
        detail=kpis.KPIDetailView,
        edit=kpis.KPIEditView,
        history=kpis.KPIHistoryView,
    ),
    path("kpis/<int:pk>/agree/", kpis.KPIAgreeView.as_view(), name="kpi_agree"),
    path("kpis/<int:pk>/target/", kpis.KPITargetView.as_view(), name="kpi_target"),
    path("kpis/<int:pk>/value/", kpis.KPIValueView.as_view(), name="kpi_value"),
    path("kpis/<int:pk>/measure/", kpis.KPIMeasureView.as_view(), name="kpi_measure"),
    path("kpi-values/<int:pk>/evidence/", kpis.KPIValueEvidenceView.as_view(), name="kpi_value_evidence"),
]
