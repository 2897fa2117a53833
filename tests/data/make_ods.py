"""Writes customers.ods, the OpenDocument (LibreOffice, WPS) fixture of
tests/interchange.rs: two sheets, a title row, numbers, a date cell and a
Chinese header row.

Made with odfpy 1.4.1 (PyPI): pip install --target /tmp/odfpy odfpy &&
PYTHONPATH=/tmp/odfpy python3 make_ods.py
"""
from odf.opendocument import OpenDocumentSpreadsheet
from odf.table import Table, TableRow, TableCell
from odf.text import P

doc = OpenDocumentSpreadsheet()


def row(table, cells):
    tr = TableRow()
    for value in cells:
        if value is None:
            tc = TableCell()
        elif isinstance(value, (int, float)):
            tc = TableCell(valuetype="float", value=value)
            tc.addElement(P(text=str(value)))
        elif isinstance(value, tuple):  # ("date", "1985-03-12")
            tc = TableCell(valuetype="date", datevalue=value[1])
            tc.addElement(P(text=value[1]))
        else:
            tc = TableCell(valuetype="string")
            tc.addElement(P(text=value))
        tr.addElement(tc)
    table.addElement(tr)


notes = Table(name="说明")
row(notes, ["客户名单，由公司下发"])
doc.spreadsheet.addElement(notes)

sheet = Table(name="客户名单")
row(sheet, ["2026 年西南区客户名单"])
row(sheet, [])
row(sheet, ["序号", "单位名称", "姓名", "手机", "职务", "所在城市", "出生日期"])
row(sheet, [1, "贵阳山水建材有限公司", "杨帆", 13912340001, "采购经理", "贵阳", ("date", "1985-03-12")])
row(sheet, [2, "昆明滇池机电", "段丽", 13812340002, "总经理", "昆明", None])
row(sheet, [3, "贵阳山水建材有限公司", "吴刚", 13712340003, "技术主管", "贵阳", None])
doc.spreadsheet.addElement(sheet)
doc.save("customers.ods")
