import base64
import io
import os
import time
import zipfile

from openpyxl import Workbook, load_workbook

from odoo.exceptions import UserError
from odoo.tests import tagged

from .common import SaleProposalCommon

CONTENT_TYPES = """<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">
<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>
<Default Extension="xml" ContentType="application/xml"/>
<Override PartName="/xl/workbook.xml"
 ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>
<Override PartName="/xl/worksheets/sheet1.xml"
 ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>
</Types>"""
ROOT_RELS = """<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">
<Relationship Id="rId1" Target="xl/workbook.xml"
 Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument"/>
</Relationships>"""
WORKBOOK = """<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"
 xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">
<sheets><sheet name="Questionnaire" sheetId="1" r:id="rId1"/></sheets>
</workbook>"""
WORKBOOK_RELS = """<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">
<Relationship Id="rId1" Target="worksheets/sheet1.xml"
 Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet"/>
</Relationships>"""
# three real rows, then one far cell: the sheet declares itself 1,048,576 rows by 16,384 columns
FAR_CELL_SHEET = """<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">
<dimension ref="A1:XFD1048576"/>
<sheetData>
<row r="1"><c r="A1" t="inlineStr"><is><t>Question</t></is></c>
<c r="B1" t="inlineStr"><is><t>Answer</t></is></c></row>
<row r="2"><c r="A2" t="inlineStr"><is><t>What is your delivery time?</t></is></c></row>
<row r="3"><c r="A3" t="inlineStr"><is><t>Do you install on site?</t></is></c>
<c r="B3" t="inlineStr"><is><t>Yes.</t></is></c></row>
<row r="1048576"><c r="XFD1048576" t="inlineStr"><is><t>far away</t></is></c></row>
</sheetData>
</worksheet>"""


