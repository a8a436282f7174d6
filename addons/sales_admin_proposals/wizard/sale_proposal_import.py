import base64
import csv
import io
import math
import zipfile

from openpyxl import Workbook, load_workbook
from openpyxl.utils import get_column_letter

from odoo import api, fields, models
from odoo.exceptions import UserError

TARGETS = [
    ("ignore", "Ignore"),
    ("section", "Section"),
    ("question", "Question"),
    ("answer", "Answer"),
]
# header words that preselect a target in the mapping step
TARGET_HINTS = {
    "question": ("question", "requirement", "request", "query"),
    "answer": ("answer", "response", "reply", "vendor"),
    "section": ("section", "category", "topic", "chapter"),
}
MAX_ERRORS_SHOWN = 20
XLSX_MAGIC = b"PK\x03\x04"
MEGABYTE = 1024 * 1024


class ImportLimitError(Exception):
    """A questionnaire passes one of the import's caps: ``kind`` is "unpacked", "rows",
    "columns" or "cell"; ``row``, ``column`` and ``length`` say where and how much."""

    def __init__(self, kind, row=0, column=0, length=0):
        super().__init__(kind)
        self.kind = kind
        self.row = row
        self.column = column
        self.length = length


class SaleProposalImport(models.TransientModel):
    """Import the customer's questionnaire: upload, map the columns, import all rows or none."""

    _name = "sale.proposal.import"
    _description = "Import RFP Questions"

    # what one questionnaire may hold: a file past a cap is refused with the reason, and no cell
    # past the row and column caps is ever read (the sheet's declared size is not trusted)
    _max_file_size = 5 * MEGABYTE
    _max_unpacked_size = 50 * MEGABYTE  # an XLSX is a zip: what its parts weigh once unpacked
    _max_rows = 5000
    _max_columns = 50
    _max_cell_length = 10000

    proposal_id = fields.Many2one("sale.proposal", required=True, ondelete="cascade")
    file = fields.Binary(string="Questionnaire", required=True)
    filename = fields.Char()
    step = fields.Selection([("upload", "Upload"), ("map", "Map Columns")], default="upload")
    sheet_name = fields.Char(readonly=True)
    header_row = fields.Integer(default=1, required=True, help="Row holding the column titles.")
    column_ids = fields.One2many("sale.proposal.import.column", "wizard_id", string="Columns")

    # === ACTION METHODS === #
    def action_read_columns(self):
        """Read the file's column titles and propose a mapping."""
        self.ensure_one()
        self.proposal_id.check_access("write")
        sheet, rows = self._read_file()
        if self.header_row < 1 or self.header_row > len(rows):
            raise UserError(
                self.env._(
                    "The file has no row %s to read the column titles from.", self.header_row
                )
            )
        headers = rows[self.header_row - 1]
        samples = rows[self.header_row] if len(rows) > self.header_row else []
        columns = []
        for index, header in enumerate(headers, start=1):
            title = _as_text(header)
            if not title:
                continue
            sample = _as_text(samples[index - 1]) if index <= len(samples) else ""
            columns.append(
                {
                    "index": index,
                    "header": title,
                    "sample": sample[:200],
                    "target": _guess_target(title),
                }
            )
        if not columns:
            raise UserError(
                self.env._("Row %s has no column titles: check the header row.", self.header_row)
            )
        self.column_ids.unlink()
        self.write(
            {
                "step": "map",
                "sheet_name": sheet,
                "column_ids": [fields.Command.create(values) for values in columns],
            }
        )
        return self._reopen()

    def action_import(self):
        """Create one line per row; any invalid row and nothing is imported."""
        self.ensure_one()
        proposal = self.proposal_id
        proposal.check_access("write")
        mapping = self._get_mapping()
        _sheet, rows = self._read_file()
        values, errors = [], []
        section = False
        for row_number, row in enumerate(rows, start=1):
            if row_number <= self.header_row or not any(_as_text(cell) for cell in row):
                continue
            cells = {
                target: _as_text(row[index - 1]) if index <= len(row) else ""
                for target, index in mapping.items()
            }
            if not cells["question"]:
                errors.append(self.env._("Row %s: the question is empty.", row_number))
                continue
            section = cells.get("section") or section
            values.append(
                {
                    "proposal_id": proposal.id,
                    "sequence": row_number,
                    "section": section,
                    "question": cells["question"],
                    "answer": cells.get("answer") or False,
                    "status": "draft" if cells.get("answer") else "todo",
                    "source_row": row_number,
                }
            )
        if errors:
            raise UserError(_errors_message(self.env, errors))
        if not values:
            raise UserError(self.env._("The file has no question below its title row."))
        self.env["sale.proposal.line"]._create_workflow(values)
        proposal._write_workflow(
            {
                "rfp_file": self.file,
                "rfp_filename": self.filename,
                "rfp_sheet": self.sheet_name,
                "rfp_header_row": self.header_row,
                "rfp_answer_column": mapping.get("answer", 0),
            }
        )
        proposal.message_post(
            body=self.env._(
                "%(count)s questions imported from %(file)s", count=len(values), file=self.filename
            )
        )
        return {"type": "ir.actions.act_window_close"}

    # === BUSINESS METHODS === #
    def _reopen(self):
        return {
            "type": "ir.actions.act_window",
            "res_model": self._name,
            "res_id": self.id,
            "view_mode": "form",
            "target": "new",
            "name": self.env._("Import RFP Questions"),
        }

    def _get_mapping(self):
        mapping = {}
        for column in self.column_ids.filtered(lambda c: c.target != "ignore"):
            if column.target in mapping:
                raise UserError(
                    self.env._(
                        "Several columns are mapped to %s: keep only one.",
                        dict(TARGETS)[column.target],
                    )
                )
            mapping[column.target] = column.index
        if "question" not in mapping:
            raise UserError(
                self.env._("Map one column to Question: these columns do not fit an RFP.")
            )
        return mapping

    def _read_file(self):
        """:return: (sheet name or False, list of rows of cell values)"""
        if not self.file:
            raise UserError(self.env._("Upload the customer's questionnaire first."))
        data = base64.b64decode(self.file)
        if not data.strip():
            raise UserError(self.env._("The file is empty."))
        if len(data) > self._max_file_size:
            raise UserError(
                self.env._(
                    "%(file)s weighs %(size)s MB; questionnaires of up to %(max)s MB are imported."
                    " Keep only the questionnaire's sheet and rows, or save it as CSV.",
                    file=self.filename or self.env._("The file"),
                    size=math.ceil(10 * len(data) / MEGABYTE) / 10,
                    max=f"{self._max_file_size / MEGABYTE:g}",
                )
            )
        try:
            if data.startswith(XLSX_MAGIC):
                sheet, rows, errors = _read_xlsx(data, self)
            else:
                sheet, rows, errors = False, *_read_csv(data, self)
        except ImportLimitError as limit:
            raise UserError(self._limit_message(limit)) from None
        if rows is None:
            raise UserError(
                self.env._(
                    "%s is not a spreadsheet: upload the questionnaire as XLSX or CSV.",
                    self.filename or self.env._("The file"),
                )
            )
        if errors:
            raise UserError(
                _errors_message(
                    self.env,
                    [
                        self.env._(
                            "Row %(row)s, column %(column)s: formulas are not accepted (%(formula)s);"
                            " paste the values instead.",
                            row=row,
                            column=get_column_letter(column),
                            formula=formula,
                        )
                        for row, column, formula in errors
                    ],
                )
            )
        if not any(_as_text(cell) for row in rows for cell in row):
            raise UserError(self.env._("The file is empty."))
        return sheet, rows

    def _limit_message(self, limit):
        """The user's explanation of a cap the file passes (see ImportLimitError)."""
        if limit.kind == "unpacked":
            return self.env._(
                "%(file)s unpacks to more than %(max)s MB, far more than a questionnaire: keep"
                " only the questionnaire's sheet, or save it as CSV.",
                file=self.filename or self.env._("The file"),
                max=f"{self._max_unpacked_size / MEGABYTE:g}",
            )
        if limit.kind == "rows":
            return self.env._(
                "The questionnaire has more than %(max)s rows (row %(row)s holds a value): split"
                " it into files of up to %(max)s rows and import them one after the other.",
                max=self._max_rows,
                row=limit.row,
            )
        if limit.kind == "columns":
            return self.env._(
                "Row %(row)s has a value in column %(column)s: questionnaires of up to %(max)s"
                " columns are imported; delete the columns after %(last)s.",
                row=limit.row,
                column=get_column_letter(limit.column),
                max=self._max_columns,
                last=get_column_letter(self._max_columns),
            )
        return self.env._(
            "Row %(row)s, column %(column)s holds %(length)s characters; a cell may hold up to"
            " %(max)s: shorten it, or keep the long text out of the questionnaire.",
            row=limit.row,
            column=get_column_letter(limit.column),
            length=limit.length,
            max=self._max_cell_length,
        )

    @api.model
    def _export_answers(self, proposal):
        """Fill the answers into the customer's own file (same sheet and columns).

        :return: the ir.attachment holding the answered XLSX file
        """
        proposal.check_access("read")
        if not proposal.rfp_file:
            raise UserError(self.env._("Import the customer's questionnaire before exporting it."))
        data = base64.b64decode(proposal.rfp_file)
        try:
            # the titles within the caps: the sheet may declare a size far beyond them
            if data.startswith(XLSX_MAGIC):
                rows = _read_xlsx(data, self)[1] or []
            else:
                rows = _read_csv(data, self)[0] or []
        except ImportLimitError as limit:
            raise UserError(self._limit_message(limit)) from None
        if data.startswith(XLSX_MAGIC):
            workbook = load_workbook(io.BytesIO(data))
            sheet = workbook[proposal.rfp_sheet] if proposal.rfp_sheet else workbook.active
        else:
            workbook = Workbook()
            sheet = workbook.active
            sheet.title = "RFP"
            for row in rows:
                sheet.append(row)
        header_row = proposal.rfp_header_row or 1
        column = proposal.rfp_answer_column
        if not column:
            titles = rows[header_row - 1] if len(rows) >= header_row else []
            column = 1 + max(
                (index for index, title in enumerate(titles, start=1) if _as_text(title)),
                default=0,
            )
            sheet.cell(row=header_row, column=column, value=self.env._("Answer"))
        for line in proposal.line_ids.filtered("source_row"):
            cell = sheet.cell(row=line.source_row, column=column, value=line.answer or None)
            cell.data_type = "s"  # an answer starting with "=" stays text, never a formula
        output = io.BytesIO()
        workbook.save(output)
        stem = (proposal.rfp_filename or proposal.name).rsplit(".", 1)[0]
        return self.env["ir.attachment"].create(
            {
                "name": self.env._("%s - answered.xlsx", stem),
                "raw": output.getvalue(),
                "res_model": proposal._name,
                "res_id": proposal.id,
                "mimetype": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            }
        )


