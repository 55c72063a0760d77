# Arabic with the Arabic comma and on the 24-hour clock: "الاثنين، 7 ديسمبر 2026، 10:00".
# Django leaves the date-time formats unset for Arabic and uses a 12-hour clock.
DATE_FORMAT = "j F Y"
TIME_FORMAT = "H:i"
DATETIME_FORMAT = "j F Y، H:i"
SHORT_DATETIME_FORMAT = "d\u200f/m\u200f/Y H:i"
WEEKDAY_DATE_FORMAT = "l، j F Y"
WEEKDAY_DATETIME_FORMAT = "l، j F Y، H:i"
