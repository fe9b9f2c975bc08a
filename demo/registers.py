"""The demo campaign: this year's round of the work, started, on document 000's six categories,
with realistic entries in a few registers and power/duty list items with their procedures.

Idempotent: the campaign is found by its title, a register is filled only while it has no entry,
and an authority item is created only if its unit has none of that name.
"""

from datetime import timedelta

from django.utils import timezone

from demo.organization import DEMO_PASSWORD, PARTY_BRANCH_SECRETARY
from orgs.models import Unit, User
from registers.choices import (
    AuthorityCategory,
    AuthorityKind,
    PersonalScope,
    RegisterLevel,
    RegisterState,
)
from registers.data import AuthorityItemData, CampaignData, EntryData, ProcedureStepData
from registers.grading import grade_propose
from registers.models import AuthorityItem, Campaign, Category, CategorySet, Register
from registers.selectors import categories_for
from registers.services import (
    authority_item_create,
    campaign_create,
    campaign_start,
    entry_create,
    responsible_leader_propose,
)
from schedule.services import schedule_prefill
from workflow.permissions import signer_of
from workflow.services import (
    register_approve,
    register_deliberate,
    register_publish,
    register_sign,
    register_submit,
)

# (category, risk, manifestations, likelihood, impact, grade or None (= proposal), override
#  reason, prevention measures)
Entry = tuple[str, str, str, int, int, int | None, str, str]

# 形成原因, 监测指标 and 责任岗位 (document 000 三(一)6) of a few entries, by their risk: the
# Annexes do not ask for them, so most entries leave them empty, as most registers do.
DEMO_DETAILS: dict[str, tuple[str, str, str]] = {
    "环评文件审批中降低审批标准或超越权限审批": (
        "审批权集中于少数人;技术审查与行政审批衔接不紧;对审批结果缺少事后复核。",
        "审批超时限件数;事后抽查发现的不符合审批条件件数;涉及审批的信访举报件数。",
        "环评审批岗",
    ),
    "排污许可证核发把关不严": (
        "现场核查力量不足,依赖企业自报材料;核发人员对行业治污技术掌握不够。",
        "许可证抽查不合格率;核发后一年内被查处的持证单位数。",
        "排污许可审核岗",
    ),
    "专项资金审批、拨付中违反规定": (
        "资金分配标准不细;项目申报审核与拨付由同一岗位办理;绩效评价结果运用不足。",
        "未经集体研究分配的资金笔数;绩效评价低于合格线的项目数。",
        "资金审批岗",
    ),
    "政府采购中规避公开招标、指定供应商": (
        "采购需求由使用部门单方提出;对拆分采购缺少合并计算的检查。",
        "同一年度同类项目分次采购次数;单一来源采购占比。",
        "采购管理岗",
    ),
}

