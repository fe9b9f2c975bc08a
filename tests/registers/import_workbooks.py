"""Builders of the .xlsx files the import tests upload: generated with openpyxl, never committed."""

import io
import zipfile
from collections.abc import Iterable, Sequence
from xml.sax.saxutils import escape

from openpyxl import Workbook
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

ANNEX2_HEADER = ["排查类别", "主要廉政风险", "风险类别", "责任部门", "责任领导"]


def to_bytes(workbook: Workbook) -> bytes:
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _sheet(workbook: Workbook) -> Worksheet:
    sheet = workbook.active
    assert sheet is not None
    return sheet


def annex2_workbook() -> bytes:
    """Document 000's Annex 2 as departments fill it in: two title rows, the 填报部门/分管领导
    line, the header, then per category its numbered entries with the category cell merged over
    them. 制度机制类 is left as the template's blank "1、 / 2、" rows; a "… …" row follows
    权力运行类.

    Rows: 5-6 议事决策类 (2 entries), 7-9 权力运行类 (2 entries + "… …"), 10-11 制度机制类 (blank),
    12 纪律作风 (half-width spaces, no 类), i.e. 5 entries and 3 empty rows.
    """
    workbook = Workbook()
    sheet = _sheet(workbook)
    sheet.title = "附件2"
    sheet.append(["市生态环境局机关处室、城区分局、直属单位"])
    sheet.append(["廉政风险清单"])
    sheet.append(["填报部门(单位):审批处", None, None, "分管领导(签字):"])
    sheet.append(ANNEX2_HEADER)
    sheet.merge_cells("A1:E1")
    sheet.merge_cells("A2:E2")
    rows = [
        ["议事决策类", "1、“三重一大”事项未经集体研究决定", "高", "审批处", "李副局长"],
        [None, "2、会议纪要与决策内容不一致", "中", "审批处", "李副局长"],
        ["权力运行类", "1、违规审批建设项目环评文件", "高", "审批处", "李副局长"],
        [None, "2、审批过程中吃拿卡要", "低", "审批处", "陈处长"],
        [None, "… …", None, None, None],
        ["制度机制类", "1、", None, None, None],
        [None, "2、", None, None, None],
        ["纪律作风 ", "1、违反中央八项规定精神接受宴请", "二级", "审批处", "陈处长"],
    ]
    for row in rows:
        sheet.append(row)
    sheet.merge_cells("A5:A6")
    sheet.merge_cells("A7:A9")
    sheet.merge_cells("A10:A11")
    return to_bytes(workbook)


LIST_HEADER = [
    "序号",
    "科室",
    "岗位",
    "风险点",
    "风险内容及表现形式",
    "风险等级",
    "防控措施",
    "责任人",
]


def list_workbook(rows: Sequence[Sequence[object]] | None = None) -> bytes:
    """A real-world-shaped list: a title, a blank row, then 序号/科室/岗位/风险点/… (岗位 is not a
    field: the mapping step asks; there is no category column: the user picks one)."""
    workbook = Workbook()
    sheet = _sheet(workbook)
    sheet.title = "风险点清单"
    sheet.append(["审批处岗位廉政风险点及防控措施一览表"])
    sheet.append([])
    sheet.append(LIST_HEADER)
    for row in rows or [
        [
            1,
            "审批处",
            "审批岗",
            "审批把关不严",
            "对不符合条件的项目予以审批",
            "一级",
            "集体会审;\n全程留痕",
            "陈处长",
        ],
        [
            2,
            "审批处",
            "审批岗",
            "泄露审批信息",
            "向申请人透露评审意见",
            "B",
            "签订保密承诺",
            "陈处长",
        ],
        [None, None, None, None, None, None, None, None],
        [
            3,
            "审批处",
            "综合岗",
            "收受服务对象礼金",
            "逢年过节收受红包",
            "3级",
            "开展廉政提醒",
            "刘经办",
        ],
    ]:
        sheet.append(list(row))
    return to_bytes(workbook)


def simple_workbook(header: Sequence[object], rows: Sequence[Sequence[object]]) -> bytes:
    workbook = Workbook()
    sheet = _sheet(workbook)
    sheet.append(list(header))
    for row in rows:
        sheet.append(list(row))
    return to_bytes(workbook)


