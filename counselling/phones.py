"""Phone numbers as the portal keeps and shows them: E.164, read in Germany's format."""

import phonenumbers

DEFAULT_REGION = "DE"


def parse(text: str) -> phonenumbers.PhoneNumber | None:
    """The number `text` stands for, read as a German number unless it starts
    with + or 00; None when it is not a number anyone can be called on."""
    try:
        number = phonenumbers.parse(text, DEFAULT_REGION)
    except phonenumbers.NumberParseException:
        return None
    return number if phonenumbers.is_valid_number(number) else None


def to_e164(text: str) -> str | None:
    """ "0711 216-00000" → "+4971121600000"; None for anything that is no valid number."""
    number = parse(text)
    if number is None:
        return None
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)


def for_display(text: str) -> str:
    """How people read a stored number ("+4915123456789"): national format for
    German numbers, international for all others. A number written as people
    write it (the office's "0711 216-00000") is shown as it is."""
    number = parse(text) if text.startswith("+") else None
    if number is None:
        return text
    if number.country_code == 49:
        return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.NATIONAL)
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.INTERNATIONAL)
