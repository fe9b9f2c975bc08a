"""One workbook per layout family of the integrity-risk lists bureaus, schools and enterprises
publish, generated with openpyxl (never committed). Each builder returns the .xlsx bytes and what
the import must make of them. The headers, their order and the layout traits (title rows, merged
cells, grade schemes, numbered items inside cells) follow the real lists named in each docstring
(addresses in docs/sources.md); the risks, measures and names are written for these tests."""

from collections.abc import Callable, Sequence
from dataclasses import dataclass

from openpyxl import Workbook

from tests.registers.import_workbooks import to_bytes

IGNORED = ""  # registers.importing.columns.IGNORE: a column such as 序号 that no field takes


@dataclass(frozen=True)
class Expected:
    """What reading a layout must give: the proposed field of each column (IGNORED for 序号;
    None for a column kept as an extra field of each entry), the header row's number, and how
    many data rows the reader returns. `row_context` marks a layout in which a header's field
    depends on the other headers (风险类别 beside 风险等级 is the category)."""

    mapping: dict[int, str | None]
    header_row: int
    data_rows: int
    row_context: bool = False


def _workbook(title: str, rows: Sequence[Sequence[object]], merges: Sequence[str] = ()) -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.title = title
    for row in rows:
        sheet.append(list(row))
    for ref in merges:
        sheet.merge_cells(ref)
    return to_bytes(workbook)


def annex_unit_list() -> tuple[bytes, Expected]:
    """Document 000's Annex 1 (市生态环境局廉政风险清单) as a bureau fills it in: the title, the
    填报单位 line, the five headers, each category merged over its numbered risks, the grade
    under 风险类别 as 高/中/低, and the 备注 line under the table."""
    rows: list[Sequence[object]] = [
        ["市生态环境局廉政风险清单", None, None, None, None],
        ["填报单位:市生态环境局", None, None, "单位主要负责人(签字):", None],
        ["排查类别", "主要廉政风险", "风险类别", "责任部门", "责任领导"],
        [
            "议事决策类",
            "1、党组会议议题未按规定提前送阅,临时动议决定重大事项",
            "高",
            "办公室",
            "王局长",
        ],
        [None, "2、“三重一大”事项会前沟通不充分,个人意见代替集体决策", "中", "办公室", "王局长"],
        ["权力运行类", "1、建设项目环评审批降低标准或超时限办理", "高", "行政审批处", "张副局长"],
        [None, "2、行政处罚自由裁量权行使不规范,同案不同罚", "高", "法规处", "张副局长"],
        [None, "3、专项资金分配未经集体研究,向特定对象倾斜", "中", "财务处", "刘副局长"],
        ["纪律作风类", "1、接受管理服务对象宴请或礼品礼金", "低", "机关纪委", "刘副局长"],
        ["备注:各类别按实际情况填报,不涉及的类别可不填报。", None, None, None, None],
    ]
    data = _workbook("附件1", rows, merges=["A1:E1", "A4:A5", "A6:A8"])
    return data, Expected(
        mapping={
            0: "category",
            1: "risk",
            2: "grade",
            3: "responsible_department",
            4: "responsible_leader_name",
        },
        header_row=3,
        data_rows=6,
    )


