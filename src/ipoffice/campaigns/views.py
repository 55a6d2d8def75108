"""The campaign pages: list, detail with the tagged cases against the target, create."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required, permission_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import path
from django.utils.translation import gettext as _

from ipoffice.campaigns import selectors, services
from ipoffice.campaigns.filters import CampaignFilter
from ipoffice.campaigns.forms import CampaignForm
from ipoffice.campaigns.models import Campaign
from ipoffice.common.errors import ApplicationError
from ipoffice.common.filters import filter_page
from ipoffice.common.scoping import get_visible_or_404
from ipoffice.common.views import paginate

VIEW = "campaigns.view_campaign"


@login_required
@permission_required(VIEW, raise_exception=True)
def campaign_list(request: HttpRequest) -> HttpResponse:
    found, campaigns, status = filter_page(
        request, CampaignFilter, selectors.campaign_list(user=request.user)
    )
    page = paginate(request, campaigns.prefetch_related("offices"))
    return render(
        request,
        "campaigns/campaign_list.html",
        {"page": page, "filters": request.GET, "filter_form": found.form},
        status=status,
    )


@login_required
@permission_required(VIEW, raise_exception=True)
def campaign_detail(request: HttpRequest, pk: int) -> HttpResponse:
    campaign = get_visible_or_404(Campaign.objects.select_related("organiser"), request.user, pk=pk)
    return render(
        request,
        "campaigns/campaign_detail.html",
        {
            "campaign": campaign,
            "taking_part": campaign.offices.order_by("path"),
            "figures": selectors.campaign_figures(campaign=campaign, user=request.user),
        },
    )


@login_required
@permission_required("campaigns.add_campaign", raise_exception=True)
def campaign_create(request: HttpRequest) -> HttpResponse:
    form = CampaignForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            campaign = services.campaign_create(actor=request.user, data=form.service_data())
        except ApplicationError as exc:
            form.refuse(exc)
        else:
            messages.success(request, _("Campaign %(name)s recorded.") % {"name": campaign})
            return redirect("campaign-detail", pk=campaign.pk)
    return render(request, "campaigns/campaign_form.html", {"form": form})


urlpatterns = [
    path("", campaign_list, name="campaign-list"),
    path("new/", campaign_create, name="campaign-create"),
    path("<int:pk>/", campaign_detail, name="campaign-detail"),
]
