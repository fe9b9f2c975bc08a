"""The demo organization: a municipal ecology and environment bureau modeled on document 000.

Everything here is fictional: the names are generated from common surnames and given names. The
build is idempotent: units, posts and people are keyed by code and username, so running it again
updates them in place and creates nothing twice.
"""

import random
import zlib
from dataclasses import dataclass

from django.contrib.auth.hashers import make_password
from django.db import transaction

from orgs.choices import UnitKind
from orgs.models import Post, Unit, User

DEMO_PASSWORD = "Qinglian2026!"  # noqa: S105 - a demo organization's published password

BUREAU = ("HZEEB", "市生态环境局", "局本级")

# (code, name, key posts, other posts, leader-in-charge index into DEPUTIES)
DEPARTMENTS: list[tuple[str, str, list[str], list[str], int]] = [
    ("D01", "办公室", ["公务接待岗", "资产管理岗"], ["综合文秘岗"], 0),
    ("D02", "组织人事处", ["干部任免岗", "招录调配岗"], ["人事档案岗"], 0),
    ("D03", "财务审计处", ["资金审批岗", "内部审计岗"], ["会计核算岗"], 1),
    ("D04", "法规与标准处", ["行政复议岗"], ["法制审核岗"], 1),
    ("D05", "综合规划处", ["专项资金分配岗"], ["规划编制岗"], 1),
    ("D06", "环境影响评价处", ["环评审批岗", "排污许可岗"], ["技术审查岗"], 2),
    ("D07", "水生态环境处", ["水污染防治资金岗"], ["水环境监管岗"], 2),
    ("D08", "大气环境处", ["机动车排气检测监管岗"], ["大气监管岗"], 2),
    ("D09", "土壤生态环境处", ["土壤修复项目管理岗"], ["土壤监管岗"], 3),
    ("D10", "固体废物与化学品处", ["危险废物经营许可岗"], ["化学品监管岗"], 3),
    ("D11", "生态环境执法支队", ["行政处罚岗", "现场执法岗"], ["案件审理岗"], 3),
    ("D12", "宣传教育处", [], ["宣传岗", "信访岗"], 0),
    ("D13", "机关党委(机关纪委)", [], ["纪检监察岗", "党建岗"], 0),
]

# (code, name, sections, leader-in-charge index)
BRANCHES: list[tuple[str, str, list[str], int]] = [
    ("B1", "上城分局", ["办公室", "环境管理科", "审批科", "执法大队"], 3),
    ("B2", "拱墅分局", ["办公室", "环境管理科", "执法大队"], 3),
    ("B3", "西湖分局", ["办公室", "环境管理科", "审批科", "执法大队"], 2),
    ("B4", "滨江分局", ["综合科", "环境管理科", "执法大队"], 2),
    ("B5", "萧山分局", ["办公室", "审批科", "执法大队"], 1),
]

AFFILIATED: list[tuple[str, str, list[str], int]] = [
    ("A1", "市生态环境监测中心", ["综合室", "监测室", "质量管理室"], 1),
    ("A2", "市环境信息中心", ["综合科", "信息科"], 0),
    ("A3", "市固体废物管理中心", ["综合科", "业务科"], 3),
]

SECTION_KEY_POSTS = {"审批科": "项目审批岗", "执法大队": "现场执法岗", "办公室": "财务报销岗"}

SURNAMES = (
    "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘蒋蔡余"
    "杜叶程魏苏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦傅方邹孟熊秦邱江尹薛闫段雷侯龙史"
    "陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤"
)
GIVEN = (
    "伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华玲建国志红文辉鹏宇浩凯晨欣怡婷雪"
    "琳佳颖海波斌峰亮健飞俊林晓东丹萍慧燕建平永红春梅新华立群"
)


# The fixed people: the leadership, the committee and the named demo users of the README.
@dataclass(frozen=True)
class Person:
    username: str
    name: str
    job_title: str
    unit_code: str
    committee: bool = False
    party_group: bool = False