def with_extra_member(data: bytes, name: str, content: bytes, *, replace: bool = False) -> bytes:
    """The workbook with one more file in its zip (a vbaProject.bin, or a padding bomb), or with
    one of its files replaced."""
    source = zipfile.ZipFile(io.BytesIO(data))
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as target:
        for member in source.infolist():
            if not (replace and member.filename == name):
                target.writestr(member, source.read(member.filename))
        target.writestr(name, content)
    return buffer.getvalue()


# Hand-written workbooks, part by part, as a hostile file would be: nothing checks that the
# sheet's declared dimension is true, and the sheet's rows are given as XML.
_MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
_CONTENT_TYPES = (
    '<?xml version="1.0" encoding="UTF-8"?>'
    '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    '<Default Extension="rels" '
    'ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
    '<Default Extension="xml" ContentType="application/xml"/>'
    '<Override PartName="/xl/workbook.xml" ContentType="application/'
    'vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
    '<Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/'
    'vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>'
    '<Override PartName="/xl/sharedStrings.xml" ContentType="application/'
    'vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/>'
    "</Types>"
)
_RELS = (
    '<?xml version="1.0" encoding="UTF-8"?>'
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    '<Relationship Id="rId1" Target="xl/workbook.xml" Type="http://schemas.openxmlformats.org/'
    'officeDocument/2006/relationships/officeDocument"/></Relationships>'
)
_WORKBOOK = (
    f'<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="{_MAIN}" '
    'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">'
    '<sheets><sheet name="风险清单" sheetId="1" r:id="rId1"/></sheets></workbook>'
)
_WORKBOOK_RELS = (
    '<?xml version="1.0" encoding="UTF-8"?>'
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    '<Relationship Id="rId1" Target="worksheets/sheet1.xml" Type="http://schemas.openxmlformats.'
    'org/officeDocument/2006/relationships/worksheet"/>'
    '<Relationship Id="rId2" Target="sharedStrings.xml" Type="http://schemas.openxmlformats.org/'
    'officeDocument/2006/relationships/sharedStrings"/></Relationships>'
)


def text_row(number: int, texts: Sequence[str]) -> bytes:
    """Row `number` of a hand-written sheet, its texts as inline strings from column A on."""
    cells = "".join(
        f'<c r="{get_column_letter(index + 1)}{number}" t="inlineStr"><is><t>{escape(text)}'
        "</t></is></c>"
        for index, text in enumerate(texts)
        if text
    )
    return f'<row r="{number}">{cells}</row>'.encode()


def blank_row(number: int) -> bytes:
    """A row with one formatted cell and no value, as Excel writes a row that has borders."""
    return f'<row r="{number}"><c r="A{number}" s="0"/></row>'.encode()


def handmade_workbook(
    rows: Iterable[bytes],
    *,
    dimension: str = "A1:A2",
    strings: Sequence[str] = (),
    merges: Sequence[str] = (),
    prolog: str = "",
) -> bytes:
    """A one-sheet workbook written part by part: the sheet declares `dimension` whatever its
    `rows` hold; `strings` fill the shared strings part; `prolog` goes before the sheet's root."""
    merged = (
        f'<mergeCells count="{len(merges)}">'
        + "".join(f'<mergeCell ref="{ref}"/>' for ref in merges)
        + "</mergeCells>"
        if merges
        else ""
    )
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", _CONTENT_TYPES)
        archive.writestr("_rels/.rels", _RELS)
        archive.writestr("xl/workbook.xml", _WORKBOOK)
        archive.writestr("xl/_rels/workbook.xml.rels", _WORKBOOK_RELS)
        with archive.open("xl/worksheets/sheet1.xml", "w") as sheet:
            sheet.write(
                f'<?xml version="1.0" encoding="UTF-8"?>{prolog}<worksheet xmlns="{_MAIN}">'
                f'<dimension ref="{dimension}"/><sheetData>'.encode()
            )
            for row in rows:
                sheet.write(row)
            sheet.write(f"</sheetData>{merged}</worksheet>".encode())
        with archive.open("xl/sharedStrings.xml", "w") as table:
            table.write(f'<?xml version="1.0" encoding="UTF-8"?><sst xmlns="{_MAIN}">'.encode())
            for text in strings:
                table.write(f"<si><t>{escape(text)}</t></si>".encode())
            table.write(b"</sst>")
    return buffer.getvalue()
