"""Pages of the quality app (namespace "quality", under /quality/): the process map, the risk register and the
KPIs."""

from django.urls import path

from mansap.common.urls import crud_urls
from mansap.quality.views import kpis, processes, programs, risks, surveys

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
        "revisions",
        "programrevision",
        list=programs.ProgramRevisionListView,
        add=programs.ProgramRevisionEditView,
        detail=programs.ProgramRevisionDetailView,
        edit=programs.ProgramRevisionEditView,
        history=programs.ProgramRevisionHistoryView,
    ),
    path("revisions/<int:pk>/minutes/", programs.ProgramRevisionMinutesView.as_view(), name="programrevision_minutes"),
    *crud_urls(
        "boards",
        "advisoryboard",
        list=programs.AdvisoryBoardListView,
        add=programs.AdvisoryBoardEditView,
        detail=programs.AdvisoryBoardDetailView,
        edit=programs.AdvisoryBoardEditView,
        history=programs.AdvisoryBoardHistoryView,
    ),
    path("boards/<int:pk>/members/add/", programs.BoardMemberAddView.as_view(), name="advisoryboardmember_add"),
    path("board-members/<int:pk>/edit/", programs.BoardMemberEditView.as_view(), name="advisoryboardmember_edit"),
    path("boards/<int:pk>/meetings/add/", programs.BoardMeetingAddView.as_view(), name="advisoryboardmeeting_add"),
    path("board-meetings/<int:pk>/edit/", programs.BoardMeetingEditView.as_view(), name="advisoryboardmeeting_edit"),
    path("processes/<int:pk>/surveys/add/", surveys.KPISurveyAttachView.as_view(), name="kpisurvey_add"),
    path("kpi-surveys/<int:pk>/record/", surveys.KPISurveyRecordView.as_view(), name="kpisurvey_record"),
    path("kpi-surveys/<int:pk>/detach/", surveys.KPISurveyDetachView.as_view(), name="kpisurvey_detach"),
    path(
        "board-meetings/<int:pk>/minutes/",
        programs.BoardMeetingMinutesView.as_view(),
        name="advisoryboardmeeting_minutes",
    ),
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
