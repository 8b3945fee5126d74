# The institution of the rows 0012 filled is required (#18).

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('core', '0009_institution_leading_indexes'),
        ('graduates', '0012_institution_column_people_rows'),
    ]

    operations = [
        migrations.AlterField(
            model_name=model,
            name='institution',
            field=models.ForeignKey(editable=False, on_delete=django.db.models.deletion.PROTECT, related_name='+', to='core.institution', verbose_name='institution'),
        )
        for model in (
            'assistanceaction', 'contactattempt', 'grantobligation', 'roundreminder', 'roundsubmission', 'selfreport',
            'selfservicecheck',
        )
    ]
