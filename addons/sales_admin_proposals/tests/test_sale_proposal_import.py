import base64
import io

from openpyxl import Workbook, load_workbook

from odoo.exceptions import UserError
from odoo.tests import tagged

from .common import SaleProposalCommon

CSV_RFP = (
    "Ref;Section;Requirement;Vendor response\n"
    "1;Logistics;What is your delivery time?;\n"
    "2;;Do you install on site?;Yes, with our own team.\n"
    "3;Support;What are your support hours?;\n"
)


def _xlsx(rows, sheet_title="Questionnaire", extra_sheet=True):
    workbook = Workbook()
    if extra_sheet:
        workbook.active.title = "Instructions"
        workbook.active["A1"] = "Answer every question in column D."
        sheet = workbook.create_sheet(sheet_title)
        # the questionnaire must be the first sheet to be read: move it in front
        workbook.move_sheet(sheet, offset=-1)
    else:
        sheet = workbook.active
        sheet.title = sheet_title
    for row in rows:
        sheet.append(row)
    output = io.BytesIO()
    workbook.save(output)
    return output.getvalue()


@tagged("post_install", "-at_install")
class TestSaleProposalImport(SaleProposalCommon):
    def setUp(self):
        super().setUp()
        self.proposal = self._create_proposal()

    def _wizard(self, data, filename="rfp.csv"):
        return self.env["sale.proposal.import"].create(
            {
                "proposal_id": self.proposal.id,
                "file": base64.b64encode(data),
                "filename": filename,
            }
        )

    def test_csv_columns_are_guessed_then_all_rows_imported(self):
        wizard = self._wizard(CSV_RFP.encode())
        wizard.action_read_columns()
        self.assertEqual(wizard.step, "map")
        targets = {column.header: column.target for column in wizard.column_ids}
        self.assertEqual(
            targets,
            {
                "Ref": "ignore",
                "Section": "section",
                "Requirement": "question",
                "Vendor response": "answer",
            },
        )
        wizard.action_import()
        lines = self.proposal.line_ids.sorted("source_row")
        self.assertEqual(lines.mapped("question")[0], "What is your delivery time?")
        self.assertEqual(lines.mapped("source_row"), [2, 3, 4])
        self.assertEqual(lines.mapped("section"), ["Logistics", "Logistics", "Support"])
        self.assertEqual(lines[1].answer, "Yes, with our own team.")
        self.assertEqual(lines.mapped("status"), ["todo", "draft", "todo"])
        self.assertEqual(self.proposal.rfp_answer_column, 4)

    def test_a_bad_row_imports_nothing_and_names_the_row(self):
        bad = CSV_RFP + "4;Support;;An answer without its question\n"
        wizard = self._wizard(bad.encode())
        wizard.action_read_columns()
        with self.assertRaisesRegex(UserError, "Row 5: the question is empty"):
            wizard.action_import()
        self.assertFalse(self.proposal.line_ids)
        self.assertFalse(self.proposal.rfp_file)

    def test_without_a_question_column_the_columns_are_refused(self):
        wizard = self._wizard(b"Name;Price\nDesk;100\n")
        wizard.action_read_columns()
        self.assertEqual(set(wizard.column_ids.mapped("target")), {"ignore"})
        with self.assertRaisesRegex(UserError, "Map one column to Question"):
            wizard.action_import()
        self.assertFalse(self.proposal.line_ids)

    def test_two_columns_mapped_to_the_same_field_are_refused(self):
        wizard = self._wizard(CSV_RFP.encode())
        wizard.action_read_columns()
        wizard.column_ids.filtered(lambda c: c.header == "Ref").target = "question"
        with self.assertRaisesRegex(UserError, "Several columns"):
            wizard.action_import()

    def test_an_empty_file_is_refused(self):
        with self.assertRaisesRegex(UserError, "empty"):
            self._wizard(b"  \n").action_read_columns()
        with self.assertRaisesRegex(UserError, "empty"):
            self._wizard(_xlsx([]), "rfp.xlsx").action_read_columns()

    def test_a_file_that_is_not_a_spreadsheet_is_refused(self):
        with self.assertRaisesRegex(UserError, "not a spreadsheet"):
            self._wizard(b"%PDF-1.4\x00\x01\x02binary", "rfp.pdf").action_read_columns()
        with self.assertRaisesRegex(UserError, "not a spreadsheet"):
            self._wizard(b"PK\x03\x04 this is a broken zip", "rfp.xlsx").action_read_columns()

    def test_formulas_are_refused(self):
        data = _xlsx([["Question", "Answer"], ["Total price?", "=SUM(1,2)"]])
        with self.assertRaisesRegex(UserError, "Row 2, column B: formulas are not accepted"):
            self._wizard(data, "rfp.xlsx").action_read_columns()
        with self.assertRaisesRegex(UserError, "formulas are not accepted"):
            self._wizard(b'Question,Answer\n=HYPERLINK("x"),ok\n').action_read_columns()
        self.assertFalse(self.proposal.line_ids)

    def test_answers_are_exported_into_the_customer_layout(self):
        data = _xlsx(
            [
                ["RFP 2026 - Office equipment"],
                ["No.", "Question", "Supplier answer", "Comments"],
                [1, "What is your delivery time?", None, "keep"],
                [2, "What warranty do you give?", None, None],
            ]
        )
        wizard = self._wizard(data, "acme_rfp.xlsx")
        wizard.header_row = 2
        wizard.action_read_columns()
        self.assertEqual(wizard.sheet_name, "Questionnaire")
        wizard.action_import()
        lines = self.proposal.line_ids.sorted("source_row")
        lines[0].answer = "Ten working days."
        lines[1].answer = "=Two years"

        attachment = self.env["sale.proposal.import"]._export_answers(self.proposal)
        workbook = load_workbook(io.BytesIO(attachment.raw))
        self.assertEqual(workbook.sheetnames, ["Questionnaire", "Instructions"])
        sheet = workbook["Questionnaire"]
        self.assertEqual(sheet["A1"].value, "RFP 2026 - Office equipment")
        self.assertEqual(sheet["C2"].value, "Supplier answer")
        self.assertEqual(sheet["C3"].value, "Ten working days.")
        self.assertEqual(sheet["D3"].value, "keep")
        self.assertEqual(sheet["C4"].value, "=Two years")
        self.assertEqual(sheet["C4"].data_type, "s", "an answer never becomes a formula")
        self.assertEqual(attachment.name, "acme_rfp - answered.xlsx")

    def test_csv_without_answer_column_gets_one_on_export(self):
        wizard = self._wizard(b"Section,Question\nGeneral,Who are you?\n")
        wizard.action_read_columns()
        wizard.action_import()
        self.proposal.line_ids.answer = "A furniture supplier."
        attachment = self.env["sale.proposal.import"]._export_answers(self.proposal)
        sheet = load_workbook(io.BytesIO(attachment.raw)).active
        self.assertEqual([cell.value for cell in sheet[1]], ["Section", "Question", "Answer"])
        self.assertEqual(sheet["C2"].value, "A furniture supplier.")

    def test_exporting_without_an_imported_file_is_refused(self):
        with self.assertRaisesRegex(UserError, "Import the customer's questionnaire"):
            self.proposal.action_export_rfp()
