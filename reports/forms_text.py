"""Document 000's forms, word for word (附件1, 附件2), and the personal self-check form of
document 004 (个人岗位风险点自查表, 附件3 there). The notes keep the document's own punctuation,
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
