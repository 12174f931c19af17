"""English dates as the product writes them: day first with the month in letters ("15 Feb 2027"),
which no reader takes for 2 March or for February the 15th written the other way round; weeks
start on Monday. Danish keeps Django's own formats (15.02.2027)."""

DATE_FORMAT = "j F Y"  # 15 February 2027
SHORT_DATE_FORMAT = "j M Y"  # 15 Feb 2027
DATETIME_FORMAT = "j F Y, H:i"  # 15 February 2027, 14:30
SHORT_DATETIME_FORMAT = "j M Y, H:i"  # 15 Feb 2027, 14:30
TIME_FORMAT = "H:i"
YEAR_MONTH_FORMAT = "F Y"
MONTH_DAY_FORMAT = "j F"
FIRST_DAY_OF_WEEK = 1  # Monday

# Typed dates are read day first too; ISO first, as date fields send it.
DATE_INPUT_FORMATS = ["%Y-%m-%d", "%d/%m/%Y", "%d/%m/%y", "%d %b %Y", "%d %B %Y"]
DATETIME_INPUT_FORMATS = [
    "%Y-%m-%d %H:%M:%S",
    "%Y-%m-%d %H:%M:%S.%f",
    "%Y-%m-%d %H:%M",
    "%d/%m/%Y %H:%M:%S",
    "%d/%m/%Y %H:%M",
]