def centre_combined_list() -> tuple[bytes, Expected]:
    """A municipal construction-management centre's 廉政风险防控 list (市重点工程建设管理服务中心):
    序号, 单位/科室 merged over every row, 风险类别 holding category names (岗位职责风险,
    业务流程风险) beside a separate 风险等级 (高/中/低), a short 风险点, the combined
    廉政风险主要内容及表现形式, measures numbered "1.…;2.…" inside the cell, and two people:
    部门负责人 (kept as an extra field) and 责任领导. Headers wrap inside their cells."""
    header = [
        "序号",
        "单位/科室",
        "风险\n类别",
        "风险点",
        "廉政风险主要内容及表现形式",
        "风险等级",
        "防控措施",
        "部门\n负责人",
        "责任\n领导",
    ]
    rows: list[Sequence[object]] = [
        ["市工程建设管理服务中心廉政风险点及防控措施一览表"] + [None] * 8,
        header,
        [
            1,
            "工程建设管理服务中心",
            "岗位职责风险",
            "公务用车管理",
            "私车公养、公车私用,虚报加油及维修费用。",
            "低",
            "1.落实公车使用登记制度;\n2.加油、维修实行定点并按月公示。",
            "周主任",
            "陈副主任",
        ],
        [
            2,
            None,
            "业务流程风险",
            "重大事项决策",
            "工程变更、大额资金支付未经班子集体研究。",
            "高",
            "1.严格执行“三重一大”集体决策制度;\n2.会议纪要存档备查。",
            None,
            None,
        ],
        [
            3,
            None,
            "岗位职责风险",
            "工程招标",
            "设置排他性资格条件,或将项目化整为零规避招标。",
            "高",
            "1.招标文件经合法性审核后发布;\n2.开标评标全程接受纪检监督。",
            None,
            None,
        ],
        [
            4,
            None,
            "岗位职责风险",
            "工程计量支付",
            "不按合同和实际进度审核计量,多付、超付工程款。",
            "中",
            "1.计量资料实行双人复核;\n2.支付前经跟踪审计确认。",
            None,
            None,
        ],
        [
            5,
            None,
            "制度机制风险",
            "工程资料管理",
            "资料归档不及时,事后补签或改动验收记录。",
            "低",
            "完善资料归档制度,每季度开展抽查。",
            None,
            None,
        ],
    ]
    data = _workbook("风险点一览表", rows, merges=["A1:I1", "B3:B7", "H3:H7", "I3:I7"])
    return data, Expected(
        mapping={
            0: IGNORED,
            1: "responsible_department",
            2: "category",
            3: "risk",
            4: "manifestations",
            5: "grade",
            6: "prevention_measures",
            7: None,
            8: "responsible_leader_name",
        },
        header_row=2,
        data_rows=5,
        row_context=True,
    )


def enterprise_suggested_grade_list() -> tuple[bytes, Expected]:
    """A state construction enterprise's 廉洁风险点及防控措施(修订) (葛洲坝第二工程有限公司):
    序号, 风险类别 holding business areas (三重一大决策, 人力资源管理) merged over their risks,
    风险点, 风险情况描述, 防控措施, and the grade as 建议风险级别 written 一级风险/二级风险."""
    rows: list[Sequence[object]] = [
        ["水电工程有限公司廉洁风险点及防控措施(修订)", None, None, None, None, None],
        ["序号", "风险\n类别", "风险点", "风险情况描述", "防控措施", "建议风险\n级别"],
        [
            1,
            "三重一大决策",
            "重大事项决策",
            "利润分配、资产核销等事项未经党委会前置研究,会上临时动议。",
            "议题提前三个工作日送达参会人员,未按程序提交的议题不上会。",
            "一级风险",
        ],
        [
            2,
            None,
            "重要干部任免",
            "擅自调整子公司董事、监事人选,不履行推荐程序。",
            "干部任免按权限报批,考察材料完整归档。",
            "一级风险",
        ],
        [
            3,
            None,
            "大额资金使用",
            "超出预算擅自支付,规避资金管理委员会审议。",
            "大额支付实行联签,月度资金计划执行情况通报。",
            "一级风险",
        ],
        [
            4,
            "人力资源管理",
            "员工招聘",
            "招聘条件因人设置,面试评分不公开。",
            "招聘方案报公司审批,面试全程录像并公示结果。",
            "二级风险",
        ],
        [
            5,
            None,
            "薪酬发放",
            "虚列人员、重复发放津补贴。",
            "工资表经人力资源部、财务部双重审核。",
            "二级风险",
        ],
        [
            6,
            "物资采购管理",
            "供应商选择",
            "与供应商串通抬高价格,收受回扣。",
            "供应商库动态管理,比价记录留存备查。",
            "三级风险",
        ],
    ]
    data = _workbook("廉洁风险点", rows, merges=["A1:F1", "B3:B5", "B6:B7"])
    return data, Expected(
        mapping={
            0: IGNORED,
            1: "category",
            2: "risk",
            3: "manifestations",
            4: "prevention_measures",
            5: "grade",
        },
        header_row=2,
        data_rows=6,
        row_context=True,
    )