DEMO_ENTRIES: dict[tuple[str, str], list[Entry]] = {
    ("D06", RegisterLevel.DEPARTMENT): [
        (
            "权力运行类",
            "环评文件审批中降低审批标准或超越权限审批",
            "对不符合产业政策、选址不合理的建设项目违规审批;为关系人项目开“绿色通道”。",
            3,
            3,
            None,
            "",
            "严格执行环评审批程序和技术规范;重大项目实行集体会审;审批结果网上公开,接受社会监督。",
        ),
        (
            "权力运行类",
            "排污许可证核发把关不严",
            "对申报材料不全、治污设施不达标的企业核发排污许可证。",
            2,
            2,
            1,
            "涉及重点排污单位,社会关注度高,按高风险管理。",
            "实行现场核查与材料审查分离;许可证核发结果定期抽查。",
        ),
        (
            "工作流程类",
            "技术评估环节受人情干扰,评估意见失实",
            "技术评估机构或审查人员受建设单位请托,出具倾向性评估意见。",
            2,
            2,
            None,
            "",
            "评估专家随机抽取;评估意见实行回避和复核制度。",
        ),
        (
            "岗位履职类",
            "审批人员与环评中介机构存在利益关联",
            "审批人员或其亲属在环评中介机构任职、持股,或向建设单位推荐指定中介。",
            2,
            3,
            None,
            "",
            "签订廉洁承诺书;定期申报利益关联情况;严禁指定或推荐中介机构。",
        ),
        (
            "纪律作风类",
            "接受建设单位或中介机构宴请、礼品礼金",
            "在审批、评估过程中接受管理服务对象的吃请和礼品礼金。",
            1,
            2,
            None,
            "",
            "开展警示教育;公开举报电话;发现问题严肃追责。",
        ),
        (
            "制度机制类",
            "环评审批信息公开不及时、不完整",
            "受理、拟审批、审批决定等信息未按规定时限公开。",
            1,
            1,
            None,
            "",
            "建立信息公开台账,由专人按时限公开并定期检查。",
        ),
    ],
    ("D11", RegisterLevel.DEPARTMENT): [
        (
            "权力运行类",
            "行政处罚自由裁量权行使不规范",
            "对同类违法行为处罚畸轻畸重;违规减免、降低罚款数额。",
            3,
            3,
            None,
            "",
            "严格执行行政处罚自由裁量基准;重大案件集体审议;处罚决定网上公开。",
        ),
        (
            "权力运行类",
            "现场检查中选择性执法、随意执法",
            "对部分企业长期不检查或频繁检查;检查发现问题不依法处理。",
            2,
            3,
            None,
            "",
            "推行“双随机、一公开”监管;执法全过程记录。",
        ),
        (
            "工作流程类",
            "案件查处中泄露检查信息或通风报信",
            "在突击检查前向企业透露检查时间、对象。",
            1,
            3,
            None,
            "",
            "检查计划严格保密,临时确定检查对象;执法人员交叉编组。",
        ),
        (
            "岗位履职类",
            "执法文书制作不规范、案卷归档不及时",
            "调查笔录不完整,证据链缺失,案卷长期未归档。",
            2,
            1,
            None,
            "",
            "开展案卷评查;建立执法文书模板和归档时限。",
        ),
        (
            "纪律作风类",
            "接受被检查单位吃请或参加其安排的娱乐活动",
            "在执法检查期间接受宴请、旅游、健身等活动安排。",
            2,
            2,
            None,
            "",
            "执法纪律公开承诺;落实廉政回访制度。",
        ),
    ],
    ("D03", RegisterLevel.DEPARTMENT): [
        (
            "权力运行类",
            "专项资金审批、拨付中违反规定",
            "超范围、超标准拨付专项资金;优亲厚友分配资金。",
            2,
            3,
            None,
            "",
            "专项资金分配集体研究、公开公示;实行绩效评价。",
        ),
        (
            "制度机制类",
            "财务报销审核把关不严",
            "虚列支出、套取资金;报销票据不合规。",
            2,
            2,
            None,
            "",
            "严格执行报销审批流程;定期开展财务检查。",
        ),
        (
            "工作流程类",
            "政府采购中规避公开招标、指定供应商",
            "化整为零规避招标;设置倾向性条款。",
            1,
            3,
            None,
            "",
            "采购需求集体论证;采购全过程留痕;纪检全程监督。",
        ),
        (
            "岗位履职类",
            "内部审计发现问题整改跟踪不到位",
            "审计发现问题未督促整改,整改情况未复核。",
            1,
            2,
            None,
            "",
            "建立审计整改台账,实行销号管理。",
        ),
        (
            "纪律作风类",
            "违规使用公务卡、公款吃喝",
            "以会议费、培训费名义列支招待费用。",
            1,
            2,
            None,
            "",
            "公务卡强制结算;公务接待清单制管理。",
        ),
    ],
    ("HZEEB", RegisterLevel.UNIT): [
        (
            "议事决策类",
            "“三重一大”事项未经集体研究决策",
            "重大决策、重要人事任免、重大项目安排和大额资金使用由个人或少数人说了算。",
            2,
            3,
            None,
            "",
            "严格执行“三重一大”集体决策制度;会议纪要存档备查;纪检全程监督。",
        ),
        (
            "议事决策类",
            "集体决策程序不规范",
            "会前酝酿不充分,临时动议;会议记录不完整;末位表态制落实不到位。",
            2,
            2,
            None,
            "",
            "完善党组议事规则;议题提前送达;一把手末位表态。",
        ),
        (
            "议事决策类",
            "重大资金安排决策未听取纪检意见",
            "大额资金安排未经合法性审查和纪检监督即作决定。",
            1,
            3,
            None,
            "",
            "重大事项决策前征求纪检和法制机构意见。",
        ),
        (
            "权力运行类",
            "干部选拔任用中违反规定程序",
            "未经民主推荐、考察即作任用决定;“带病提拔”。",
            1,
            3,
            None,
            "",
            "严格执行干部选拔任用条例;全程纪实;“凡提四必”。",
        ),
        (
            "制度机制类",
            "内部控制制度不健全,权力运行监督存在盲区",
            "关键岗位未定期轮岗;不相容岗位未分离。",
            2,
            2,
            None,
            "",
            "完善内部控制制度;关键岗位定期轮岗交流。",
        ),
        (
            "纪律作风类",
            "违反中央八项规定精神,违规公务接待",
            "超标准接待;无公函接待;借公务接待之机公款吃喝。",
            1,
            2,
            None,
            "",
            "严格执行公务接待管理办法;定期通报接待情况。",
        ),
    ],
}

