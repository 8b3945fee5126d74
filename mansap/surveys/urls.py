"""URLs of the surveys app, mounted at /surveys/."""

from django.urls import path

from mansap.common.urls import crud_urls
from mansap.surveys import respondent, results_views, views

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
    path("questionnaires/<int:questionnaire_pk>/sections/add/", views.SectionEditView.as_view(), name="section_add"),
    path("sections/<int:pk>/edit/", views.SectionEditView.as_view(), name="section_edit"),
    path("sections/<int:pk>/delete/", views.SectionDeleteView.as_view(), name="section_delete"),
    path("sections/<int:section_pk>/questions/add/", views.QuestionEditView.as_view(), name="question_add"),
    path("questions/<int:pk>/edit/", views.QuestionEditView.as_view(), name="question_edit"),
    path("questions/<int:pk>/delete/", views.QuestionDeleteView.as_view(), name="question_delete"),
    path("questions/<int:pk>/move/<str:direction>/", views.QuestionMoveView.as_view(), name="question_move"),
    path(
        "questionnaires/<int:pk>/condition-values/",
        views.ConditionValuesView.as_view(),
        name="condition_values",
    ),
    # Campaigns.
    path("campaigns/audience/", views.AudiencePreviewView.as_view(), name="campaign_audience"),
    *crud_urls(
        "campaigns",
        "campaign",
        list=views.CampaignListView,
        add=views.CampaignEditView,
        detail=views.CampaignDetailView,
        edit=views.CampaignEditView,
        delete=views.CampaignDeleteView,
        history=views.CampaignHistoryView,
    ),
    path("campaigns/<int:pk>/launch/", views.CampaignLaunchView.as_view(), name="campaign_launch"),
    path("campaigns/<int:pk>/send/", views.CampaignSendView.as_view(), name="campaign_send"),
    path("campaigns/<int:pk>/close/", views.CampaignCloseView.as_view(), name="campaign_close"),
    path("campaigns/<int:pk>/interview/", views.CampaignInterviewView.as_view(), name="campaign_interview"),
    path("campaigns/<int:pk>/results/", results_views.CampaignResultsView.as_view(), name="campaign_results"),
    # Units' responses to the results (R-071).
    path("unit-responses/", views.ResultsResponseListView.as_view(), name="resultsresponse_list"),
    path("unit-responses/published/", views.PublishedResponsesView.as_view(), name="published_responses"),
    path(
        "campaigns/<int:campaign_pk>/unit-responses/add/",
        views.ResultsResponseEditView.as_view(),
        name="resultsresponse_add_for",
    ),
    path("unit-responses/<int:pk>/edit/", views.ResultsResponseEditView.as_view(), name="resultsresponse_edit"),
    path(
        "unit-responses/<int:pk>/<str:action>/",
        views.ResultsResponseActionView.as_view(),
        name="resultsresponse_action",
    ),
    path(
        "campaigns/<int:pk>/results/<str:fmt>/",
        results_views.CampaignResultsExportView.as_view(),
        name="campaign_results_export",
    ),
]
