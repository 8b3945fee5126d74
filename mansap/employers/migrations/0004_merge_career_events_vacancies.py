# Joins the two branches built in parallel (career events, vacancies); no operations.
from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("employers", "0003_career_events"),
        ("employers", "0003_vacancies_applications"),
    ]

    operations = []
