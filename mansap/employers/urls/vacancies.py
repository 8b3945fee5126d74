"""/vacancies/: the public board (no login), a student's applications and profile."""

from django.urls import path

from mansap.employers.views import vacancies as views

app_name = "vacancies"

urlpatterns = [
    path("", views.BoardView.as_view(), name="board"),
    path("<int:pk>/", views.PublicVacancyDetailView.as_view(), name="detail"),
    path("<int:pk>/apply/", views.ApplyView.as_view(), name="apply"),
    path("profile/", views.StudentProfileView.as_view(), name="profile"),
    path("profile/cv/", views.StudentProfileCVView.as_view(), name="profile_cv"),
    path("my-applications/", views.MyApplicationsView.as_view(), name="my_applications"),
]
