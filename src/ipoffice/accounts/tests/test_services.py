"""Administrators manage people and offices within their own subtree only."""

import pytest
from django.contrib.auth.models import Group

from ipoffice.accounts.models import User
from ipoffice.accounts.roles import ROLE_PERMISSIONS, Role
from ipoffice.accounts.services import user_create, user_deactivate, user_set_roles
from ipoffice.audit.models import AuditEntry
from ipoffice.common.errors import ApplicationError, PermissionDeniedError
from ipoffice.common.models import AppendOnlyError
from ipoffice.offices.models import Office, OfficeLevel
from ipoffice.offices.services import office_create, office_update

pytestmark = pytest.mark.django_db


def test_every_role_permission_exists():
    for role, names in ROLE_PERMISSIONS.items():
        held = {
            f"{p.content_type.app_label}.{p.codename}"
            for p in Group.objects.get(name=role).permissions.select_related("content_type")
        }
        assert held == set(names), role


def test_provincial_admin_creates_a_user_in_a_city_below(make_user, office):
    admin = make_user("320000", role=Role.ADMINISTRATOR)
    admin.groups.add(Group.objects.get(name=Role.ENFORCEMENT_OFFICER))
    user = user_create(
        actor=admin,
        username="new_officer",
        office=office("320500"),
        roles=[Role.ENFORCEMENT_OFFICER],
        password="a-long-enough-pass",
    )
    assert user.has_perm("offices.view_office")
    entry = AuditEntry.objects.get(target_id=str(user.pk), action="create")
    assert entry.actor == admin and entry.changes["office"] == [None, "320500"]


def test_admin_cannot_create_users_outside_the_subtree(make_user, office):
    admin = make_user("320100", role=Role.ADMINISTRATOR)
    with pytest.raises(PermissionDeniedError):
        user_create(
            actor=admin,
            username="x",
            office=office("320500"),
            roles=[],
            password="a-long-enough-pass",
        )
    assert not User.objects.filter(username="x").exists()


def test_officer_cannot_create_users(make_user, office):
    officer = make_user("320100")
    with pytest.raises(PermissionDeniedError):
        user_create(
            actor=officer,
            username="x",
            office=office("320100"),
            roles=[],
            password="a-long-enough-pass",
        )


def test_weak_password_and_unknown_role_name_their_field(make_user, office):
    admin = make_user("320000", role=Role.ADMINISTRATOR)
    with pytest.raises(ApplicationError) as weak:
        user_create(actor=admin, username="x", office=office("320100"), roles=[], password="123")
    assert weak.value.field == "password"
    with pytest.raises(ApplicationError) as role:
        user_create(
            actor=admin,
            username="x",
            office=office("320100"),
            roles=["emperor"],
            password="a-long-enough-pass",
        )
    assert role.value.field == "roles"


def test_role_change_is_audited_and_not_allowed_on_oneself(make_user):
    admin = make_user("320000", role=Role.ADMINISTRATOR)
    admin.groups.add(*Group.objects.filter(name__in=[Role.ENFORCEMENT_OFFICER, Role.OFFICE_HEAD]))
    officer = make_user("320100")
    user_set_roles(actor=admin, user=officer, roles=[Role.OFFICE_HEAD], reason="promoted")
    assert [g.name for g in officer.groups.all()] == [Role.OFFICE_HEAD]
    entry = AuditEntry.objects.get(action="set_roles")
    assert entry.reason == "promoted"
    assert entry.changes["roles"] == [[Role.ENFORCEMENT_OFFICER], [Role.OFFICE_HEAD]]
    with pytest.raises(PermissionDeniedError):
        user_set_roles(actor=admin, user=admin, roles=[Role.ANALYST])


def test_deactivation_needs_a_reason(make_user):
    admin = make_user("320000", role=Role.ADMINISTRATOR)
    officer = make_user("320100", role=Role.ADMINISTRATOR)
    with pytest.raises(ApplicationError):
        user_deactivate(actor=admin, user=officer, reason=" ")
    user_deactivate(actor=admin, user=officer, reason="left the office")
    officer.refresh_from_db()
    assert not officer.is_active


def test_admin_adds_a_municipal_office_below_its_province(make_user, office):
    admin = make_user("320000", role=Role.ADMINISTRATOR)
    new = office_create(
        actor=admin,
        code="320599",
        parent=office("320000"),
        level=OfficeLevel.MUNICIPAL,
        name_zh="测试市知识产权局",
        name_en="Test City IP Office",
    )
    assert new.path == "100000/320000/320599/"
    assert Office.objects.visible_to(admin).filter(code="320599").exists()


@pytest.mark.parametrize("code,parent,level,field", [
    ("32059", "320000", OfficeLevel.MUNICIPAL, "code"),
    ("320100", "320000", OfficeLevel.MUNICIPAL, "code"),
    ("320598", "320000", OfficeLevel.PROVINCIAL, "level"),
])  # fmt: skip
def test_bad_office_input_names_the_field(make_user, office, code, parent, level, field):
    admin = make_user("100000", role=Role.ADMINISTRATOR)
    with pytest.raises(ApplicationError) as error:
        office_create(
            actor=admin,
            code=code,
            parent=office(parent),
            level=level,
            name_zh="某局",
            name_en="Some office",
        )
    assert error.value.field == field


def test_admin_cannot_add_offices_in_another_province(make_user, office):
    admin = make_user("320000", role=Role.ADMINISTRATOR)
    with pytest.raises(PermissionDeniedError):
        office_create(
            actor=admin,
            code="440399",
            parent=office("440000"),
            level=OfficeLevel.MUNICIPAL,
            name_zh="某局",
            name_en="Some office",
        )


def test_office_rename_is_audited_and_audit_is_append_only(make_user, office):
    admin = make_user("320000", role=Role.ADMINISTRATOR)
    office_update(actor=admin, office=office("320500"), name_en="Suzhou IPO", reason="short")
    entry = AuditEntry.objects.get(action="update")
    assert entry.changes == {"name_en": ["Suzhou Intellectual Property Office", "Suzhou IPO"]}
    entry.reason = "rewritten"
    with pytest.raises(AppendOnlyError):
        entry.save()
    with pytest.raises(AppendOnlyError):
        AuditEntry.objects.all().delete()
    with pytest.raises(AppendOnlyError):
        AuditEntry.objects.update(reason="x")
