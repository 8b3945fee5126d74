# Every grade/record/response/answer carries its institution (#18): added nullable, filled from the parent, then
# made NOT NULL by the next migration.

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models

from mansap.common.partitioning import parent_institution_sql


class Migration(migrations.Migration):

    dependencies = [
        ('core', '0008_consortium'),
        ('employers', '0004_merge_career_events_vacancies'),
        ('surveys', '0004_course_listeners'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AddField(
            model_name='answer',
            name='institution',
            field=models.ForeignKey(editable=False, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to='core.institution', verbose_name='institution'),
        ),
        migrations.AddField(
            model_name='response',
            name='institution',
            field=models.ForeignKey(editable=False, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to='core.institution', verbose_name='institution'),
        ),
        # Fill the new column from the parent row's institution (#18).
        migrations.RunSQL(parent_institution_sql('surveys_response', 'campaign_id', 'surveys_campaign'), migrations.RunSQL.noop),
        # Fill the new column from the parent row's institution (#18).
        migrations.RunSQL(parent_institution_sql('surveys_answer', 'response_id', 'surveys_response'), migrations.RunSQL.noop),
        migrations.AddIndex(
            model_name='answer',
            index=models.Index(fields=['institution', 'response'], name='surveys_answer_inst_response'),
        ),
        migrations.AddIndex(
            model_name='response',
            index=models.Index(fields=['institution', 'status'], name='surveys_response_inst_status'),
        ),
    ]
