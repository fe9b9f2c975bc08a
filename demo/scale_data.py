"""Bureau-scale benchmark data: a fictional organization of the size of a real municipal bureau.

This is generated benchmark data, not the product at work: it writes rows with bulk operations
(bulk_create / bulk_update), sets register states directly and fabricates the matching Transition
rows, bypassing the services, their audit rows and their notifications. That is deliberate: the
point is to load 20,000 entries in seconds, and pages that show a register's history still find a
consistent path of transitions for every state. Never run it on a database holding real work; it
refuses to run next to the demo organization unless forced.

Everything comes from one `random.Random(seed)`, so the same seed gives the same data.
"""

import random
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import timedelta

from django.contrib.auth.hashers import make_password
from django.db import models, transaction
from django.utils import timezone

from demo.organization import BUREAU as DEMO_BUREAU
from demo.organization import GIVEN, SURNAMES
from orgs.choices import UnitKind
from orgs.models import Post, Unit, User
from registers.choices import (
    AuthorityCategory,
    AuthorityKind,
    RegisterLevel,
    RegisterState,
)
from registers.grading import grade_propose
from registers.models import (
    AuthorityItem,
    Campaign,
    Category,
    CategorySet,
    ProcedureStep,
    Register,
    RiskEntry,
)
from workflow.models import Transition

SCALE_PASSWORD = "Scale-Bench-2026!"  # noqa: S105 - the published password of generated data
SCALE_CODE_PREFIX = "SC"
BUREAU_CODE = f"{SCALE_CODE_PREFIX}-BUREAU"
BATCH = 2000

# Well-known users of the generated organization, used by the benchmark.
COMMITTEE_USERNAME = "sc_jiwei"
ADMIN_USERNAME = "sc_admin"
BIG_REGISTER_FILLER = "sc_filler"
BIG_REGISTER_ENTRIES = 200


class ScaleDataError(Exception):
    """The generator refuses to run (demo data present, or generated data already there)."""


# Phrase fragments of an environment bureau's integrity risks, by domain; entries are composed
# from them so that text lengths and vocabulary look like real registers.
DOMAINS: dict[str, dict[str, list[str]]] = {
    "approval": {
        "subject": [
            "环评文件审批",
            "排污许可证核发",
            "危险废物经营许可",
            "辐射安全许可",
            "建设项目竣工验收备案",
        ],
        "risk": [
            "对不符合条件的申请违规予以批准",
            "故意拖延办理或刁难申请人",
            "利用审批权为特定企业提供便利并收受好处",
            "未严格执行技术审查意见擅自降低审批标准",
            "违规干预第三方技术评估机构结论",
        ],
        "manifestation": [
            "在受理、审查、决定等环节以口头方式打招呼、递条子",
            "对申请材料明显缺失的项目放宽要求予以受理",
            "向申请人推荐指定中介机构编制环评文件",
            "审批时限届满仍不作出决定且不说明理由",
            "与申请人私下接触并接受宴请或礼品礼金",
        ],
    },
    "enforcement": {
        "subject": ["现场执法检查", "行政处罚裁量", "查封扣押", "信访投诉办理", "在线监控数据核查"],
        "risk": [
            "执法检查中发现问题不报告、不处理",
            "滥用自由裁量权畸轻畸重处罚",
            "提前向检查对象通风报信",
            "对违法行为以罚代管、以补代罚",
            "违规解除查封扣押措施",
        ],
        "manifestation": [
            "选择性执法,对关系企业降低检查频次",
            "未按裁量基准确定罚款数额且未集体讨论",
            "执法记录仪未全程开启,现场笔录与事实不符",
            "接受企业安排的食宿、交通等",
            "案件调查终结后长期搁置不作处理",
        ],
    },
    "money": {
        "subject": [
            "污染防治专项资金分配",
            "生态补偿资金拨付",
            "差旅及公务接待报销",
            "项目资金绩效评价",
            "罚没款收缴",
        ],
        "risk": [
            "违规分配或截留挪用专项资金",
            "虚报冒领、套取财政资金",
            "对不符合规定的票据予以报销",
            "资金拨付审核把关不严",
            "罚没款未及时足额上缴国库",
        ],
        "manifestation": [
            "项目申报材料审核流于形式,优亲厚友",
            "以虚假合同、虚开发票方式套取资金",
            "超标准、超范围列支接待费用",
            "资金使用绩效评价走过场,问题不整改",
            "收缴罚没款时坐收坐支或私设小金库",
        ],
    },
    "procurement": {
        "subject": ["政府采购", "监测设备购置", "第三方服务委托", "工程项目招标", "办公用品采购"],
        "risk": [
            "为特定供应商量身定制采购需求",
            "规避公开招标,化整为零采购",
            "评审过程中泄露评标信息",
            "验收把关不严,接受不合格产品",
            "与供应商串通抬高采购价格",
        ],
        "manifestation": [
            "在技术参数中设置排他性条款",
            "同一项目拆分为多个小额合同分别签订",
            "评审专家抽取环节弄虚作假",
            "未按合同约定组织验收即支付款项",
            "收受供应商回扣或接受其安排的旅游",
        ],
    },
    "personnel": {
        "subject": ["干部选拔任用", "公务员招录", "职称评审", "人员借调", "年度考核评优"],
        "risk": [
            "违反程序选拔任用干部",
            "在招录中暗箱操作、弄虚作假",
            "职称评审中优亲厚友",
            "违规借调、长期借调下级单位人员",
            "考核评优不公正,搞平衡照顾",
        ],
        "manifestation": [
            "民主推荐、考察环节走过场,搞“带病提拔”",
            "泄露考试试题或面试评分信息",
            "对评审材料把关不严,放宽申报条件",
            "借调人员未履行审批程序",
            "考核结果未公示或公示期内问题未核实",
        ],
    },
}

