"""The header dictionary: the names real published integrity-risk lists give each entry field.

The names come from lists that bureaus, schools and state enterprises have published (titles and
addresses in docs/sources.md, "Published lists behind the import's header dictionary"), from the
wording of the five source documents, and a few older entries kept because they are the plain
forms of names seen. `registers.importing.columns` compares them in its normal form (full-width
to half-width, no spaces), after dropping notes in brackets (风险等级(高/中/低), 责任(牵头)部门)
and the qualifiers of HEADER_QUALIFIERS in front (主要风险点 → 风险点, 主要预防措施 → 预防措施).
A combined header "X及Y" (风险点及表现形式, 防控要点及防控措施) is read through its parts.

Columns many lists have but no field takes are deliberately absent, so that the import keeps them
with each entry under their own header: 岗位 / 岗位类别 (in a post-level register the post is the
register's own), 职权名称 / 职权内容 / 权力事项 / 重要环节 / 业务事项 (the power or step a risk
arises in), 主管领导, 部门负责人 / 部门责任人 / 直接责任人 (people other than the responsible
leader, listed beside 责任领导 or 分管领导)."""

# Header synonyms seen in real registers, by entry field.
HEADER_SYNONYMS: dict[str, tuple[str, ...]] = {
    "category": (
        "排查类别",  # document 000, Annex 1 and 2
        "风险领域",  # a vocational college's list: 一、内控机制… merged over its rows
        "类别",
        "风险分类",
        "风险类型",
        "类型",
        "所属类别",
        "分类",
        "排查类型",
    ),
    "risk": (
        "主要廉政风险",  # document 000
        "风险点",  # nearly every list
        "廉政风险点",  # a finance sub-bureau's list; 廉洁风险点 in enterprises' (qualifier)
        "风险名称",  # a Shanghai state enterprise's post-risk list
        "风险点名称",
        "风险点描述",  # the risk described in one cell (主要风险点描述 is its qualified form)
        "廉政风险点描述",
        "廉政风险",
        "主要风险",
        "风险事项",
    ),
    "manifestations": (
        "表现形式",
        "风险内容及表现形式",
        "廉政风险主要内容及表现形式",  # a municipal construction-management centre's list
        "主要表现形式",  # a vocational college's list
        "风险表现形式",
        "风险内容",
        "具体表现",
        "风险表现",
    ),
    # Document 000 names the step "认真分析再现形式和形成原因"; tax bureaus say 风险成因.
    "cause": ("形成原因", "风险成因"),
    "grade": (
        "风险等级",
        "建议风险级别",  # a state construction enterprise's list: 一级风险 / 二级风险
        "风险级次",  # a finance sub-bureau's list
        "风险级别",
        "等级",
        "级别",
        "风险程度",
        "评定等级",
    ),
    "likelihood": ("可能性", "发生可能性", "发生概率", "概率", "风险可能性", "发生几率"),
    "impact": ("危害程度", "影响程度", "后果", "危害性", "后果严重程度", "危害后果", "严重程度"),
    "grade_override_reason": ("调整理由", "调整等级理由", "等级调整理由"),
    "prevention_measures": (
        "防控措施",
        "防控方法",  # a middle school's 廉政风险点及防控方法汇总表
        "预防措施",  # 主要预防措施 in a vocational college's list
        "防控对策",  # a provincial highway bureau's 廉政风险表现形式及防控对策
        "防范措施",
        "风险防控措施",
        "廉政风险防控措施",
        "防控办法",
        "措施",
    ),
    # The Shanghai enterprise's list measures each risk: 每年上党课或提要求次数.
    "monitoring_indicator": ("监测指标",),
    "responsible_department": (
        "责任部门",  # 责任(牵头)部门 reads the same
        "责任科室",
        "责任处室",
        "责任股室",
        "风险防控责任股室",  # a district housing bureau's list, "(单位)" after it
        "责任单位",
        "责任主体",  # district lists: the cell names the office (办公室, 秘书一科)
        "单位/科室",
        "科室",
        "处室",
        "部门",
        "科室/岗位",
        "部门/岗位",
        "处室/岗位",
        "所在科室",
    ),
    # Document 000: 内设机构廉政风险防控工作要分解落实责任领导和责任岗位. A district housing
    # bureau's list names the post a risk lies in: 风险点涉及的岗位 (人事干部, 财务人员).
    # Document 001 calls the posts it examines 风险岗位.
    "responsible_post": ("责任岗位", "风险点涉及的岗位", "风险岗位"),
    "responsible_leader_name": (
        "责任领导",
        "风险防控责任领导",
        "分管领导",  # the middle school's list, after 主管领导
        "责任人",  # district lists: the cell may hold a role (科室主要负责人)
        "责任领导姓名",
        "第一责任人",
        "责任领导人",
    ),
}

# Names two fields share: the first field, unless another column of the same header row names
# the first field itself and none names the second; then the second.
# - 风险类别 is document 000's grade ("按照高、中、低三个类别评定廉政风险类别"), but the lists that
#   also have 风险等级 (or 建议风险级别) put the category under it: 岗位职责风险, 三重一大决策.
# - 风险描述 / 风险情况描述 follow a short 风险点 or 风险名称 in the lists that have them and
#   describe how the risk shows; in a list where another column gives 表现形式 they are the risk.
# - 廉政风险点表现形式 (a district housing bureau's list) is that list's only description of its
#   risks, numbered 1.…2.…; beside a 风险点 column it would be the manifestations.
SHARED_NAMES: dict[str, tuple[str, str]] = {
    "风险类别": ("grade", "category"),
    "风险描述": ("manifestations", "risk"),
    "风险情况描述": ("manifestations", "risk"),
    "廉政风险点表现形式": ("risk", "manifestations"),
    "风险点表现形式": ("risk", "manifestations"),
}

# Words put in front of a name without changing it: 主要风险点, 具体表现形式, 重点防控措施,
# 廉洁风险点 (enterprises say 廉洁 where government bodies say 廉政).
HEADER_QUALIFIERS = ("主要", "具体", "重点", "廉政", "廉洁")

# Words joining two names into one header: 风险点及表现形式, 防控要点及防控措施.
HEADER_JOINERS = ("及", "和", "与")

# Columns every list has and no entry field takes: ignored without asking the user.
KNOWN_IGNORED = ("序号", "编号", "序", "NO", "NO.")
