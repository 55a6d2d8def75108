"""The audit trail as a page, for those who read it (supervisors, administrators):
scoped to their subtree like every list."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required, permission_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from ipoffice.audit import selectors
from ipoffice.audit.filters import AuditFilter
from ipoffice.common.filters import filter_page
from ipoffice.common.views import paginate


@login_required
@permission_required("audit.view_auditentry", raise_exception=True)
def audit_list(request: HttpRequest) -> HttpResponse:
    found, entries, status = filter_page(
        request, AuditFilter, selectors.audit_list(user=request.user)
    )
    page = paginate(request, entries)
    return render(
        request,
        "audit/audit_list.html",
        {"page": page, "rows": selectors.audit_rows(page), "filter_form": found.form},
        status=status,
    )