MEASURES = [
    "严格执行“三重一大”集体决策制度,重大事项经领导班子集体研究",
    "推行审批事项网上办理,全程留痕、可追溯",
    "落实首问负责制、限时办结制和责任追究制",
    "建立执法全过程记录制度,执法记录仪全程开启",
    "严格执行行政处罚自由裁量基准,案件集体审理",
    "专项资金分配实行公开公示,接受社会监督",
    "加强内部审计,定期开展资金使用专项检查",
    "政府采购严格执行公开招标程序,采购需求经法制审核",
    "关键岗位人员定期轮岗交流",
    "开展廉政谈话和警示教育,签订廉政承诺书",
    "纪检监察机构全程参与监督,发现问题及时处置",
    "建立利益冲突回避制度,有利害关系的人员主动回避",
]

DEPARTMENT_NAMES = [
    "办公室",
    "组织人事处",
    "财务审计处",
    "法规与标准处",
    "综合规划处",
    "环境影响评价处",
    "水生态环境处",
    "大气环境处",
    "土壤生态环境处",
    "固体废物与化学品处",
    "生态环境执法支队",
    "宣传教育处",
    "机关党委",
    "科技与财务处",
    "自然生态保护处",
    "核与辐射安全处",
    "海洋生态环境处",
    "应对气候变化处",
    "环境监测处",
    "督察整改办公室",
]
BRANCH_DISTRICTS = ["上城", "拱墅", "西湖", "滨江", "萧山", "余杭", "临平", "钱塘", "富阳", "临安"]
BRANCH_SECTIONS = ["办公室", "环境管理科", "审批科", "执法大队", "监测站", "综合科"]
AFFILIATED_NAMES = [
    "市生态环境监测中心",
    "市环境信息中心",
    "市固体废物管理中心",
    "市环境科学研究院",
    "市机动车排气监测中心",
    "市辐射环境监督站",
    "市生态环境宣传教育中心",
]
AFFILIATED_SECTIONS = ["综合室", "业务室", "质量管理室"]
KEY_POSTS = {
    "approval": "项目审批岗",
    "enforcement": "现场执法岗",
    "money": "资金管理岗",
    "procurement": "政府采购岗",
    "personnel": "人事管理岗",
}

