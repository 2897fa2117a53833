"""Writes customers.xls, the Excel 97-2003 fixture of tests/interchange.rs.

Made with xlwt 1.3.0 (PyPI): pip install --target /tmp/xlwt xlwt &&
PYTHONPATH=/tmp/xlwt python3 make_xls.py
"""
import datetime
import xlwt

book = xlwt.Workbook(encoding="utf-8")
notes = book.add_sheet("说明")
notes.write(0, 0, "客户名单，由公司下发")
sheet = book.add_sheet("客户名单")
sheet.write(0, 0, "2026 年华东区客户名单")
headers = ["序号", "单位名称", "姓名", "手机", "职务", "所在城市", "所属行业", "出生日期"]
for c, h in enumerate(headers):
    sheet.write(2, c, h)
date = xlwt.easyxf(num_format_str="YYYY-MM-DD")
rows = [
    [1, "杭州新材料有限公司", "陈静", 13912345678, "采购部经理", "杭州", "化工", datetime.date(1985, 3, 12)],
    [2, "苏州精密机械厂", "刘洋", 13812345678, "厂长", "苏州", "机械", None],
    [3, "", "孙丽", 13712345678, "", "南京", "", None],
]
for r, row in enumerate(rows, start=3):
    for c, v in enumerate(row):
        if isinstance(v, datetime.date):
            sheet.write(r, c, v, date)
        elif v is not None:
            sheet.write(r, c, v)
book.save("customers.xls")
