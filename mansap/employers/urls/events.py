"""Career events, mounted at /events/ with the namespace "events"."""

from django.urls import path

from mansap.employers.views import events as views

app_name = "events"

urlpatterns = [
    path("", views.EventListView.as_view(), name="event_list"),
    path("calendar/", views.CalendarView.as_view(), name="calendar"),
    path("add/", views.EventEditView.as_view(), name="event_add"),
    path("<int:pk>/", views.EventDetailView.as_view(), name="event_detail"),
    path("<int:pk>/edit/", views.EventEditView.as_view(), name="event_edit"),
    path("<int:pk>/delete/", views.EventDeleteView.as_view(), name="event_delete"),
    path("<int:pk>/history/", views.EventHistoryView.as_view(), name="event_history"),
    path("<int:pk>/event.ics", views.EventIcsView.as_view(), name="event_ics"),
    path("<int:pk>/register/", views.RegisterSelfView.as_view(), name="event_register"),
    path("<int:pk>/companies/", views.RegisterOrganizationView.as_view(), name="event_register_organization"),
    path("<int:pk>/invite/", views.InviteView.as_view(), name="event_invite"),
    path("registrations/<int:pk>/cancel/", views.CancelRegistrationView.as_view(), name="registration_cancel"),
    path("registrations/<int:pk>/attendance/", views.AttendanceToggleView.as_view(), name="registration_attendance"),
]