def power_item_list() -> tuple[bytes, Expected]:
    """A tax bureau's list by power (职权名称 … 风险描述 … 防控措施): each power merged over
    its risks, 风险类别 holding 岗位职责 / 业务流程 beside 风险等级 (高/中/低), a short 风险点 and
    its 风险描述. One risk's description runs on over three rows ("1.…", "2.…", "3.…") with every
    other cell merged down beside it: the reader returns each of those rows."""
    header = [
        "序号",
        "职权名称",
        "风险类别",
        "风险点",
        "风险描述",
        "风险等级",
        "责任部门",
        "防控措施",
    ]
    rows: list[Sequence[object]] = [
        ["区税务局职权廉政风险点一览表"] + [None] * 7,
        header,
        [
            1,
            "设立税务登记",
            "岗位职责",
            "资料审核",
            "未核对附报资料原件,复印件与原件不符仍予受理。",
            "低",
            "第一税务所",
            "对照清单逐项审核,复印件加盖核对章。",
        ],
        [
            2,
            None,
            "业务流程",
            "违规办理",
            "1.对逾期办理登记的行为不按规定处理。",
            "高",
            "第一税务所",
            "定期抽查登记事项,发现问题及时纠正。",
        ],
        [None, None, None, None, "2.超越权限或简化程序办理变更、注销登记。", None, None, None],
        [None, None, None, None, "3.发现管户违法行为后拖延查处,造成税款流失。", None, None, None],
        [
            3,
            "变更税务登记",
            "岗位职责",
            "资料审核",
            "变更事项与证明材料不一致仍予办理。",
            "低",
            "第二税务所",
            "加强业务学习,规范操作流程。",
        ],
    ]
    merges = ["A1:H1", "B3:B6", "A4:A6", "C4:C6", "D4:D6", "F4:F6", "G4:G6", "H4:H6"]
    data = _workbook("职权风险", rows, merges=merges)
    return data, Expected(
        mapping={
            0: IGNORED,
            1: None,
            2: "category",
            3: "risk",
            4: "manifestations",
            5: "grade",
            6: "responsible_department",
            7: "prevention_measures",
        },
        header_row=2,
        data_rows=5,
        row_context=True,
    )


def school_roman_grade_summary() -> tuple[bytes, Expected]:
    """A middle school's 廉政风险点及防控方法汇总表 (平川区黄峤中学廉政风险点排查防控工作手册):
    no category column, risks numbered "1、" in their cells, grades Ⅰ级/Ⅱ级/Ⅲ级, two leaders
    (主管领导 kept as an extra field, 分管领导 the responsible leader) and 防控方法."""
    rows: list[Sequence[object]] = [
        ["城区中学廉政风险点及防控方法汇总表", None, None, None, None],
        ["风险点", "风险等级", "主管领导", "分管领导", "防控方法"],
        [
            "1、学校发展规划未经充分调研论证,决策脱离实际。",
            "Ⅰ级",
            "李校长",
            "李校长",
            "重大事项先调研后决策,经校务会集体审议并向教职工公开。",
        ],
        [
            "2、中层干部推荐使用程序不规范。",
            "Ⅱ级",
            "李校长",
            "孙副校长",
            "推荐人选经民主测评,任用前报上级人事部门审核。",
        ],
        [
            "3、评优评先名额分配不公开。",
            "Ⅱ级",
            "李校长",
            "孙副校长",
            "评选条件和结果在校内公示不少于五个工作日。",
        ],
        [
            "4、教辅资料征订中收受供应商好处。",
            "Ⅰ级",
            "李校长",
            "赵副校长",
            "征订坚持自愿原则,目录和价格向家长公开。",
        ],
        [
            "5、食堂食材采购验收不严。",
            "Ⅲ级",
            "李校长",
            "赵副校长",
            "食材验收实行双人签字,价格每月公示。",
        ],
    ]
    data = _workbook("汇总表", rows, merges=["A1:E1"])
    return data, Expected(
        mapping={
            0: "risk",
            1: "grade",
            2: None,
            3: "responsible_leader_name",
            4: "prevention_measures",
        },
        header_row=2,
        data_rows=5,
    )