def handmade_xlsx(sheet_xml, extra_parts=()):
    """An XLSX file written part by part, with the sheet XML given."""
    output = io.BytesIO()
    with zipfile.ZipFile(output, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", CONTENT_TYPES)
        archive.writestr("_rels/.rels", ROOT_RELS)
        archive.writestr("xl/workbook.xml", WORKBOOK)
        archive.writestr("xl/_rels/workbook.xml.rels", WORKBOOK_RELS)
        archive.writestr("xl/worksheets/sheet1.xml", sheet_xml)
        for name, data, compression in extra_parts:
            archive.writestr(name, data, compress_type=compression)
    return output.getvalue()


def openpyxl_xlsx(rows):
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet("Questionnaire")
    for row in rows:
        sheet.append(row)
    output = io.BytesIO()
    workbook.save(output)
    return output.getvalue()


@tagged("post_install", "-at_install")
class TestSaleProposalImportLimits(SaleProposalCommon):
    """Hostile questionnaires: each is refused with its reason, or read within the caps, fast,
    and a refused file leaves nothing behind."""

    def setUp(self):
        super().setUp()
        self.proposal = self._create_proposal()

    def _wizard(self, data, filename="rfp.xlsx"):
        return (
            self.env["sale.proposal.import"]
            .with_user(self.rep)
            .create(
                {
                    "proposal_id": self.proposal.id,
                    "file": base64.b64encode(data),
                    "filename": filename,
                }
            )
        )

    def _assert_refused(self, data, message, filename="rfp.xlsx"):
        wizard = self._wizard(data, filename)
        started = time.monotonic()
        with self.assertRaisesRegex(UserError, message):
            wizard.action_read_columns()
        self.assertLess(time.monotonic() - started, 10, "refused without reading it all")
        self.assertEqual(wizard.step, "upload")
        self.assertFalse(wizard.column_ids)
        self.assertFalse(self.proposal.line_ids)
        self.assertFalse(self.proposal.rfp_file)

    def test_a_far_cell_does_not_make_a_small_workbook_huge(self):
        data = handmade_xlsx(FAR_CELL_SHEET)
        self.assertLess(len(data), 5000)
        started = time.monotonic()
        wizard = self._wizard(data)
        wizard.action_read_columns()
        self.assertEqual(wizard.sheet_name, "Questionnaire")
        self.assertEqual(wizard.column_ids.mapped("header"), ["Question", "Answer"])
        wizard.action_import()
        self.assertLess(time.monotonic() - started, 10, "the declared size is never walked")
        lines = self.proposal.line_ids.sorted("source_row")
        self.assertEqual(
            lines.mapped("question"), ["What is your delivery time?", "Do you install on site?"]
        )
        self.assertEqual(lines.mapped("answer"), [False, "Yes."])

        lines[0].answer = "Ten days."
        attachment = self.env["sale.proposal.import"]._export_answers(self.proposal)
        sheet = load_workbook(io.BytesIO(attachment.raw), read_only=True).active
        self.assertEqual(
            [row[1] for row in sheet.iter_rows(max_row=3, max_col=2, values_only=True)],
            ["Answer", "Ten days.", "Yes."],
        )

    def test_without_an_answer_column_the_export_adds_one_after_the_titles(self):
        sheet_xml = FAR_CELL_SHEET.replace(
            '<c r="B1" t="inlineStr"><is><t>Answer</t></is></c>', ""
        ).replace('<c r="B3" t="inlineStr"><is><t>Yes.</t></is></c>', "")
        wizard = self._wizard(handmade_xlsx(sheet_xml))
        wizard.action_read_columns()
        wizard.action_import()
        self.proposal.line_ids.answer = "Soon."
        attachment = self.env["sale.proposal.import"]._export_answers(self.proposal)
        sheet = load_workbook(io.BytesIO(attachment.raw), read_only=True).active
        self.assertEqual(
            list(sheet.iter_rows(max_row=2, max_col=3, values_only=True)),
            [("Question", "Answer", None), ("What is your delivery time?", "Soon.", None)],
        )

    def test_more_rows_than_the_cap_are_refused(self):
        rows = [["Question"]] + [[f"Question {n}?"] for n in range(1, 5001)]
        self._assert_refused(openpyxl_xlsx(rows), "more than 5000 rows")
        csv_data = "\n".join(row[0] for row in rows).encode()
        self._assert_refused(csv_data, "more than 5000 rows", "rfp.csv")

    def test_empty_rows_past_the_cap_are_no_rows(self):
        csv_data = ("Question\n" + "What?\n" + "\n" * 6000).encode()
        wizard = self._wizard(csv_data, "rfp.csv")
        wizard.action_read_columns()
        wizard.action_import()
        self.assertEqual(self.proposal.line_ids.mapped("question"), ["What?"])

    def test_more_columns_than_the_cap_are_refused(self):
        header = ["Question"] + [f"Extra {n}" for n in range(2, 52)]
        self._assert_refused(openpyxl_xlsx([header]), "Row 1 has a value in column AY")
        self._assert_refused(",".join(header).encode(), "column AY", "rfp.csv")

    def test_a_cell_longer_than_the_cap_is_refused(self):
        rows = [["Question", "Answer"], ["What is your story?", "x" * 10001]]
        self._assert_refused(openpyxl_xlsx(rows), "Row 2, column B holds 10001 characters")
        csv_data = f"Question;Answer\nWhat is your story?;{'x' * 200000}\n".encode()
        self._assert_refused(csv_data, "Row 2, column B holds 200000 characters", "rfp.csv")

    def test_a_file_over_the_size_cap_is_refused_before_it_is_read(self):
        padding = ("xl/media/photo.bin", os.urandom(5 * 1024 * 1024 + 1), zipfile.ZIP_STORED)
        data = handmade_xlsx(FAR_CELL_SHEET, [padding])
        self._assert_refused(data, "weighs 5.1 MB; questionnaires of up to 5 MB")
        csv_data = b"Question\n" + b"Is this long?\n" * 400000
        self._assert_refused(csv_data, "questionnaires of up to 5 MB", "rfp.csv")

    def test_a_small_file_that_unpacks_to_gigabytes_is_refused(self):
        bomb = ("xl/media/padding.bin", b"\0" * (51 * 1024 * 1024), zipfile.ZIP_DEFLATED)
        data = handmade_xlsx(FAR_CELL_SHEET, [bomb])
        self.assertLess(len(data), 200 * 1024)
        self._assert_refused(data, "unpacks to more than 50 MB")

    def test_garbage_and_broken_workbooks_are_refused_as_no_spreadsheet(self):
        cases = {
            "random bytes": os.urandom(4096),
            "a zip header then noise": b"PK\x03\x04" + os.urandom(4096),
            "a truncated workbook": handmade_xlsx(FAR_CELL_SHEET)[:200] + b"\0" * 100,
            "a broken sheet": handmade_xlsx("<worksheet><sheetData><row r='1'><c r="),
            "text in no known encoding": "Jautājums\n".encode("utf-16"),
        }
        for case, data in cases.items():
            with self.subTest(case):
                self._assert_refused(data, "is not a spreadsheet")