def _as_text(value):
    if value is None:
        return ""
    return str(value).strip()


def _guess_target(title):
    lowered = title.lower()
    for target, words in TARGET_HINTS.items():
        if any(word in lowered for word in words):
            return target
    return "ignore"


def _errors_message(env, errors):
    shown = errors[:MAX_ERRORS_SHOWN]
    message = (
        env._("Nothing was imported; fix these rows and import again:") + "\n" + "\n".join(shown)
    )
    if len(errors) > MAX_ERRORS_SHOWN:
        message += "\n" + env._("... and %s more.", len(errors) - MAX_ERRORS_SHOWN)
    return message


def _check_row(row_number, values, limits):
    """Refuse a row with a value past the column cap or a cell longer than the cell cap.

    :return: the row's values within the column cap
    """
    for column, value in enumerate(values[limits._max_columns :], start=limits._max_columns + 1):
        if _as_text(value):
            raise ImportLimitError("columns", row_number, column)
    values = list(values[: limits._max_columns])
    for column, value in enumerate(values, start=1):
        if isinstance(value, str) and len(value) > limits._max_cell_length:
            raise ImportLimitError("cell", row_number, column, len(value))
    return values


def _read_xlsx(data, limits):
    """Read the first sheet of an XLSX file within ``limits`` (the import wizard's caps): the
    workbook is streamed read-only and no cell past the row and column caps is read, whatever
    size the sheet declares.

    :return: (first sheet name, rows, formula errors) or (False, None, []) if unreadable
    :raise ImportLimitError: when the file passes a cap
    """
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            # the sizes the zip declares bound what reading its parts unpacks
            unpacked = sum(info.file_size for info in archive.infolist())
    except zipfile.BadZipFile:
        return False, None, []
    if unpacked > limits._max_unpacked_size:
        raise ImportLimitError("unpacked")
    try:
        # formulas are refused, so they are read as formulas, never evaluated (data_only=False)
        workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=False)
    except Exception:  # any file openpyxl cannot read: not a zip, broken XML, missing parts
        return False, None, []
    rows, errors = [], []
    try:
        sheet = workbook.worksheets[0]
        title = sheet.title
        cells_by_row = sheet.iter_rows(
            max_row=limits._max_rows + 1, max_col=limits._max_columns + 1
        )
        for row_number, cells in enumerate(cells_by_row, start=1):
            values = [cell.value for cell in cells]
            if row_number > limits._max_rows:
                if any(_as_text(value) for value in values):
                    raise ImportLimitError("rows", row_number)
                break
            rows.append(_check_row(row_number, values, limits))
            errors += [
                (row_number, column, str(cell.value))
                for column, cell in enumerate(cells[: limits._max_columns], start=1)
                if cell.data_type == "f"
            ]
    except ImportLimitError:
        raise
    except Exception:  # a broken sheet inside a readable zip
        return False, None, []
    finally:
        workbook.close()
    while rows and not any(_as_text(value) for value in rows[-1]):
        rows.pop()  # the empty rows up to a far cell past the caps
    return title, rows, errors


def _read_csv(data, limits):
    """Read CSV text within ``limits`` (the import wizard's caps).

    :return: (rows, formula errors) or (None, []) if the bytes are not CSV text
    :raise ImportLimitError: when the file passes a cap
    """
    if b"\x00" in data:
        return None, []
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        return None, []
    try:
        dialect = csv.Sniffer().sniff(text[:4096], delimiters=",;\t")
    except csv.Error:
        dialect = csv.excel
    rows = []
    try:
        for row_number, row in enumerate(csv.reader(io.StringIO(text), dialect), start=1):
            if row_number > limits._max_rows:
                # the empty lines at the end of a file are no rows; nothing more is kept
                if any(cell.strip() for cell in row):
                    raise ImportLimitError("rows", row_number)
            else:
                rows.append(_check_row(row_number, row, limits))
    except csv.Error:  # a field longer than the csv module reads, a stray NUL...
        return None, []
    errors = [
        (row_number, column, value)
        for row_number, row in enumerate(rows, start=1)
        for column, value in enumerate(row, start=1)
        if value.startswith("=")
    ]
    return rows, errors
