"""The default commitment texts (承诺内容), one per kind of letter: what a campaign's letters say
until a committee member or an administrator edits them (CommitmentText). Written after the spirit
of document 001: the signer commits to carry out the prevention measures listed with the letter,
accepts supervision and answers for a breach."""

from django.utils.translation import gettext_lazy as _

from commitments.choices import CommitmentKind

DEFAULT_TEXTS = {
    CommitmentKind.PERSONAL: _(
        "为切实做好本岗位廉能风险防控工作,本人对照岗位职责、业务流程和制度机制,"
        "认真查找了本岗位存在的廉能风险点,并制定了相应的防控措施(见所附风险点及防控措施)。"
        "本人郑重承诺:\n"
        "一、严格遵守党纪国法和廉洁从政各项规定,依法依规履行岗位职责,不以权谋私,不收受任何单位和个人的财物。\n"
        "二、认真落实所列各项防控措施,做到风险点清楚、措施到位、责任明确。\n"
        "三、主动接受组织和群众的监督,及时报告个人有关事项,发现问题立即纠正。\n"
        "四、如有违反上述承诺的行为,本人愿意承担相应责任,自觉接受组织处理。"
    ),
    CommitmentKind.DEPARTMENT: _(
        "为认真落实党风廉政建设责任制,加强本部门廉能风险防控,本部门对照部门职能、权力运行和工作流程,"
        "全面查找了廉能风险点,并制定了防控措施(见所附风险点及防控措施)。本部门郑重承诺:\n"
        "一、部门负责人切实履行“一岗双责”,对本部门廉能风险防控工作负总责。\n"
        "二、逐项落实所列防控措施,明确责任人和完成时限,定期检查落实情况。\n"
        "三、加强对本部门干部职工的廉洁教育和日常监督,发现苗头性、倾向性问题及时提醒纠正。\n"
        "四、主动接受机关纪委和广大干部群众的监督,承诺内容予以公示。\n"
        "五、如有违反上述承诺的行为,本部门及负责人愿意承担相应责任。"
    ),
    CommitmentKind.UNIT: _(
        "为深入推进廉能风险防控工作,本单位对照职责权限、议事决策、权力运行和制度机制,"
        "全面排查了单位层面的廉能风险点,并制定了防控措施(见所附风险点及防控措施)。本单位郑重承诺:\n"
        "一、单位主要负责人切实履行第一责任人职责,领导班子成员落实“一岗双责”。\n"
        "二、严格执行民主集中制和“三重一大”集体决策制度,规范权力运行。\n"
        "三、全面落实所列防控措施,健全制度,堵塞漏洞,强化对关键岗位和重要环节的监督制约。\n"
        "四、主动接受上级机关、纪检监察机关和社会各界的监督,承诺内容予以公示。\n"
        "五、如有违反上述承诺的行为,本单位及主要负责人愿意承担相应责任。"
    ),
    CommitmentKind.REPORT: _(
        "本人按照廉能风险防控工作的部署,结合岗位职责,从岗位职责、业务流程、制度机制、"
        "工作效率和外部环境等方面,对本人岗位的廉能风险进行了认真识别,"
        "对每个风险点评定了风险等级并逐项制定了防控措施(见所附风险点及防控措施)。\n"
        "今后,本人将严格落实各项防控措施,定期对照检查,根据岗位职责的变化及时补充和调整风险点和防控措施,"
        "主动接受组织和群众的监督。\n"
        "特此报告。"
    ),
}


def default_text(kind: str) -> str:
    return str(DEFAULT_TEXTS[CommitmentKind(kind)])