# (unit code, name, kind, category, legal basis, responsible subject, supervision, steps as
#  (name, handler, time limit, description))
Step = tuple[str, str, str, str]
DEMO_AUTHORITY_ITEMS: list[tuple[str, str, str, str, str, str, str, list[Step]]] = [
    (
        "D06",
        "建设项目环境影响评价文件审批",
        AuthorityKind.POWER,
        AuthorityCategory.LICENSING,
        "《中华人民共和国环境影响评价法》第二十二条;《建设项目环境保护管理条例》第九条",
        "环境影响评价处",
        "机关纪委日常监督;审批结果网上公示;接受社会监督",
        [
            ("受理", "窗口受理岗", "1个工作日", "审查申请材料是否齐全,出具受理通知书"),
            ("受理公示", "环评审批岗", "10个工作日", "在门户网站公示环评文件全本"),
            ("技术评估", "技术审查岗", "30日", "委托技术评估机构评估,专家随机抽取"),
            ("审查", "环评审批岗", "15个工作日", "提出审查意见,重大项目提交集体会审"),
            ("审批决定", "分管局领导", "3个工作日", "签发审批决定"),
            ("结果公开", "环评审批岗", "7个工作日", "审批决定网上公开"),
        ],
    ),
    (
        "D06",
        "排污许可证核发",
        AuthorityKind.POWER,
        AuthorityCategory.LICENSING,
        "《排污许可管理条例》第十一条",
        "环境影响评价处",
        "许可结果公开;定期抽查",
        [
            ("申请受理", "排污许可岗", "5个工作日", "通过全国排污许可证管理信息平台受理"),
            ("材料审核", "排污许可岗", "10个工作日", "审核申请材料"),
            ("现场核查", "技术审查岗", "", "必要时现场核查治污设施"),
            ("审批发证", "处长", "5个工作日", "作出许可决定并发证"),
        ],
    ),
    (
        "D11",
        "生态环境违法行为行政处罚",
        AuthorityKind.POWER,
        AuthorityCategory.PENALTY,
        "《中华人民共和国环境保护法》第五十九条;《生态环境行政处罚办法》",
        "生态环境执法支队",
        "重大案件集体审议;法制审核;处罚决定网上公开",
        [
            ("立案", "案件审理岗", "15日", "对发现的违法线索审查立案"),
            ("调查取证", "现场执法岗", "", "两名以上执法人员调查取证,全过程记录"),
            ("案件审理", "案件审理岗", "", "审查事实、证据和裁量适用"),
            ("告知与听证", "行政处罚岗", "", "告知陈述申辩和听证权利"),
            ("处罚决定", "支队长/集体审议", "", "重大案件集体审议后作出决定"),
            ("送达执行", "行政处罚岗", "7日", "送达处罚决定书并督促履行"),
            ("结案归档", "案件审理岗", "", "立卷归档"),
        ],
    ),
    (
        "D11",
        "生态环境现场检查",
        AuthorityKind.POWER,
        AuthorityCategory.INSPECTION,
        "《中华人民共和国环境保护法》第二十四条",
        "生态环境执法支队",
        "“双随机、一公开”;执法记录仪全程记录",
        [
            ("制定计划", "支队长", "", "随机抽取检查对象和执法人员"),
            ("现场检查", "现场执法岗", "", "出示证件,依法检查"),
            ("制作笔录", "现场执法岗", "当场", "如实记录检查情况"),
            ("问题处理", "现场执法岗", "", "发现违法行为移交立案"),
        ],
    ),
    (
        "D03",
        "专项资金审批拨付",
        AuthorityKind.DUTY,
        AuthorityCategory.INTERNAL,
        "《中华人民共和国预算法》;市级生态环境专项资金管理办法",
        "财务审计处",
        "集体研究;资金分配结果公示;绩效评价",
        [
            ("项目申报", "业务处室", "", "项目单位提交申请"),
            ("审核", "资金审批岗", "10个工作日", "审核项目资料和预算"),
            ("集体研究", "局党组", "", "资金分配方案集体研究"),
            ("拨付", "会计核算岗", "5个工作日", "按进度拨付资金"),
            ("绩效评价", "内部审计岗", "年度", "开展资金使用绩效评价"),
        ],
    ),
]