PRINCIPAL = Person("juzhang", "陈建华", "党组书记、局长", BUREAU[0], party_group=True)
DEPUTIES = [
    Person("fuju1", "王立群", "党组成员、副局长", BUREAU[0], party_group=True),
    Person("fuju2", "李永红", "党组成员、副局长", BUREAU[0], party_group=True),
    Person("fuju3", "赵志强", "党组成员、副局长", BUREAU[0], party_group=True),
    Person("fuju4", "周春梅", "党组成员、副局长", BUREAU[0], party_group=True),
]
COMMITTEE = [
    Person("jiwei", "孙海波", "机关纪委书记", "D13", committee=True),
    Person("jiwei2", "郑晓燕", "机关纪委委员", "D13", committee=True),
]
# Named demo users for the README: one per role.
STAFF = Person("jingban", "刘晓东", "科员", "D06")
HEAD = Person("chuzhang", "杨建国", "处长", "D06")
# The deputy head of 环境影响评价处 is its party branch's secretary (党支部书记): his own register
# goes to the leader in charge (document 004), not to his department head.
PARTY_BRANCH_SECRETARY = "ud061"


@dataclass
class DemoSummary:
    units: int
    posts: int
    people: int


class _Names:
    """Deterministic unique Chinese names and usernames for the generated staff."""

    def __init__(self, taken: set[str]) -> None:
        self.rng = random.Random(2019)
        self.taken = set(taken)
        self.counter = 0

    def next(self) -> tuple[str, str]:
        while True:
            given = "".join(self.rng.choice(GIVEN) for _ in range(self.rng.choice([1, 2, 2])))
            name = self.rng.choice(SURNAMES) + given
            if name not in self.taken:
                self.taken.add(name)
                self.counter += 1
                return f"user{self.counter:03d}", name


def _unit(code: str, name: str, kind: str, order: int, parent: Unit | None) -> Unit:
    unit, _ = Unit.objects.update_or_create(
        code=code, defaults={"name": name, "kind": kind, "order": order, "parent": parent}
    )
    return unit


def _post(unit: Unit, name: str, *, is_key: bool, order: int) -> Post:
    post, _ = Post.objects.update_or_create(
        unit=unit, name=name, defaults={"is_key": is_key, "order": order}
    )
    return post


def _person(
    username: str,
    name: str,
    *,
    unit: Unit,
    job_title: str,
    password_hash: str,
    post: Post | None = None,
    committee: bool = False,
    party_group: bool = False,
    is_admin: bool = False,
) -> User:
    user, _created = User.objects.get_or_create(
        username=username, defaults={"name": name, "password": password_hash}
    )
    user.name = name
    user.unit = unit
    user.post = post
    user.job_title = job_title
    user.phone = f"0571-8{zlib.crc32(username.encode()) % 10_000_000:07d}"
    user.is_committee_member = committee
    user.is_party_group_member = party_group
    user.is_staff = is_admin
    user.is_superuser = is_admin
    user.save()
    return user


