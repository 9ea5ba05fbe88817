from django.db import migrations


def install(apps, schema_editor):
    from forms_ext.template_library import install_shipped_templates

    install_shipped_templates(
        apps.get_model("forms_ext", "SurveyTemplate"), apps.get_model("forms_ext", "Sector")
    )


class Migration(migrations.Migration):
    dependencies = [("forms_ext", "0009_survey_templates")]

    operations = [migrations.RunPython(install, migrations.RunPython.noop)]
