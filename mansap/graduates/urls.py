"""URLs of graduate employment monitoring, one module per area of the app."""

from mansap.graduates.urls_analytics import urlpatterns as analytics_urls
from mansap.graduates.urls_journal import urlpatterns as journal_urls
from mansap.graduates.urls_rounds import urlpatterns as rounds_urls

app_name = "graduates"

urlpatterns = [*journal_urls, *rounds_urls, *analytics_urls]
