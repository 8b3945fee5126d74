"""URLs of the practice app, mounted at /practice/ (one namespace, three route modules)."""

from mansap.practice import urls_assessment, urls_documents, urls_staff

app_name = "practice"

urlpatterns = [*urls_staff.urlpatterns, *urls_assessment.urlpatterns, *urls_documents.urlpatterns]
