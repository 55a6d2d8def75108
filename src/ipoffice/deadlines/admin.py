from django.contrib import admin

from ipoffice.deadlines.models import CalendarDay


@admin.register(CalendarDay)
class CalendarDayAdmin(admin.ModelAdmin[CalendarDay]):
    """Reference data shared by every office (not office records, so not scoped)."""

    list_display = ["date", "kind", "name_zh", "name_en"]
    list_filter = ["kind"]
    date_hierarchy = "date"