def college_domain_digit_grade_list() -> tuple[bytes, Expected]:
    """A vocational college's economic-activity risk list (its 审计监察处, sjjcs.zjiet.edu.cn):
    风险领域 ("一、预算管理") merged over its risks, risks numbered "1." in their cells, the grade
    as a number 1/2/3, 主要表现形式 with "1.…;2.…" inside the cell, and 主要预防措施."""
    rows: list[Sequence[object]] = [
        ["学院经济活动廉政风险点及防控措施", None, None, None, None],
        ["风险领域", "风险点", "风险等级", "主要表现形式", "主要预防措施"],
        [
            "一、预算管理",
            "1.预算编制不科学",
            2,
            "1.项目支出未经论证,标准随意;2.预算与实际需要脱节。",
            "建立项目库,预算经论证后报党委会审定。",
        ],
        [
            None,
            "2.预算执行不严格",
            2,
            "1.无预算、超预算支出;2.擅自改变预算用途。",
            "预算调整按程序报批,执行进度按月通报。",
        ],
        [
            "二、收支管理",
            "3.收入未纳入统一核算",
            1,
            "1.隐匿、截留各项收入;2.私设“小金库”。",
            "各项收入纳入学校财务统一核算,定期开展专项检查。",
        ],
        [
            None,
            "4.支出审核不严",
            2,
            "1.报销票据不真实;2.超标准列支差旅、会议费用。",
            "严格执行报销审核制度,经费支出分级审批。",
        ],
        [
            "三、政府采购",
            "5.化整为零规避采购",
            1,
            "1.拆分应集中采购的项目;2.采购需求指向特定供应商。",
            "年度采购计划统一编报,采购需求经归口部门审核。",
        ],
    ]
    data = _workbook("风险清单", rows, merges=["A1:E1", "A3:A4", "A5:A6"])
    return data, Expected(
        mapping={
            0: "category",
            1: "risk",
            2: "grade",
            3: "manifestations",
            4: "prevention_measures",
        },
        header_row=2,
        data_rows=5,
    )


def enterprise_post_monitoring_list() -> tuple[bytes, Expected]:
    """A Shanghai state enterprise's post risk list (its 廉洁 site, qlw.shccmg.com): no
    grade; 岗位类别 (领导班子成员) merged over its risks and kept as an extra field; 风险名称,
    then 风险描述 and 防控措施 numbered "1.1 …" on lines of their own, and 监测指标. The header
    cells carry the spaces and line breaks of a Word table: "序  号", "岗位\\n类别"."""
    rows: list[Sequence[object]] = [
        ["公司岗位廉洁风险防控表", None, None, None, None, None],
        ["序  号", "岗位\n类别", "风险\n名称", "风险描述", "防控措施", "监测\n指标"],
        [
            1,
            "领导班子成员",
            "不落实廉洁教育要求",
            "1.1未按计划讲授廉洁党课。\n1.2部署业务工作时不提廉洁要求。",
            "1.1每年至少讲授一次廉洁党课。\n1.2业务会议同步提出廉洁要求。",
            "每年廉洁党课次数",
        ],
        [
            2,
            None,
            "重大事项不报告",
            "2.1对须请示报告的事项把握不准。\n2.2报告拖延或内容不实。",
            "2.1明确报告事项清单和时限。\n2.2报告内容由纪检部门审核。",
            "未按期报告事项数",
        ],
        [
            3,
            None,
            "公务回避执行不严",
            "3.1在招聘、采购中未主动回避亲属关系。",
            "3.1建立回避事项申报台账。",
            "回避申报率",
        ],
        [
            4,
            "中层管理人员",
            "合同签订把关不严",
            "4.1合同条款未经法务审核。\n4.2超越授权签订合同。",
            "4.1合同会签须经法务审核。\n4.2严格执行授权管理。",
            "合同审核率",
        ],
    ]
    data = _workbook("岗位风险", rows, merges=["A1:F1", "B3:B5"])
    return data, Expected(
        mapping={
            0: IGNORED,
            1: None,
            2: "risk",
            3: "manifestations",
            4: "prevention_measures",
            5: "monitoring_indicator",
        },
        header_row=2,
        data_rows=4,
    )


