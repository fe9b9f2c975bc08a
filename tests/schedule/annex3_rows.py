"""Annex 3's rows by their number (schedule.annex3.ANNEX3_ROWS, prefilled in this order), for the
tests of rows done by hand, by the registers and by other apps' records."""

from schedule.models import ScheduleTask
from tests.campaign_world import World

PLAN = 1  # 制定下发局廉政风险排查防控工作方案 — 机关党委 alone, 6月底前
MOBILIZE = 2  # 局党组召开会议进行动员部署 — 机关党委 alone, 7月
POWERS = 3  # 梳理权力清单、职责清单 — each unit, 7月
FIND = 4  # 查找廉政风险 — each unit, 7月
GRADE = 5  # 评定风险类别 — each unit, 7月
SUBMIT = 6  # 制定《廉政风险清单》 — each unit's registers submitted, 8月10日前
DELIBERATE = 7  # 局党组研究 — each unit's registers deliberated, 8月底前
PUBLISH = 8  # 公示 — each unit's registers published, 9月底前
RULES = 9  # 完善议事规则 — 组织人事处 alone, 2020年 (undated)
EDUCATION = 10  # 党风廉政教育制度 — 机关纪委 alone (undated)
MEASURES = 11  # 完善风险防控措施 — each unit (undated)
FILES = 12  # 健全廉政档案 — 机关纪委 alone (undated)
REVIEW = 13  # 回头看 — each unit (undated)
LEAD_ROWS = (PLAN, MOBILIZE, RULES, EDUCATION, FILES)
EACH_ROWS = (POWERS, FIND, GRADE, MEASURES, REVIEW)
STATE_ROWS = (SUBMIT, DELIBERATE, PUBLISH)


def row(world: World, order: int) -> ScheduleTask:
    return ScheduleTask.objects.select_related("campaign").get(campaign=world.campaign, order=order)
