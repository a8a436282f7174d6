from odoo import fields, models

from odoo.addons.base.models.res_partner import _lang_get


class SaleAdminReportFile(models.Model):
    _name = "sale.admin.report.file"
    _description = "Sales Admin Report: File in one language"
    _inherit = ["sale.admin.protected.mixin"]
    _order = "run_id, id"

    # the file and its summary are the run's making, never typed
    _protected_fields = ("attachment_id", "checksum", "summary_html")

    run_id = fields.Many2one("sale.admin.report.run", required=True, ondelete="cascade", index=True)
    company_id = fields.Many2one(related="run_id.company_id", store=True)
    lang = fields.Selection(_lang_get, string="Language", required=True)
    attachment_id = fields.Many2one("ir.attachment", string="File", required=True, readonly=True)
    file_name = fields.Char(related="attachment_id.name")
    checksum = fields.Char(string="SHA-256", required=True, readonly=True)
    summary_html = fields.Html(readonly=True, sanitize=True)

    # === SQL CONSTRAINTS === #
    _run_lang_unique = models.Constraint(
        "UNIQUE(run_id, lang)", "A report run has one file per language."
    )

    # === CRUD METHODS === #
    def _copy_refusal(self):
        return self.env._(
            "A report file is made by its report run, never duplicated: generate the report "
            "again for a new file."
        )

    def unlink(self):
        attachments = self.attachment_id
        result = super().unlink()
        # the files of a run's earlier versions stay in its chatter (run._keep_previous_version)
        kept = (
            self.env["mail.message"]
            .sudo()
            .search([("attachment_ids", "in", attachments.ids)])
            .attachment_ids
        )
        (attachments - kept).unlink()
        return result