# 形成原因 and 监测指标 by domain, for every other entry (no draw from the generator: the same
# seed gives the same entries as before these fields existed); 责任岗位 is the domain's key post.
CAUSES = {
    "approval": "审批权相对集中,审查标准弹性较大,事后复核不足",
    "enforcement": "执法裁量空间大,现场检查缺少同步监督",
    "money": "资金分配标准不细,审核与拨付未完全分离",
    "procurement": "采购需求由使用部门单方提出,对拆分采购缺少检查",
    "personnel": "选人用人程序执行不严,民主推荐和考察监督不足",
}
INDICATORS = {
    "approval": "审批超时限件数;事后抽查不合格件数",
    "enforcement": "自由裁量偏离基准的案件数;执法投诉件数",
    "money": "未经集体研究分配的资金笔数;绩效评价不合格项目数",
    "procurement": "单一来源采购占比;同类项目分次采购次数",
    "personnel": "选人用人信访举报件数;公示期内反映问题件数",
}


@dataclass
class ScaleSummary:
    """What the generator created, for the command to print."""

    units: int = 0
    posts: int = 0
    people: int = 0
    authority_items: int = 0
    registers: int = 0
    entries: int = 0
    transitions: int = 0
    states: dict[str, int] = field(default_factory=dict)
    big_register_id: int | None = None
    campaign_id: int | None = None


def _bulk[M: models.Model](model: type[M], objs: list[M], *, batch: int = BATCH) -> list[M]:
    return model._default_manager.bulk_create(objs, batch_size=batch)


class _Text:
    """Composes register text from the fragments, all from one seeded generator."""

    def __init__(self, rng: random.Random) -> None:
        self.rng = rng

    def domain(self) -> str:
        return self.rng.choice(list(DOMAINS))

    def risk(self, domain: str) -> str:
        d = DOMAINS[domain]
        return f"{self.rng.choice(d['subject'])}环节:{self.rng.choice(d['risk'])}"

    def manifestations(self, domain: str) -> str:
        picks = self.rng.sample(DOMAINS[domain]["manifestation"], k=self.rng.randint(2, 3))
        return "".join(f"{i}.{text};" for i, text in enumerate(picks, start=1))

    def measures(self) -> str:
        picks = self.rng.sample(MEASURES, k=self.rng.randint(2, 4))
        return "".join(f"{i}.{text};" for i, text in enumerate(picks, start=1))


class _Names:
    def __init__(self, rng: random.Random) -> None:
        self.rng = rng
        self.taken: set[str] = set()

    def next(self) -> str:
        for _ in range(50):
            given = "".join(self.rng.choice(GIVEN) for _ in range(self.rng.choice([1, 2, 2])))
            name = self.rng.choice(SURNAMES) + given
            if name not in self.taken:
                self.taken.add(name)
                return name
        # Past ~50 collisions in a row the pool is crowded: a numbered name is still realistic
        # enough for a benchmark and keeps names unique.
        name = f"{self.rng.choice(SURNAMES)}{self.rng.choice(GIVEN)}{len(self.taken)}"
        self.taken.add(name)
        return name