def build_demo_campaign() -> Campaign:
    """Create and start the current demo campaign once; later runs return it unchanged (apart
    from filling what an older demo lacked)."""
    year = timezone.localdate().year
    admin = User.objects.get(username="admin")
    campaign = Campaign.objects.filter(year=year, title__startswith="[演示]").first()
    if campaign is None:
        campaign = campaign_create(
            actor=admin,
            data=CampaignData(
                year=year,
                title=f"[演示]{year}年度廉政风险排查防控",
                category_set=CategorySet.objects.get(is_default=True),
                # Open from today, so that a register taken through to publication in the demo is
                # on the public page at once.
                publication_start=timezone.localdate(),
                publication_end=timezone.localdate() + timedelta(days=90),
                # Documents 001 and 004: every person, leaders included, checks his own post;
                # the bureau, branches and affiliated units keep a 三重一大 register.
                personal_scope=PersonalScope.EVERYONE,
                has_major_register=True,
            ),
        )
    schedule_prefill(campaign=campaign)
    if campaign.started_at is None:
        campaign_start(campaign=campaign, actor=admin)
    build_demo_entries(campaign=campaign, actor=admin)
    build_demo_personal_registers(campaign=campaign)
    build_demo_publications(campaign=campaign)
    build_demo_major_entries(campaign=campaign, actor=admin)
    build_demo_authority_items(actor=admin)
    return campaign


# (category, risk, manifestations, grade, measures) of one person's own register.
PersonalEntry = tuple[str, str, str, int, str]

# Each routing case of document 004, the register's entries, and how far the demo takes it:
# the staff member's stays in draft for the browser test to fill and submit; a colleague's waits
# for his department head; the party-branch secretary's for the leader in charge; the department
# head's (signed by the deputy) and the deputy's (signed by the principal) are published; the
# principal's is signed by the committee and waits for its review (审核备案).
DEMO_PERSONAL: list[tuple[str, str, list[PersonalEntry]]] = [
    (
        "jingban",
        RegisterState.DRAFT,
        [
            (
                "岗位履职类",
                "环评文件受理时接受项目单位宴请或礼品",
                "受理、补正材料期间单独接触项目单位人员,收受购物卡、土特产。",
                2,
                "执行双人接待和登记制度;签订廉洁承诺;定期轮岗。",
            ),
        ],
    ),
    (
        "ud062",
        RegisterState.SUBMITTED,
        [
            (
                "工作流程类",
                "技术审查意见不按规定程序出具",
                "技术审查意见未经集体讨论、未留存审查记录即出具。",
                3,
                "技术审查实行集体讨论并全程留痕;处长每月抽查。",
            ),
        ],
    ),
    (
        PARTY_BRANCH_SECRETARY,
        RegisterState.SUBMITTED,
        [
            (
                "纪律作风类",
                "党员教育管理流于形式",
                "组织生活会批评与自我批评不严肃;对党员苗头性问题不提醒。",
                3,
                "落实“三会一课”;对苗头性问题及时谈话提醒并记录。",
            ),
        ],
    ),
    (
        "chuzhang",
        RegisterState.PUBLISHED,
        [
            (
                "权力运行类",
                "审批中为关系人项目开“绿色通道”",
                "对关系人项目降低审查标准、压缩审查时限。",
                1,
                "审批事项集体研究;利害关系回避;审批结果事后抽查。",
            ),
        ],
    ),
    (
        "fuju3",
        RegisterState.PUBLISHED,
        [
            (
                "议事决策类",
                "分管领域重大事项个人说了算",
                "分管处室的资金分配、项目安排未经集体研究即作决定。",
                1,
                "严格执行“三重一大”集体决策制度;分管事项定期向党组报告。",
            ),
        ],
    ),
    (
        "juzhang",
        RegisterState.SIGNED,
        [
            (
                "议事决策类",
                "违反“五不直接分管”和“末位表态”规定",
                "直接分管人事、财务、工程项目;集体研究时首先表态。",
                1,
                "执行“五不直接分管”;党组会议主要负责人末位表态;纪委列席监督。",
            ),
        ],
    ),
]


