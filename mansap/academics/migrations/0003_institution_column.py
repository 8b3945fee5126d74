# Every grade/record/response/answer carries its institution (#18): added nullable, filled from the parent, then
# made NOT NULL by the next migration.

import django.db.models.deletion
from django.db import migrations, models

from mansap.common.partitioning import parent_institution_sql


class Migration(migrations.Migration):

    dependencies = [
        ('academics', '0002_curricula'),
        ('core', '0008_consortium'),
    ]

    operations = [
        migrations.AddField(
            model_name='grade',
            name='institution',
            field=models.ForeignKey(editable=False, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to='core.institution', verbose_name='institution'),
        ),
        migrations.AddField(
            model_name='historicalgrade',
            name='institution',
            field=models.ForeignKey(blank=True, db_constraint=False, editable=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='core.institution', verbose_name='institution'),
        ),
        # Fill the new column from the parent row's institution (#18).
        migrations.RunSQL(parent_institution_sql('academics_grade', 'student_id', 'core_student'), migrations.RunSQL.noop),
        # Fill the new column from the parent row's institution (#18).
        migrations.RunSQL(parent_institution_sql('academics_historicalgrade', 'student_id', 'core_student'), migrations.RunSQL.noop),
        migrations.AddIndex(
            model_name='grade',
            index=models.Index(fields=['institution', 'academic_year', 'term'], name='academics_grade_inst_term'),
        ),
    ]