@transaction.atomic
def build_demo_organization() -> DemoSummary:
    """Create or update the demo organization; returns what it now holds."""
    password_hash = make_password(DEMO_PASSWORD)
    bureau = _unit(BUREAU[0], BUREAU[1], UnitKind.BUREAU, 0, None)
    bureau.short_name = BUREAU[2]
    bureau.save(update_fields=["short_name"])
    units: dict[str, Unit] = {bureau.code: bureau}

    for order, (code, name, key_posts, posts, _leader) in enumerate(DEPARTMENTS, start=1):
        unit = _unit(code, name, UnitKind.DEPARTMENT, order, bureau)
        units[code] = unit
        for i, post_name in enumerate(key_posts):
            _post(unit, post_name, is_key=True, order=i)
        for i, post_name in enumerate(posts, start=len(key_posts)):
            _post(unit, post_name, is_key=False, order=i)

    for group, kind, base in (
        (BRANCHES, UnitKind.BRANCH, 100),
        (AFFILIATED, UnitKind.AFFILIATED, 200),
    ):
        for order, (code, name, sections, _leader) in enumerate(group, start=base):
            unit = _unit(code, name, kind, order, bureau)
            units[code] = unit
            _post(unit, "单位领导岗", is_key=True, order=0)
            for s_order, section in enumerate(sections, start=1):
                s_code = f"{code}-{s_order:02d}"
                s_unit = _unit(
                    s_code, f"{name}{section}", UnitKind.DEPARTMENT, order * 10 + s_order, unit
                )
                s_unit.short_name = section
                s_unit.save(update_fields=["short_name"])
                units[s_code] = s_unit
                if section in SECTION_KEY_POSTS:
                    _post(s_unit, SECTION_KEY_POSTS[section], is_key=True, order=0)
                _post(s_unit, "综合岗", is_key=False, order=1)

    _person(
        "admin",
        "系统管理员",
        unit=units["D01"],
        job_title="信息管理员",
        password_hash=password_hash,
        is_admin=True,
    )
    fixed = [PRINCIPAL, *DEPUTIES, *COMMITTEE, STAFF, HEAD]
    people = {
        p.username: _person(
            p.username,
            p.name,
            unit=units[p.unit_code],
            job_title=p.job_title,
            password_hash=password_hash,
            committee=p.committee,
            party_group=p.party_group,
        )
        for p in fixed
    }
    names = _Names({p.name for p in fixed})
    deputies = [people[d.username] for d in DEPUTIES]

    bureau.head = people[PRINCIPAL.username]
    bureau.leader_in_charge = None
    bureau.save(update_fields=["head", "leader_in_charge"])

    def staff_for(unit: Unit, count: int, head_title: str, head: User | None = None) -> User:
        """Fill a unit with a head (generated unless given) and `count` staff, keyed by a stable
        username per unit slot."""
        posts = list(unit.posts.order_by("order", "id"))
        for slot in range(1 if head else 0, count + 1):
            username = f"u{unit.code.lower().replace('-', '')}{slot}"
            existing = User.objects.filter(username=username).first()
            name = existing.name if existing else names.next()[1]
            post = posts[(slot - 1) % len(posts)] if posts and slot else None
            user = _person(
                username,
                name,
                unit=unit,
                post=post,
                job_title=head_title if slot == 0 else ("科员" if slot > 1 else "副" + head_title),
                password_hash=password_hash,
            )
            if slot == 0:
                head = user
        assert head is not None
        return head

    for code, _name, _key, _posts, leader in DEPARTMENTS:
        unit = units[code]
        if code == HEAD.unit_code:
            head = people[HEAD.username]
            staff = people[STAFF.username]
            staff.post = unit.posts.filter(is_key=True).order_by("order").first()
            staff.save(update_fields=["post"])
            staff_for(unit, 2, "处长", head=head)
            User.objects.filter(username=PARTY_BRANCH_SECRETARY).update(
                is_party_branch_secretary=True
            )
        elif code == "D13":
            head = people[COMMITTEE[0].username]
        else:
            head = staff_for(unit, 3 if len(_key) > 1 else 2, "处长")
        unit.head = head
        unit.leader_in_charge = deputies[leader]
        unit.save(update_fields=["head", "leader_in_charge"])

    for group in (BRANCHES, AFFILIATED):
        for code, _name, sections, leader in group:
            unit = units[code]
            principal = staff_for(unit, 1, "局长" if code.startswith("B") else "主任")
            unit.head = principal
            unit.leader_in_charge = deputies[leader]
            unit.save(update_fields=["head", "leader_in_charge"])
            deputy_of_unit = User.objects.get(username=f"u{code.lower()}1")
            for s_order in range(1, len(sections) + 1):
                s_unit = units[f"{code}-{s_order:02d}"]
                s_unit.head = staff_for(s_unit, 0, "科长")
                # Inside a branch the unit's deputy oversees its sections.
                s_unit.leader_in_charge = deputy_of_unit
                s_unit.save(update_fields=["head", "leader_in_charge"])

    return DemoSummary(
        units=Unit.objects.count(),
        posts=Post.objects.count(),
        people=User.objects.filter(is_active=True).count(),
    )


DEMO_USERS: list[tuple[str, str]] = [
    ("admin", "管理员"),
    (STAFF.username, "经办人(环境影响评价处)"),
    (HEAD.username, "部门负责人(环境影响评价处处长)"),
    (DEPUTIES[2].username, "分管领导(分管环境影响评价处等)"),
    (PRINCIPAL.username, "单位主要负责人(局长)"),
    (COMMITTEE[0].username, "机关纪委"),
    (DEPUTIES[0].username, "党组成员"),
]