def build_demo_personal_registers(*, campaign: Campaign) -> None:
    """Personal registers at every routing case (see DEMO_PERSONAL), each filled by the person
    and moved by the people the workflow names. A register that already has entries is left as
    it is, so a second run changes nothing."""
    categories = {
        category.name: category
        for category in Category.objects.filter(category_set_id=campaign.category_set_id)
    }
    committee = User.objects.filter(username="jiwei").first()
    for username, state, entries in DEMO_PERSONAL:
        register = (
            Register.objects.filter(
                campaign=campaign, level=RegisterLevel.PERSONAL, person__username=username
            )
            .select_related("person", "unit", "campaign")
            .first()
        )
        if register is None or register.person is None or register.entries.exists():
            continue
        person = register.person
        for category, risk, shown, grade, measures in entries:
            entry_create(
                register=register,
                actor=person,
                data=EntryData(
                    category=categories[category],
                    risk=risk,
                    manifestations=shown,
                    grade=grade,
                    prevention_measures=measures,
                ),
            )
        if state == RegisterState.DRAFT:
            continue
        register_submit(register=register, actor=person)
        if state == RegisterState.SUBMITTED:
            continue
        signer = _demo_signer(register)
        register_sign(register=register, actor=signer, password=DEMO_PASSWORD)
        if state == RegisterState.SIGNED or committee is None:
            continue
        # The committee's review is the leading group office's 审核备案 (document 004); a
        # person's own register does not go to the party group.
        register_approve(register=register, actor=committee)
        register_publish(register=register, actor=committee)


# Registers the demo publishes, so that their department and unit commitment letters exist: the
# bureau's Annex 1 (signed by the principal) and 生态环境执法支队's Annex 2 (by its leader in
# charge). 环境影响评价处's stays in draft for the browser tests to take through the workflow.
DEMO_PUBLISHED: list[tuple[str, str]] = [
    ("HZEEB", RegisterLevel.UNIT),
    ("D11", RegisterLevel.DEPARTMENT),
]


def build_demo_publications(*, campaign: Campaign) -> None:
    """Take DEMO_PUBLISHED through the workflow to publication, each move by the person the
    workflow names (the unit's head submits). Only a register still in draft with entries moves,
    so a second run changes nothing."""
    committee = User.objects.filter(username="jiwei").first()
    party_group = User.objects.filter(username="fuju1").first()
    for code, level in DEMO_PUBLISHED:
        register = (
            Register.objects.filter(
                campaign=campaign, unit__code=code, level=level, state=RegisterState.DRAFT
            )
            .select_related("unit__head", "campaign")
            .first()
        )
        if register is None or committee is None or not register.entries.exists():
            continue
        head, signer = register.unit.head, signer_of(register)
        if head is None or signer is None:
            continue
        register_submit(register=register, actor=head)
        register_sign(register=register, actor=signer, password=DEMO_PASSWORD)
        register_approve(register=register, actor=committee)
        if campaign.has_party_group_stage and party_group is not None:
            register_deliberate(register=register, actor=party_group)
        register_publish(register=register, actor=committee)


def _demo_signer(register: Register) -> User:
    """Who signs in the demo: the person's leader by document 004, or, for the principal, the
    committee's secretary (any member but the person himself would do)."""
    person = register.person
    assert person is not None
    if (
        person.unit is not None
        and person.unit.head_id == person.pk
        and person.unit.is_principal_unit
    ):
        return User.objects.get(username="jiwei")
    if Unit.objects.filter(leader_in_charge=person).exists():
        return User.objects.get(username="juzhang")
    if person.unit is not None and (
        person.is_party_branch_secretary or person.unit.head_id == person.pk
    ):
        assert person.unit.leader_in_charge is not None
        return person.unit.leader_in_charge
    assert person.unit is not None and person.unit.head is not None
    return person.unit.head