def _unit_plan(total: int) -> list[tuple[str, str, str, str | None]]:
    """(code, name, kind, parent code) for `total` units: the bureau, departments (~30%), then
    branches with sections and affiliated units with sections, alternating, until `total`."""
    plan: list[tuple[str, str, str, str | None]] = [
        (BUREAU_CODE, "[压测]市生态环境局", UnitKind.BUREAU, None)
    ]
    departments = max(5, round(total * 0.3))
    for i in range(departments):
        base = DEPARTMENT_NAMES[i % len(DEPARTMENT_NAMES)]
        name = base if i < len(DEPARTMENT_NAMES) else f"{base}({i // len(DEPARTMENT_NAMES) + 1})"
        plan.append((f"{SCALE_CODE_PREFIX}-D{i + 1:02d}", name, UnitKind.DEPARTMENT, BUREAU_CODE))
    b = a = 0
    while len(plan) < total:
        if b <= a:
            district = BRANCH_DISTRICTS[b % len(BRANCH_DISTRICTS)]
            suffix = "" if b < len(BRANCH_DISTRICTS) else str(b // len(BRANCH_DISTRICTS) + 1)
            code, name, sections = (
                f"{SCALE_CODE_PREFIX}-B{b + 1}",
                f"{district}{suffix}分局",
                BRANCH_SECTIONS[:4],
            )
            kind = UnitKind.BRANCH
            b += 1
        else:
            base = AFFILIATED_NAMES[a % len(AFFILIATED_NAMES)]
            suffix = "" if a < len(AFFILIATED_NAMES) else f"({a // len(AFFILIATED_NAMES) + 1})"
            code, name, sections = (
                f"{SCALE_CODE_PREFIX}-A{a + 1}",
                f"{base}{suffix}",
                AFFILIATED_SECTIONS[:2],
            )
            kind = UnitKind.AFFILIATED
            a += 1
        plan.append((code, name, kind, BUREAU_CODE))
        for s, section in enumerate(sections, start=1):
            if len(plan) >= total:
                break
            plan.append((f"{code}-{s:02d}", f"{name}{section}", UnitKind.DEPARTMENT, code))
    return plan


# The path of transitions that leads a register from draft to each state:
# (action, from, to, who acts: a key into the actors of _fabricate_history).
PATHS: dict[str, list[tuple[str, str, str, str]]] = {
    RegisterState.DRAFT: [],
    RegisterState.SUBMITTED: [("submit", "draft", "submitted", "filler")],
    RegisterState.SIGNED: [
        ("submit", "draft", "submitted", "filler"),
        ("sign", "submitted", "signed", "signer"),
    ],
    RegisterState.APPROVED: [
        ("submit", "draft", "submitted", "filler"),
        ("sign", "submitted", "signed", "signer"),
        ("approve", "signed", "approved", "committee"),
    ],
    RegisterState.DELIBERATED: [
        ("submit", "draft", "submitted", "filler"),
        ("sign", "submitted", "signed", "signer"),
        ("approve", "signed", "approved", "committee"),
        ("deliberate", "approved", "deliberated", "party"),
    ],
    RegisterState.PUBLISHED: [
        ("submit", "draft", "submitted", "filler"),
        ("sign", "submitted", "signed", "signer"),
        ("approve", "signed", "approved", "committee"),
        ("deliberate", "approved", "deliberated", "party"),
        ("publish", "deliberated", "published", "committee"),
    ],
    RegisterState.RETURNED: [
        ("submit", "draft", "submitted", "filler"),
        ("sign", "submitted", "signed", "signer"),
        ("return", "signed", "returned", "committee"),
    ],
}


def scale_data_present() -> bool:
    return Unit.objects.filter(code=BUREAU_CODE).exists()


def demo_data_present() -> bool:
    return Unit.objects.filter(code=DEMO_BUREAU[0]).exists()


@transaction.atomic
def generate_scale_data(
    *,
    seed: int = 1,
    units: int = 60,
    people: int = 2000,
    entries: int = 20000,
    force: bool = False,
    log: Callable[[str], None] = lambda _msg: None,
) -> ScaleSummary:
    """Create the scale organization, one started campaign and its registers and entries."""
    if scale_data_present():
        raise ScaleDataError("此数据库中已有压测数据,请使用新的数据库。")
    if demo_data_present() and not force:
        raise ScaleDataError("此数据库中有演示单位数据;为避免混杂,请使用新的数据库或加 --force。")
    if User.objects.exists() and not force:
        # It creates a superuser with a published password and thousands of people: never on a
        # database that already has users of its own (a production one) unless asked to.
        raise ScaleDataError("此数据库中已有用户;压测数据只能生成到新的数据库,或加 --force。")
    rng = random.Random(seed)
    text = _Text(rng)
    names = _Names(rng)
    summary = ScaleSummary()
    now = timezone.now()

    # Units: create without parents, then link (bulk_create cannot refer to unsaved parents).
    plan = _unit_plan(units)
    created_units = _bulk(
        Unit,
        [
            Unit(code=code, name=name, kind=kind, order=i, short_name=name[-6:])
            for i, (code, name, kind, _parent) in enumerate(plan)
        ],
    )
    by_code = {u.code: u for u in created_units}
    for unit, (_code, _name, _kind, parent) in zip(created_units, plan, strict=True):
        unit.parent = by_code[parent] if parent else None
    Unit.objects.bulk_update(created_units, ["parent"], batch_size=BATCH)
    summary.units = len(created_units)
    log(f"units: {summary.units}")

    # Posts: every unit below the bureau has one or two key posts and an ordinary one.
    domains = list(KEY_POSTS)
    post_objs: list[Post] = []
    for unit in created_units:
        key_domains = rng.sample(domains, k=1 if unit.kind == UnitKind.BUREAU else 2)
        for order, domain in enumerate(key_domains):
            post_objs.append(Post(unit=unit, name=KEY_POSTS[domain], is_key=True, order=order))
        post_objs.append(Post(unit=unit, name="综合岗", is_key=False, order=len(key_domains)))
    posts = _bulk(Post, post_objs)
    posts_by_unit: dict[int, list[Post]] = {}
    for post in posts:
        posts_by_unit.setdefault(post.unit_id, []).append(post)
    summary.posts = len(posts)
    log(f"posts: {summary.posts}")

    # People: one password hash for all (hashing 2,000 times with Argon2 would take minutes).
    password_hash = make_password(SCALE_PASSWORD)
    bureau = by_code[BUREAU_CODE]
    user_objs: list[User] = []
    fixed = [
        (
            ADMIN_USERNAME,
            "压测管理员",
            bureau,
            "信息管理员",
            {"is_staff": True, "is_superuser": True},
        ),
        ("sc_juzhang", names.next(), bureau, "党组书记、局长", {"is_party_group_member": True}),
        *[
            (
                f"sc_fuju{i}",
                names.next(),
                bureau,
                "党组成员、副局长",
                {"is_party_group_member": True},
            )
            for i in range(1, 5)
        ],
        (COMMITTEE_USERNAME, names.next(), bureau, "机关纪委书记", {"is_committee_member": True}),
        ("sc_jiwei2", names.next(), bureau, "机关纪委委员", {"is_committee_member": True}),
    ]
    for username, name, unit, title, flags in fixed:
        user_objs.append(
            User(
                username=username,
                name=name,
                unit=unit,
                job_title=title,
                password=password_hash,
                **flags,
            )
        )
    others = max(0, people - len(user_objs))
    ordered_units = created_units[1:] or created_units
    for i in range(others):
        unit = ordered_units[i % len(ordered_units)]
        unit_posts = posts_by_unit[unit.pk]
        # The first round of people are the unit heads (no post); the second round fills the
        # key post; the rest spread over the posts.
        round_no = i // len(ordered_units)
        held: Post | None = None if round_no == 0 else unit_posts[(round_no - 1) % len(unit_posts)]
        username = (
            BIG_REGISTER_FILLER if (round_no == 1 and unit is ordered_units[0]) else f"sc{i:05d}"
        )
        user_objs.append(
            User(
                username=username,
                name=names.next(),
                unit=unit,
                post=held,
                job_title="负责人" if round_no == 0 else "科员",
                phone=f"0571-{rng.randint(80000000, 89999999)}",
                password=password_hash,
            )
        )
    users = _bulk(User, user_objs)
    summary.people = len(users)
    log(f"people: {summary.people}")
    by_username = {u.username: u for u in users}
    heads = {u.unit_id: u for u in reversed(users) if u.job_title == "负责人"}
    deputies = [by_username[f"sc_fuju{i}"] for i in range(1, 5)]
    principal = by_username["sc_juzhang"]

    bureau.head = principal
    for i, unit in enumerate(created_units[1:]):
        unit.head = heads.get(unit.pk)
        parent_unit = by_code.get(plan[i + 1][3] or "")
        if parent_unit is not None and parent_unit.kind != UnitKind.BUREAU:
            # Inside a branch or affiliated unit its principal oversees the sections.
            unit.leader_in_charge = heads.get(parent_unit.pk) or deputies[i % len(deputies)]
        else:
            unit.leader_in_charge = deputies[i % len(deputies)]
    Unit.objects.bulk_update(created_units, ["head", "leader_in_charge"], batch_size=BATCH)

    # Power and duty lists: five items per unit, with a three-step procedure each.
    item_objs: list[AuthorityItem] = []
    categories_cycle = [c for c in AuthorityCategory.values if c != AuthorityCategory.INTERNAL]
    for unit in created_units:
        for order in range(5):
            domain = text.domain()
            subject = rng.choice(DOMAINS[domain]["subject"])
            item_objs.append(
                AuthorityItem(
                    unit=unit,
                    name=f"{subject}({unit.short_name or unit.name})",
                    kind=AuthorityKind.POWER if order < 3 else AuthorityKind.DUTY,
                    category=categories_cycle[order % len(categories_cycle)]
                    if order < 3
                    else AuthorityCategory.INTERNAL,
                    legal_basis="《中华人民共和国环境保护法》《中华人民共和国行政许可法》等",
                    responsible_subject=unit.name,
                    supervision_method="纪检监察机构日常监督;内部审计;政务公开接受社会监督",
                    order=order,
                )
            )
    items = _bulk(AuthorityItem, item_objs)
    _bulk(
        ProcedureStep,
        [
            ProcedureStep(item=item, order=o, name=step, handler="承办岗", time_limit="5个工作日")
            for item in items
            for o, step in enumerate(["受理", "审查", "决定"], start=1)
        ],
    )
    items_by_unit: dict[int, list[AuthorityItem]] = {}
    for item in items:
        items_by_unit.setdefault(item.unit_id, []).append(item)
    summary.authority_items = len(items)
    log(f"authority items: {summary.authority_items} (with {3 * len(items)} procedure steps)")

    # The campaign, started; registers like campaign_start makes them.
    category_set = CategorySet.objects.get(is_default=True)
    categories = list(Category.objects.filter(category_set=category_set).order_by("order"))
    campaign = Campaign.objects.create(
        year=now.year,
        title=f"[压测]{now.year}年度廉政风险排查防控",
        category_set=category_set,
        started_at=now - timedelta(days=30),
    )
    summary.campaign_id = campaign.pk
    reg_objs: list[Register] = []
    for unit in created_units:
        level = RegisterLevel.DEPARTMENT if unit.kind == UnitKind.DEPARTMENT else RegisterLevel.UNIT
        reg_objs.append(Register(campaign=campaign, unit=unit, level=level))
    for post in posts:
        if post.is_key:
            reg_objs.append(
                Register(
                    campaign=campaign, unit_id=post.unit_id, level=RegisterLevel.POST, post=post
                )
            )
    # States in turn, so every state holds registers of every level. The first department
    # register (the filler's) stays a draft: it is the register page of the benchmark.
    states = list(RegisterState.values)
    big = next(r for r in reg_objs if r.level == RegisterLevel.DEPARTMENT)
    for i, register in enumerate(reg_objs):
        register.state = RegisterState.DRAFT if register is big else states[i % len(states)]
        register.revision = 0
    registers = _bulk(Register, reg_objs)
    summary.registers = len(registers)
    summary.big_register_id = big.pk
    for register in registers:
        summary.states[register.state] = summary.states.get(register.state, 0) + 1
    log(f"campaign: {campaign.title} (id {campaign.pk}), registers: {summary.registers}")

    # Entries: the benchmark register gets exactly 200; the rest are spread over the others.
    others_regs = [r for r in registers if r is not big]
    counts = {big.pk: min(BIG_REGISTER_ENTRIES, entries)}
    rest = entries - counts[big.pk]
    for i, register in enumerate(others_regs):
        counts[register.pk] = rest // len(others_regs) + (1 if i < rest % len(others_regs) else 0)
    units_by_id = {u.pk: u for u in created_units}
    batch: list[RiskEntry] = []
    created_entries = 0
    register_revisions: list[Register] = []
    for register in registers:
        unit = units_by_id[register.unit_id]
        unit_items = items_by_unit.get(unit.pk, [])
        for order in range(counts[register.pk]):
            domain = text.domain()
            likelihood, impact = rng.randint(1, 3), rng.randint(1, 3)
            grade = grade_propose(likelihood=likelihood, impact=impact) or 2
            overridden = rng.random() < 0.05
            if overridden:
                grade = 1 if grade > 1 else 2
            leader = {
                1: unit.head if unit.kind != UnitKind.DEPARTMENT else principal,
                2: unit.leader_in_charge,
                3: unit.head,
            }[grade]
            batch.append(
                RiskEntry(
                    register=register,
                    category=categories[order % len(categories)],
                    order=order + 1,
                    risk=text.risk(domain),
                    manifestations=text.manifestations(domain),
                    likelihood=likelihood,
                    impact=impact,
                    grade=grade,
                    grade_override_reason="该事项涉及资金量大、社会关注度高,提高风险等级"
                    if overridden
                    else "",
                    cause=CAUSES[domain] if order % 2 == 0 else "",
                    prevention_measures=text.measures(),
                    monitoring_indicator=INDICATORS[domain] if order % 2 == 0 else "",
                    responsible_department=unit.name,
                    responsible_post=KEY_POSTS[domain],
                    responsible_leader=leader,
                    responsible_leader_name=leader.name if leader else "",
                    authority_item=rng.choice(unit_items)
                    if unit_items and rng.random() < 0.6
                    else None,
                )
            )
            if len(batch) >= BATCH:
                created_entries += len(_bulk(RiskEntry, batch))
                batch = []
        register.revision = counts[register.pk]
        register_revisions.append(register)
    if batch:
        created_entries += len(_bulk(RiskEntry, batch))
    Register.objects.bulk_update(register_revisions, ["revision"], batch_size=BATCH)
    summary.entries = created_entries
    log(f"risk entries: {summary.entries} ({counts[big.pk]} in register {big.pk})")

    # Transitions: the path to each register's state, spaced a day apart, ending before now.
    committee = by_username[COMMITTEE_USERNAME]
    members_by_unit: dict[int, User] = {}
    for u in users:
        if u.post_id is not None and u.unit_id is not None:
            members_by_unit.setdefault(u.unit_id, u)
    transition_objs: list[Transition] = []
    for register in registers:
        path = PATHS[register.state]
        unit = units_by_id[register.unit_id]
        actors = {
            "filler": members_by_unit.get(unit.pk) or unit.head or committee,
            "signer": (
                unit.head if register.level != RegisterLevel.DEPARTMENT else unit.leader_in_charge
            )
            or principal,
            "committee": committee,
            "party": principal,
        }
        for step, (action, from_state, to_state, who) in enumerate(path):
            transition_objs.append(
                Transition(
                    register=register,
                    action=action,
                    from_state=from_state,
                    to_state=to_state,
                    actor=actors[who],
                    comment="请补充防控措施的具体责任人和时限。" if action == "return" else "",
                    ip="127.0.0.1",
                    version=1,
                    revision=register.revision,
                    created_at=now - timedelta(days=len(path) - step),
                )
            )
    summary.transitions = len(_bulk(Transition, transition_objs))
    log(f"transitions: {summary.transitions}")
    return summary