def bureau_post_list() -> tuple[bytes, Expected]:
    """A district housing bureau's 党风廉政风险点岗位排查及防控措施一览表 (龙岩市住房和城乡建设局
    岗位廉政风险点及防控措施一览表): 部门 merged over its rows, 重要环节 (kept as an extra
    field), the combined 廉政风险点表现形式 as the list's only description of its risks (numbered
    "1.…;2.…"), 风险点涉及的岗位 (the responsible post), 风险等级 高/中/低, the combined
    防控要点及防控措施, then three people: 直接责任人 and 部门责任人 (extra fields) and 责任领导."""
    header = [
        "序号",
        "部门",
        "重要环节",
        "廉政风险点表现形式",
        "风险点涉及的\n岗位",
        "风险\n等级",
        "防控要点及防控措施",
        "直接\n责任人",
        "部门\n责任人",
        "责任\n领导",
    ]
    rows: list[Sequence[object]] = [
        ["住房和城乡建设局岗位廉政风险点排查及防控措施一览表"] + [None] * 9,
        header,
        [
            1,
            "组织人事科",
            "公务员招录",
            "1.放宽报考资格审查条件;\n2.泄露面试题目等考录信息。",
            "人事干部",
            "中",
            "1.资格审查双人复核;\n2.考务人员签订保密承诺。",
            "林某",
            "陈科长",
            "黄副局长",
        ],
        [
            2,
            None,
            "职称评审推荐",
            "1.推荐材料审核把关不严;\n2.评审中打招呼、说情。",
            "人事干部",
            "中",
            "1.推荐名单集体研究;\n2.评审结果公示。",
            "林某",
            "陈科长",
            "黄副局长",
        ],
        [
            3,
            "财务会计室",
            "经费报销",
            "1.报销凭证不全仍予支付;\n2.公款私存或挪用。",
            "会计、出纳",
            "高",
            "1.报销单据逐级审核签字;\n2.银行账户每月对账。",
            "吴某",
            "郑主任",
            "黄副局长",
        ],
        [
            4,
            None,
            "印章票据管理",
            "1.财务印章与空白支票由一人保管。",
            "出纳",
            "中",
            "1.印章、支票分人保管;\n2.票据领用登记。",
            "吴某",
            "郑主任",
            "黄副局长",
        ],
        [
            5,
            "燃气管理科",
            "燃气工程竣工验收",
            "1.未到现场查验即出具验收意见;\n2.接受施工单位宴请。",
            "科员",
            "高",
            "1.验收人员两人以上现场查验;\n2.验收资料存档备查。",
            "许某",
            "何科长",
            "蔡副局长",
        ],
    ]
    data = _workbook("岗位排查", rows, merges=["A1:J1", "B3:B4", "B5:B6"])
    return data, Expected(
        mapping={
            0: IGNORED,
            1: "responsible_department",
            2: None,
            3: "risk",
            4: "responsible_post",
            5: "grade",
            6: "prevention_measures",
            7: None,
            8: None,
            9: "responsible_leader_name",
        },
        header_row=2,
        data_rows=5,
    )


def responsibility_list() -> tuple[bytes, Expected]:
    """A district's 廉政风险防控责任清单 (宝安市场监管局; 区委办、区政府办): "附件1" above the
    title, 责任主体 naming the office, 职权内容 (kept as an extra field), 风险点 numbered
    "1.…;2.…" inside the cell, 风险等级 高/中/低, 防控措施, and 责任人 holding a role
    (科室主要负责人) rather than a name; a 注: line closes the table."""
    rows: list[Sequence[object]] = [
        ["附件1", None, None, None, None, None, None],
        ["市场监督管理局廉政风险防控责任清单", None, None, None, None, None, None],
        ["序号", "责任主体", "职权内容", "风险点", "风险等级", "防控措施", "责任人"],
        [
            1,
            "办公室",
            "公务用车维修",
            "1.虚报维修项目;\n2.审批流于形式。",
            "高",
            "1.维修项目由车辆管理员核定;\n2.实行分级审批。",
            "科室主要负责人",
        ],
        [
            2,
            "办公室",
            "公务接待",
            "1.无公函接待;\n2.超标准安排陪餐。",
            "中",
            "1.先审批后接待;\n2.严格执行接待标准。",
            "科室主要负责人",
        ],
        [
            3,
            "登记注册科",
            "企业设立登记",
            "1.对材料不全的申请违规受理;\n2.为中介机构办理提供便利。",
            "中",
            "1.一次性告知所需材料;\n2.办理过程全程留痕。",
            "科室主要负责人",
        ],
        [
            4,
            "执法稽查科",
            "行政处罚",
            "1.选择性执法;\n2.降低处罚标准。",
            "高",
            "1.执行自由裁量基准;\n2.重大案件集体讨论。",
            "科室主要负责人",
        ],
        ["注:风险等级分为高、中、低三级。", None, None, None, None, None, None],
    ]
    data = _workbook("责任清单", rows, merges=["A2:G2"])
    return data, Expected(
        mapping={
            0: IGNORED,
            1: "responsible_department",
            2: None,
            3: "risk",
            4: "grade",
            5: "prevention_measures",
            6: "responsible_leader_name",
        },
        header_row=3,
        data_rows=4,
    )


LAYOUTS: tuple[Callable[[], tuple[bytes, Expected]], ...] = (
    annex_unit_list,
    centre_combined_list,
    enterprise_suggested_grade_list,
    power_item_list,
    school_roman_grade_summary,
    college_domain_digit_grade_list,
    enterprise_post_monitoring_list,
    bureau_post_list,
    responsibility_list,
)