# The bureau's 三重一大 register (document 001: 重大事项决策、重要干部任免、重要项目安排和
# 大额度资金的使用), one entry per matter.
DEMO_MAJOR: list[tuple[str, str, str, int, str]] = [
    (
        "重大事项决策",
        "重大事项未经党组集体研究即作决定",
        "以传阅、会签或个别征求意见代替会议研究;会议记录不完整。",
        1,
        "重大事项一律提交党组会议研究;会议纪要存档备查;纪委列席。",
    ),
    (
        "重要干部任免",
        "干部选拔任用中违反程序或“带病提拔”",
        "动议、民主推荐、考察、讨论决定等环节走过场;廉政意见回复不严。",
        1,
        "严格执行干部任用条例;考察对象廉政意见由纪委回复;全程纪实。",
    ),
    (
        "重要项目安排",
        "项目立项、招标中规避集体决策",
        "化整为零规避公开招标;指定或暗示中标单位。",
        2,
        "项目库管理;重要项目安排集体研究;招标全过程留痕。",
    ),
    (
        "大额度资金的使用",
        "大额资金支出未经集体研究或超预算",
        "一支笔审批大额支出;专项资金挪作他用。",
        1,
        "大额资金支出集体研究;财务审计处事前审核;年度审计。",
    ),
]


def build_demo_major_entries(*, campaign: Campaign, actor: User) -> None:
    register = (
        Register.objects.filter(campaign=campaign, unit__code="HZEEB", level=RegisterLevel.MAJOR)
        .select_related("campaign")
        .first()
    )
    if register is None or register.entries.exists():
        return
    categories = {category.name: category for category in categories_for(register)}
    for category, risk, shown, grade, measures in DEMO_MAJOR:
        entry_create(
            register=register,
            actor=actor,
            data=EntryData(
                category=categories[category],
                risk=risk,
                manifestations=shown,
                grade=grade,
                prevention_measures=measures,
                responsible_leader=responsible_leader_propose(register=register, grade=grade),
            ),
        )


def build_demo_entries(*, campaign: Campaign, actor: User) -> None:
    categories = {
        category.name: category
        for category in Category.objects.filter(category_set_id=campaign.category_set_id)
    }
    for (code, level), entries in DEMO_ENTRIES.items():
        register = Register.objects.filter(
            campaign=campaign, unit__code=code, level=level, post__isnull=True
        ).first()
        if register is None or register.entries.exists():
            continue
        for category, risk, shown, likelihood, impact, grade, reason, measures in entries:
            if category not in categories:
                continue
            effective = grade or grade_propose(likelihood=likelihood, impact=impact)
            cause, indicator, post = DEMO_DETAILS.get(risk, ("", "", ""))
            data = EntryData(
                category=categories[category],
                risk=risk,
                manifestations=shown,
                likelihood=likelihood,
                impact=impact,
                grade=grade,
                grade_override_reason=reason,
                cause=cause,
                prevention_measures=measures,
                monitoring_indicator=indicator,
                responsible_department=register.unit.name,
                responsible_post=post,
                responsible_leader=responsible_leader_propose(register=register, grade=effective),
            )
            entry_create(register=register, actor=actor, data=data)


def build_demo_authority_items(*, actor: User) -> None:
    codes = {item[0] for item in DEMO_AUTHORITY_ITEMS}
    units = {unit.code: unit for unit in Unit.objects.filter(code__in=codes)}
    for code, name, kind, category, basis, subject, supervision, steps in DEMO_AUTHORITY_ITEMS:
        unit = units.get(code)
        if unit is None or AuthorityItem.objects.filter(unit=unit, name=name).exists():
            continue
        authority_item_create(
            actor=actor,
            unit=unit,
            data=AuthorityItemData(
                name=name,
                kind=kind,
                category=category,
                legal_basis=basis,
                responsible_subject=subject,
                supervision_method=supervision,
            ),
            steps=[
                ProcedureStepData(name=step, handler=handler, time_limit=limit, description=text)
                for step, handler, limit, text in steps
            ],
        )
