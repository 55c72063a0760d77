# Django's German formats, plus the weekday formats: "Montag, 7. Dezember 2026, 10:00".
WEEKDAY_DATE_FORMAT = "l, j. F Y"
WEEKDAY_DATETIME_FORMAT = "l, j. F Y, H:i"
