# Ukrainian names the month in the genitive after a day (E) and writes day and
# month names in lower case: "понеділок, 7 грудня 2026 р., 10:00".
DATE_FORMAT = "j E Y р."
DATETIME_FORMAT = "j E Y р., H:i"
YEAR_MONTH_FORMAT = "F Y р."
WEEKDAY_DATE_FORMAT = "l, j E Y р."
WEEKDAY_DATETIME_FORMAT = "l, j E Y р., H:i"
LOWER_CASE_NAMES = True
