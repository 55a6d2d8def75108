"""The evidence a complainant sends reaches the agent: listed on the complaint, downloadable
by those who may see the complaint, by nobody else."""

import pytest
from django.urls import reverse

from ipoffice.accounts.roles import Role
from ipoffice.complaints.models import Complaint
from ipoffice.complaints.tests.conftest import complaint_data

pytestmark = pytest.mark.django_db

PNG = bytes.fromhex(
    "89504e470d0a1a0a0000000d4948445200000001000000010806000000"
    "1f15c4890000000d49444154789c6360000002000154a24f5d0000000049454e44ae426082"
)


@pytest.fixture
def filed(settings, tmp_path, centers, client):
    from django.core.files.uploadedfile import SimpleUploadedFile

    settings.MEDIA_ROOT = tmp_path
    form = {**complaint_data(), "patent_numbers": "ZL200330100002.0"}
    form["evidence"] = [SimpleUploadedFile("商品照片.png", PNG, content_type="image/png")]
    assert client.post(reverse("public-submit"), form).status_code == 302
    client.logout()
    complaint = Complaint.objects.get()
    return complaint, complaint.attachments.get()


def test_the_agent_sees_the_files_and_downloads_them(agent, client, filed):
    complaint, attachment = filed
    client.force_login(agent)
    page = client.get(reverse("complaint-detail", args=[complaint.pk]),
                      HTTP_ACCEPT_LANGUAGE="zh-hans").content.decode()  # fmt: skip
    url = reverse("complaint-attachment-file", args=[complaint.pk, attachment.pk])
    assert "<h2>附件</h2>" in page and f'href="{url}"' in page and "商品照片.png" in page
    response = client.get(url)
    assert response.status_code == 200 and b"".join(response.streaming_content) == PNG
    assert response["Content-Type"] == "image/png"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Content-Disposition"].startswith("attachment;")
    assert (
        "filename*=UTF-8''%E5%95%86%E5%93%81%E7%85%A7%E7%89%87.png"
        in response["Content-Disposition"]
    )


def test_nobody_outside_the_complaint_opens_its_files(make_user, client, filed):
    complaint, attachment = filed
    url = reverse("complaint-attachment-file", args=[complaint.pk, attachment.pk])
    assert client.get(url).status_code == 302  # the public: to the login page
    client.force_login(make_user("320500-C1", Role.AGENT, username="sz_agent"))
    assert client.get(url).status_code == 404
    client.force_login(make_user("320000", Role.AGENT, username="js_agent"))
    assert client.get(url).status_code == 200  # the province above sees the complaint
