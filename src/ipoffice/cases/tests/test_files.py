"""A case's files open for those who may see the case, as downloads, and for nobody else."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from ipoffice.accounts.roles import Role
from ipoffice.cases.services import attachment_add

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


@pytest.fixture
def stored(settings, tmp_path, officer, new_case):
    settings.MEDIA_ROOT = tmp_path
    case = new_case()
    upload = SimpleUploadedFile("现场照片 1.pdf", PDF, content_type="application/pdf")
    return case, attachment_add(actor=officer, case=case, kind="evidence", upload=upload)


def test_the_case_page_links_each_file_and_the_link_downloads_it(officer, client, stored):
    case, attachment = stored
    client.force_login(officer)
    url = reverse("case-attachment-file", args=[case.pk, attachment.pk])
    assert f'href="{url}"' in client.get(reverse("case-detail", args=[case.pk])).content.decode()
    response = client.get(url)
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == PDF
    assert response["Content-Type"] == "application/pdf"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Content-Disposition"] == (
        'attachment; filename="____ 1.pdf"; '
        "filename*=UTF-8''%E7%8E%B0%E5%9C%BA%E7%85%A7%E7%89%87%201.pdf"
    )


def test_the_province_above_may_open_it_another_city_and_the_public_may_not(
    make_user, client, stored
):
    case, attachment = stored
    url = reverse("case-attachment-file", args=[case.pk, attachment.pk])
    client.force_login(make_user("320000", Role.OFFICE_HEAD, username="js_head"))
    assert client.get(url).status_code == 200
    client.force_login(make_user("320500", Role.ENFORCEMENT_OFFICER, username="sz_officer"))
    assert client.get(url).status_code == 404
    client.force_login(make_user("320100", Role.AGENT, username="no_case_rights"))
    assert client.get(url).status_code == 404
    client.logout()
    assert client.get(url).status_code == 302  # to the login page
    wrong_case = reverse("case-attachment-file", args=[case.pk + 1, attachment.pk])
    client.force_login(make_user("320100", Role.ENFORCEMENT_OFFICER, username="nj2"))
    assert client.get(wrong_case).status_code == 404
