# The institution of invitations, course listeners and units' responses, filled by 0007, is required (#18).

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('core', '0009_institution_leading_indexes'),
        ('surveys', '0007_institution_column_invitations'),
    ]

    operations = [
        migrations.AlterField(
            model_name=model,
            name='institution',
            field=models.ForeignKey(editable=False, on_delete=django.db.models.deletion.PROTECT, related_name='+', to='core.institution', verbose_name='institution'),
        )
        for model in ('courselistener', 'invitation', 'resultsresponse')
    ]
