# Turkish puts the weekday after the date: "7 Aralık 2026 Pazartesi, 10:00".
DATE_FORMAT = "j F Y"
DATETIME_FORMAT = "j F Y, H:i"
WEEKDAY_DATE_FORMAT = "j F Y l"
WEEKDAY_DATETIME_FORMAT = "j F Y l, H:i"
