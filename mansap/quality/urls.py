"""Pages of the quality app (namespace "quality", under /quality/): the process map, the risk register and the
KPIs."""

from django.urls import path

from mansap.common.urls import crud_urls
from mansap.quality.views import kpis, p17, processes, risks

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
    path("risks/<int:pk>/actions/add/", risks.RiskActionAddView.as_view(), name="riskaction_add"),
    path("actions/<int:pk>/done/", risks.RiskActionDoneView.as_view(), name="riskaction_done"),
    path("heat-map/", risks.HeatMapView.as_view(), name="heat_map"),
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
    path("process-17/", p17.DashboardView.as_view(), name="p17_dashboard"),
    path("process-17/export.xlsx", p17.DashboardExportView.as_view(report_format="xlsx"), name="p17_xlsx"),
    path("process-17/report.pdf", p17.DashboardExportView.as_view(report_format="pdf"), name="p17_pdf"),
    path("process-17/kpi/<str:number>/", p17.RowsView.as_view(), name="p17_rows"),
    path("kpi-values/<int:pk>/evidence/", kpis.KPIValueEvidenceView.as_view(), name="kpi_value_evidence"),
]
