"""URLs of the surveys app, mounted at /surveys/."""

from django.urls import path

from mansap.common.urls import crud_urls
from mansap.surveys.views import builder as views
from mansap.surveys.views import campaigns, listeners, respondent, results
from mansap.surveys.views import results as results_views

app_name = "surveys"

urlpatterns = [
    # Respondents (no account).
    path("r/<str:token>/", respondent.RespondView.as_view(), name="respond"),
    path("p/<str:key>/", respondent.PublicRespondView.as_view(), name="public"),
    path("thanks/", respondent.ThanksView.as_view(), name="thanks"),
    # The questionnaire builder.
    *crud_urls(
        "questionnaires",
        "questionnaire",
        list=views.QuestionnaireListView,
        add=views.QuestionnaireEditView,
        detail=views.QuestionnaireDetailView,
        edit=views.QuestionnaireEditView,
        history=views.QuestionnaireHistoryView,
    ),
    path("questionnaires/<int:pk>/copy/", views.QuestionnaireCopyView.as_view(), name="questionnaire_copy"),
    path("questionnaires/<int:pk>/preview/", views.QuestionnairePreviewView.as_view(), name="questionnaire_preview"),
    path("questionnaires/<int:pk>/sections/add/", views.SectionAddView.as_view(), name="section_add"),
    path("sections/<int:pk>/edit/", views.SectionEditView.as_view(), name="section_edit"),
    path("sections/<int:pk>/delete/", views.SectionDeleteView.as_view(), name="section_delete"),
    path("sections/<int:pk>/questions/add/", views.QuestionAddView.as_view(), name="question_add"),
    path("questions/<int:pk>/edit/", views.QuestionEditView.as_view(), name="question_edit"),
    path("questions/<int:pk>/delete/", views.QuestionDeleteView.as_view(), name="question_delete"),
    path("questions/<int:pk>/move/<str:direction>/", views.QuestionMoveView.as_view(), name="question_move"),
    path(
        "questionnaires/<int:pk>/condition-values/",
        views.ConditionValuesView.as_view(),
        name="condition_values",
    ),
    # Campaigns.
    path("campaigns/audience/", campaigns.AudiencePreviewView.as_view(), name="campaign_audience"),
    *crud_urls(
        "campaigns",
        "campaign",
        list=campaigns.CampaignListView,
        add=campaigns.CampaignEditView,
        detail=campaigns.CampaignDetailView,
        edit=campaigns.CampaignEditView,
        delete=campaigns.CampaignDeleteView,
        history=campaigns.CampaignHistoryView,
    ),
    path("campaigns/<int:pk>/launch/", campaigns.CampaignLaunchView.as_view(), name="campaign_launch"),
    path("campaigns/<int:pk>/send/", campaigns.CampaignSendView.as_view(), name="campaign_send"),
    path("campaigns/<int:pk>/close/", campaigns.CampaignCloseView.as_view(), name="campaign_close"),
    path("campaigns/<int:pk>/interview/", campaigns.CampaignInterviewView.as_view(), name="campaign_interview"),
    path("campaigns/<int:pk>/results/", results_views.CampaignResultsView.as_view(), name="campaign_results"),
    # The course listeners of an end-of-course survey.
    path("campaigns/<int:pk>/listeners/", listeners.CampaignListenersView.as_view(), name="campaign_listeners"),
    path(
        "campaigns/<int:pk>/listeners/errors/",
        listeners.ListenerErrorReportView.as_view(),
        name="campaign_listeners_errors",
    ),
    path("listeners/<int:pk>/remove/", listeners.ListenerRemoveView.as_view(), name="courselistener_remove"),
    # Units' responses to the results (R-071).
    path("unit-responses/", results.ResultsResponseListView.as_view(), name="resultsresponse_list"),
    path("unit-responses/published/", results.PublishedResponsesView.as_view(), name="published_responses"),
    path(
        "campaigns/<int:pk>/unit-responses/add/",
        results.ResultsResponseAddView.as_view(),
        name="resultsresponse_add_for",
    ),
    path("unit-responses/<int:pk>/edit/", results.ResultsResponseEditView.as_view(), name="resultsresponse_edit"),
    path(
        "unit-responses/<int:pk>/<str:step>/",
        results.ResultsResponseActionView.as_view(),
        name="resultsresponse_action",
    ),
    path(
        "campaigns/<int:pk>/results/<str:fmt>/",
        results_views.CampaignResultsExportView.as_view(),
        name="campaign_results_export",
    ),
]
