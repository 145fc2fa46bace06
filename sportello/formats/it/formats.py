"""Italian dates as the console shows them: "6 dic 2026" and "6 dic 2026, 14:05" (Django's own Italian formats
fill in the rest: short dates stay "06/12/2026")."""

DATE_FORMAT = "j b Y"
DATETIME_FORMAT = "j b Y, H:i"
