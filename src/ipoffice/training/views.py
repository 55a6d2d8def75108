"""The training pages: list with the per-office counts, detail, create."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required, permission_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import path
from django.utils.translation import gettext as _

from ipoffice.common.errors import ApplicationError
from ipoffice.common.filters import filter_page
from ipoffice.common.scoping import get_visible_or_404
from ipoffice.common.views import paginate
from ipoffice.training import selectors, services
from ipoffice.training.filters import TrainingFilter
from ipoffice.training.forms import TrainingForm
from ipoffice.training.models import Training

VIEW = "training.view_training"


@login_required
@permission_required(VIEW, raise_exception=True)
def training_list(request: HttpRequest) -> HttpResponse:
    found, trainings, status = filter_page(
        request, TrainingFilter, selectors.training_list(user=request.user)
    )
    year = found.form.cleaned_data.get("year") if status == 200 else None
    return render(
        request,
        "training/training_list.html",
        {
            "page": paginate(request, trainings),
            "filters": request.GET,
            "filter_form": found.form,
            "by_office": selectors.training_by_office(user=request.user, year=year),
        },
        status=status,
    )


@login_required
@permission_required(VIEW, raise_exception=True)
def training_detail(request: HttpRequest, pk: int) -> HttpResponse:
    training = get_visible_or_404(Training.objects.select_related("organiser"), request.user, pk=pk)
    rows = training.participations.select_related("office").order_by("office__path")
    return render(
        request,
        "training/training_detail.html",
        {
            "training": training,
            "rows": rows,
            "participants": sum(r.participants for r in rows),
            "person_hours": sum(r.person_hours for r in rows),
        },
    )


@login_required
@permission_required("training.add_training", raise_exception=True)
def training_create(request: HttpRequest) -> HttpResponse:
    form = TrainingForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            training = services.training_create(actor=request.user, data=form.service_data())
        except ApplicationError as exc:
            form.refuse(exc)
        else:
            messages.success(request, _("Training %(course)s recorded.") % {"course": training})
            return redirect("training-detail", pk=training.pk)
    return render(request, "training/training_form.html", {"form": form})


urlpatterns = [
    path("", training_list, name="training-list"),
    path("new/", training_create, name="training-create"),
    path("<int:pk>/", training_detail, name="training-detail"),
]
