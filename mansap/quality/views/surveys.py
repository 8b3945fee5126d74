"""Survey campaigns attached to a process's KPIs (R-065): attach one, record its headline score as the KPI's
value, take it off. The process page lists them with their scores (views/processes.py)."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from mansap.common.views import ScopedActionView, ScopedServiceFormView
from mansap.core.access import VIEW
from mansap.quality.forms import KPISurveyForm
from mansap.quality.models import KPISurvey, KPIValue, Process
from mansap.quality.services import surveys as services


class KPISurveyAttachView(ScopedServiceFormView):
    queryset = Process.objects.all()
    action = VIEW  # the service decides (the quality editors and the process owner)
    form_class = KPISurveyForm
    title = gettext_lazy("Attach a survey campaign to a KPI")  # type: ignore[assignment]

    def get_form_kwargs(self, obj: Process) -> dict[str, Any]:
        return {"initial": self.get_initial(obj), "process": obj}

    def get_title(self, obj: Process) -> str:
        return str(self.title)

    def perform(self, obj: Process, form: KPISurveyForm) -> KPISurvey:
        return services.attach_campaign(
            form.cleaned_data["definition"], form.cleaned_data["campaign"], acting_user=self.request.user
        )

    def get_success_message(self, obj: Process, result: KPISurvey) -> str:
        return _("The campaign is attached to KPI {code}.").format(code=result.definition.code)

    def get_success_url(self, obj: Process, result: KPISurvey) -> str:
        return obj.get_absolute_url() + "#process-surveys"


class KPISurveyRecordView(ScopedActionView):
    queryset = KPISurvey.objects.with_list_related()
    action = VIEW  # the service decides

    def act(self, obj: KPISurvey) -> KPIValue:
        return services.record_campaign_score(obj, acting_user=self.request.user)

    def get_success_message(self, obj: KPISurvey, result: KPIValue) -> str:
        return _("KPI {code} for {period}: {value}.").format(
            code=obj.definition.code, period=result.period, value=result.value.normalize()
        )

    def get_success_url(self, obj: KPISurvey) -> str:
        return obj.definition.process.get_absolute_url() + "#process-surveys"


class KPISurveyDetachView(KPISurveyRecordView):
    def act(self, obj: KPISurvey) -> None:  # type: ignore[override]
        services.detach_campaign(obj, acting_user=self.request.user)

    def get_success_message(self, obj: KPISurvey, result: Any) -> str:
        return _("The campaign is no longer attached to KPI {code}.").format(code=obj.definition.code)
