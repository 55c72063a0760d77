"""Remove the addresses allauth kept for an account besides its sign-in address.

Until now people could add any address to their account, including one of
another person's account, to which a password reset for that address then
went. An account's only address is now the one it signs in with; whatever
else was added is deleted (and cannot be restored: the reverse does nothing).
"""

from django.db import migrations
from django.db.models import F
from django.db.models.functions import Lower


def remove_other_addresses(apps, schema_editor) -> None:
    EmailAddress = apps.get_model("account", "EmailAddress")
    EmailAddress.objects.annotate(address=Lower("email"), own=Lower(F("user__email"))).exclude(
        address=F("own")
    ).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("integration_portal", "0005_encrypt_mfa_secrets"),
        ("account", "0009_emailaddress_unique_primary_email"),
    ]

    operations = [migrations.RunPython(remove_other_addresses, migrations.RunPython.noop)]
