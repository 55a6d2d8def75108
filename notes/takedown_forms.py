class TakedownForm(RefusingForm):
    prefix = "takedown"
    platform = forms.CharField(label=_("platform"), max_length=100)
    platform_address = forms.CharField(
        label=_("platform's address for notices"),
        max_length=300,
        help_text=_("An e-mail address, or an https:// address that takes the notice."),
    )
    shop_name = forms.CharField(label=_("shop name"), max_length=200)
    shop_id = forms.CharField(label=_("shop ID"), max_length=100, required=False)
    listing_urls = forms.CharField(
        label=_("listing URLs"),
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=20_000,
        help_text=_("One address per line."),
    )
    on = _date_field(_("sent on"))


class TakedownAnswerForm(RefusingForm):
    answer = forms.ChoiceField(label=_("platform's answer"), choices=_blank(TakedownAnswer.choices))
    note = _note(_("platform's words"), required=False, rows=1)
    on = _date_field(_("answered on"))

    def __init__(self, *args: Any, pk: int, **kwargs: Any) -> None:
        kwargs["prefix"] = f"takedown-{pk}"
        super().__init__(*args, **kwargs)


