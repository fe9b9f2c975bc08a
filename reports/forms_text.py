"""Document 000's forms, word for word (附件1, 附件2), the personal and department self-check
forms of document 004 (个人岗位风险点自查表 附件3, 部门岗位风险点自查表 附件4) and document 001's
三重一大 form (专项廉能风险防控情况登记表, 附件5). The notes keep the document's own punctuation,
including its "5。" and the space in "不涉及 可不填报": the official form is reproduced, not
corrected.
"""

ANNEX_HEADERS = ["排查类别", "主要廉政风险", "风险类别", "责任部门", "责任领导"]

ANNEX1_NOTE_LINES = [
    "备注:1.议事决策类:党委(党组)议事规则、“三重一大”事项决策、主要负责人“五不直接分管”和"
    "“末位表态”等方面存在的风险点;2.权力运行类:人、财、物管理等重点岗位和行政审批、行政处罚、"
    "一线执法司法等关键环节方面存在的风险点;3.制度机制类:制度设计、制度执行、内部管理、机制建设"
    "方面存在的风险点;4.工作流程类:工作程序、业务流程等方面存在的风险点;5。岗位履职类:行使岗位"
    "权力、履行工作职责过程中存在的风险点;6.纪律作风类型:党员干部贯彻上级重大决策部署、执行中央"
    "八项规定精神、作风效能、与管理服务对象交往等方面存在的风险点。"
]

ANNEX2_NOTE_LINES = [
    "备注:1.内设机构针对六个类别排查风险时应有所侧重,比如议事决策类风险不涉及 可不填报。",
    "2.下属单位承担权力事项较多,可参考市直单位本级样式制定廉政风险清单。",
]

# Annex 2's first title line: "<上级单位>" followed by these words.
ANNEX2_TITLE_SUFFIX = "机关处室、城区分局、直属单位"
ANNEX2_TITLE_SECOND = "廉政风险清单"

ANNEX1_FILLER_LABEL = "填报单位:"
ANNEX1_SIGNER_LABEL = "单位主要负责人(签字):"
ANNEX2_FILLER_LABEL = "填报部门(单位):"
ANNEX2_SIGNER_LABEL = "分管领导(签字):"

# Document 004 names the form and what it holds ("个人在思想道德、岗位职责和外部环境等方面存在或
# 潜在的风险内容及表现形式"; graded A/B/C by document 001; signed by the leader who approves it)
# but does not print it: these columns follow that description.
SELFCHECK_TITLE = "个人岗位风险点自查表"
SELFCHECK_HEADERS = ["序号", "排查类别", "风险内容", "表现形式", "风险等级", "防控措施"]
SELFCHECK_SIGNER_LABEL = "审定领导(签字):"
SELFCHECK_FILLER_LABEL = "部门:"
# Document 001 grades personal risks A/B/C; its sentence, as the form's note.
SELFCHECK_NOTE_DOC001 = "风险等级:A级表示产生腐败问题的可能性较大或危害程度较深,B级次之,C级较小。"

# Document 004 (附件3, 附件4) names its forms but the reference text does not print them: the
# columns follow its description (风险内容及表现形式, then the measures of 附件5/6), the grades
# are document 001's 一级/二级/三级 wording, and the sign line is its "经主管领导审定".
DOC004_PERSONAL_LABEL = "附件3"
DOC004_PERSONAL_FILLER_LABEL = "单位:"
DOC004_DEPARTMENT_LABEL = "附件4"
DOC004_DEPARTMENT_TITLE = "部门岗位风险点自查表"
DOC004_DEPARTMENT_FILLER_LABEL = "部门:"
DOC004_SIGNER_LABEL = "主管领导(签字):"
LEVELS_NOTE = "风险等级:一级表示产生腐败问题的可能性较大或危害程度较深,二级次之,三级较小。"

# Document 001 names 《专项廉能风险防控情况登记表》(附件5) and its subject (“三重一大”: 重大事项
# 决策、重要干部任免、重要项目安排和大额度资金的使用) but the reference text does not print it:
# these columns follow that description and the register's fields.
MAJOR_LABEL = "附件5"
MAJOR_TITLE = "专项廉能风险防控情况登记表"
MAJOR_HEADERS = ["序号", "事项类别", "风险点", "表现形式", "风险等级", "防控措施", "责任领导"]
MAJOR_FILLER_LABEL = "填报单位:"
MAJOR_SIGNER_LABEL = "单位主要负责人(签字):"
