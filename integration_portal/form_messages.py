"""Django's and allauth's own messages, in the portal's words.

Forms built on Django's fields and allauth's account forms bring their own
messages ("Dieses Feld ist zwingend erforderlich.", allauth's German even says
"du"). The portal's catalogue in `locale/` comes before theirs, so giving
these message ids the portal's wording there replaces them on every form, in
all five languages. Listed here so that `make messages` keeps them.
"""

from django.utils.translation import gettext_noop

DEFAULT_MESSAGES = (
    gettext_noop("This field is required."),
    gettext_noop("Enter a valid email address."),
    gettext_noop("Enter a valid date."),
    gettext_noop("Enter a valid time."),
    gettext_noop("Enter a valid date/time."),
    gettext_noop("Enter a whole number."),
    gettext_noop("Enter a number."),
    gettext_noop("Enter a valid URL."),
    gettext_noop("Select a valid choice. %(value)s is not one of the available choices."),
    gettext_noop("Select a valid choice. That choice is not one of the available choices."),
    gettext_noop("Ensure this value is less than or equal to %(limit_value)s."),
    gettext_noop("Ensure this value is greater than or equal to %(limit_value)s."),
    gettext_noop("The email address and/or password you specified are not correct."),
    gettext_noop("You must type the same password each time."),
    gettext_noop("Please type your current password."),
    gettext_noop("Too many failed login attempts. Try again later."),
    gettext_noop("Be patient, you are sending too many requests."),
    gettext_noop("Incorrect code."),
    gettext_noop("Password successfully changed."),
    gettext_noop("Password successfully set."),
)
