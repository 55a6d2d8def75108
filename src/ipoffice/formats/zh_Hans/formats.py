"""Chinese formats: thousands grouped by commas as in the office's statistics (16,227),
dates in prose as 2013年5月6日 (DATE_FORMAT) and in tables as 2013-05-06
(SHORT_DATE_FORMAT). Years, codes and numbers in links are never grouped: templates
print them with ``unlocalize``; see docs/settings.md."""

DATE_FORMAT = "Y年n月j日"
SHORT_DATE_FORMAT = "Y-m-d"
DATETIME_FORMAT = "Y年n月j日 H:i"
SHORT_DATETIME_FORMAT = "Y-m-d H:i"
YEAR_MONTH_FORMAT = "Y年n月"
MONTH_DAY_FORMAT = "n月j日"
DECIMAL_SEPARATOR = "."
THOUSAND_SEPARATOR = ","
NUMBER_GROUPING = 3
# What a date field reads, the first also what it shows (an <input type="date"> needs ISO).
DATE_INPUT_FORMATS = ["%Y-%m-%d", "%Y/%m/%d", "%Y年%m月%d日"]
