"""Demo records of the mechanisms of 2013: a fast IPR protection center, a case in
mediation there with its agreement recorded, a suspended case, a case awaiting an
expert opinion."""

from __future__ import annotations

from datetime import timedelta

from django.db import transaction
from django.utils import timezone

from ipoffice.accounts.models import User
from ipoffice.cases.ebusiness import takedown_answer, takedown_send
from ipoffice.cases.mediation import mediation_performance_record
from ipoffice.cases.models import Case, Mediation
from ipoffice.cases.services import case_create, case_transition
from ipoffice.cases.suspension import case_suspend, consultation_request
from ipoffice.offices.models import Office

CENTER = "320500-C1"  # the Suzhou center, a fast IPR protection center in the demo


def _data(title: str, filed_on: object, respondent: str) -> dict[str, object]:
    return {
        "case_type": "infringement_dispute",
        "source": "complaint",
        "filed_on": filed_on,
        "title": title,
        "patent_numbers": ["201320100001.4"],
        "requester_name": "苏州某纺织科技有限公司",
        "respondent_name": respondent,
        "respondent_kind": "organisation",
    }


@transaction.atomic
def demo_mechanisms_load() -> int:
    """Create the records once (a case handled by the center tells); return how many."""
    if Case.objects.filter(handling_unit__code=CENTER).exists():
        return 0
    Office.objects.filter(code=CENTER).update(fast_protection=True)
    officer = User.objects.select_related("office").get(username="suzhou_officer")
    center = Office.objects.get(code=CENTER)
    today = timezone.localdate()
    start = today - timedelta(days=40)

    mediated = case_create(
        actor=officer,
        office=officer.office,
        data=_data("外观设计专利侵权纠纷（快速调解）", start, "吴江某家纺商行"),
    )
    mediated = case_transition(actor=officer, case=mediated, name="accept", on=start)
    mediated = case_transition(actor=officer, case=mediated, name="start_mediation",
                               on=start + timedelta(days=2), handling_unit=center)  # fmt: skip
    settled = start + timedelta(days=20)
    mediated = case_transition(actor=officer, case=mediated, name="settle", on=settled,
                               terms="被请求人停止销售涉案床品套件，下架库存，并赔偿请求人人民币三万元。",
                               reason="双方在快速维权中心达成调解协议")  # fmt: skip
    mediation_performance_record(actor=officer, case=mediated, performance="partly",
                                 on=settled + timedelta(days=10),
                                 note="已下架，赔偿款付一半")  # fmt: skip

    in_mediation = case_create(
        actor=officer,
        office=officer.office,
        data=_data("外观设计专利侵权纠纷（调解中）", today - timedelta(days=12), "常熟某服饰店"),
    )
    in_mediation = case_transition(actor=officer, case=in_mediation, name="accept",
                                   on=today - timedelta(days=10))  # fmt: skip
    case_transition(actor=officer, case=in_mediation, name="start_mediation",
                    on=today - timedelta(days=8), handling_unit=center)  # fmt: skip

    suspended = case_create(
        actor=officer,
        office=officer.office,
        data=_data("发明专利侵权纠纷（中止）", today - timedelta(days=60), "昆山某机械厂"),
    )
    suspended = case_transition(actor=officer, case=suspended, name="accept",
                                on=today - timedelta(days=58))  # fmt: skip
    suspended = case_transition(actor=officer, case=suspended, name="start_investigation",
                                on=today - timedelta(days=50))  # fmt: skip
    case_suspend(actor=officer, case=suspended, ground="invalidation",
                 reason="被请求人已向专利复审委员会提出无效宣告请求并已受理",
                 on=today - timedelta(days=20))  # fmt: skip

    opinion = case_create(
        actor=officer,
        office=officer.office,
        data=_data(
            "实用新型专利侵权纠纷（侵权判定咨询）", today - timedelta(days=30), "张家港某电器公司"
        ),
    )
    opinion = case_transition(actor=officer, case=opinion, name="accept",
                              on=today - timedelta(days=28))  # fmt: skip
    consultation_request(actor=officer, case=opinion, kind="expert_opinion",
                         experts="王教授、李高级工程师", organisation="苏州大学",
                         question="被控产品的散热结构是否落入权利要求 1 的保护范围？",
                         on=today - timedelta(days=5))  # fmt: skip
    assert Mediation.objects.filter(case=mediated).exists()

    # E-business: one shop, two cases; the second notice shows it as a repeat.
    shop = {
        "platform": "某购物平台",
        "shop_name": "吴江某家纺商行旗舰店",
        "shop_id": "TB-2013-0815",
    }
    address = "ipr-notices@platform.example.com"
    first = takedown_send(actor=officer, case=in_mediation, platform_address=address,
                          listing_urls=["https://item.platform.example.com/6310.htm",
                                        "https://item.platform.example.com/6311.htm"],
                          on=today - timedelta(days=7), **shop)  # fmt: skip
    takedown_answer(actor=officer, notice=first, answer="removed", note="两条链接已删除",
                    on=today - timedelta(days=5))  # fmt: skip
    takedown_send(actor=officer, case=opinion, platform_address=address,
                  listing_urls=["https://item.platform.example.com/7702.htm"],
                  on=today - timedelta(days=2), **shop)  # fmt: skip
    return 4
