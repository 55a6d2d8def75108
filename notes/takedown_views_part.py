@login_required
@require_POST
def case_takedown(request: HttpRequest, pk: int) -> HttpResponse:
    case = selectors.case_get(user=request.user, pk=pk)
    return _run(
        request,
        case,
        "takedown",
        TakedownForm(request.POST),
        lambda f: ebusiness.takedown_send(actor=request.user, case=case, **f.cleaned_data),
        _("Takedown notice sent to the platform."),
    )


@login_required
@require_POST
def case_takedown_answer(request: HttpRequest, pk: int) -> HttpResponse:
    """The answer to one of the case's notices (named by ``notice`` in the form)."""
    case = selectors.case_get(user=request.user, pk=pk)
    notice = request.POST.get("notice", "")
    found = get_object_or_404(
        selectors.case_takedown_notices(user=request.user, case=case),
        pk=int(notice) if notice.isdigit() else 0,
    )
    return _run(
        request,
        case,
        f"takedown-{found.pk}",
        TakedownAnswerForm(request.POST, pk=found.pk),
        lambda f: ebusiness.takedown_answer(actor=request.user, notice=found, **f.cleaned_data),
        _("Platform's answer recorded."),
    )


