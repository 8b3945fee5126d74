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
        ('graduates', '0008_record_study_level_and_success_criteria'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AddField(
            model_name='employmentrecord',
            name='institution',
            field=models.ForeignKey(editable=False, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to='core.institution', verbose_name='institution'),
        ),
        migrations.AddField(
            model_name='historicalemploymentrecord',
            name='institution',
            field=models.ForeignKey(blank=True, db_constraint=False, editable=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='core.institution', verbose_name='institution'),
        ),
        # Fill the new column from the parent row's institution (#18).
        migrations.RunSQL(parent_institution_sql('graduates_employmentrecord', 'graduate_id', 'core_student'), migrations.RunSQL.noop),
        # Fill the new column from the parent row's institution (#18).
        migrations.RunSQL(parent_institution_sql('graduates_historicalemploymentrecord', 'graduate_id', 'core_student'), migrations.RunSQL.noop),
        migrations.AddIndex(
            model_name='employmentrecord',
            index=models.Index(fields=['institution', 'started_on'], name='graduates_record_inst_start'),
        ),
    ]
