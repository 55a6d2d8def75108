"""The data migration that turned Case.campaign's free text into campaign records."""

from __future__ import annotations

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from ipoffice.common.workflow import _engine_writes

BEFORE = [("cases", "0012_alter_case_transferred_authority"), ("campaigns", "0001_initial")]
AFTER = [("cases", "0013_campaign_records")]


# Transactional (migrations run outside a test transaction); serialized_rollback puts back
# the reference data (offices, calendar, groups) for the tests after it.
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_each_campaign_text_becomes_one_campaign_record_of_its_cases():
    executor = MigrationExecutor(connection)
    executor.migrate(BEFORE)
    old = executor.loader.project_state(BEFORE).apps
    Office, Case = old.get_model("offices", "Office"), old.get_model("cases", "Case")
    nanjing, suzhou = Office.objects.get(code="320100"), Office.objects.get(code="320500")
    common = {"case_type": "passing_off", "source": "report", "filed_on": "2013-05-02",
              "year": 2013}  # fmt: skip
    with _engine_writes():  # the historical model has the guarded status, not its __init__
        for office, number, text in [(nanjing, "N-1", "护航2013"), (suzhou, "S-1", "护航2013"),
                                     (suzhou, "S-2", "双打"), (suzhou, "S-3", "")]:  # fmt: skip
            Case.objects.create(office=office, case_number=number, campaign=text, **common)
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(AFTER)
    new = executor.loader.project_state(AFTER).apps
    Campaign, Case = new.get_model("campaigns", "Campaign"), new.get_model("cases", "Case")
    convoy = Campaign.objects.get(name_zh="护航2013")
    assert (convoy.year, str(convoy.starts_on), str(convoy.ends_on)) == (2013, "2013-01-01",
                                                                        "2013-12-31")  # fmt: skip
    assert convoy.organiser.code == "100000"
    assert sorted(Case.objects.filter(campaign=convoy).values_list("case_number", flat=True)) == [
        "N-1", "S-1"]  # fmt: skip
    assert Campaign.objects.get(name_zh="双打").year == 2013  # no year in the name: its cases'
    untagged = Case.objects.filter(case_number="S-3").values_list("campaign_id", flat=True)
    assert list(untagged) == [None]
    MigrationExecutor(connection).migrate(executor.loader.graph.leaf_nodes())
