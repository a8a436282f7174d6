from odoo import api, fields, models

from .sale_contract import _plain_words


class SaleContractLine(models.Model):
    _name = "sale.contract.line"
    _description = "Contract Clause Text"
    _inherit = ["sale.admin.protected.mixin", "sale.admin.portal.mixin"]
    _order = "contract_id, sequence, id"

    # the library text is what a change is measured against: the server takes it from the clause
    _protected_fields = ("clause_version_id", "original_body")
    _portal_fields = ("contract_id", "sequence", "name", "title", "body")

    contract_id = fields.Many2one("sale.contract", required=True, ondelete="cascade", index=True)
    company_id = fields.Many2one(related="contract_id.company_id", store=True)
    sequence = fields.Integer(default=10)
    clause_id = fields.Many2one(
        "sale.contract.clause",
        string="Library Clause",
        ondelete="restrict",
        check_company=True,
        help="Empty for a clause written for this contract only (needs approval).",
    )
    clause_version_id = fields.Many2one(
        "sale.contract.clause.version",
        compute="_compute_library_text",
        compute_sudo=False,  # rendered as the user who drafts, like the clause's text
        store=True,
        precompute=True,
        ondelete="restrict",
    )
    mandatory = fields.Boolean(related="clause_id.mandatory")
    name = fields.Char(string="Title", required=True)
    title = fields.Char(
        string="Clause Title",
        compute="_compute_title",
        compute_sudo=True,  # the library's title, also for the customer who reads the contract
        help="The title in the reader's language when it is the library clause's title; a title "
        "written for this contract stays as written.",
    )
    body = fields.Html(sanitize_style=True)
    original_body = fields.Html(
        string="Template Text",
        compute="_compute_library_text",
        compute_sudo=False,  # rendered as the user who drafts, like the clause's text
        store=True,
        precompute=True,
        sanitize_style=True,
        help="The text of the library clause, as drafted for this contract.",
    )
    is_modified = fields.Boolean(string="Modified", compute="_compute_is_modified")

    # === COMPUTE METHODS === #
    @api.depends("clause_id")
    def _compute_library_text(self):
        for line in self:
            version = line.clause_id.current_version_id
            contract = line.contract_id._origin
            line.clause_version_id = version
            line.original_body = (
                self.env["sale.contract"]._placeholder_render(
                    version.body, contract._placeholder_roots()
                )
                if version and contract
                else version.body
            )

    @api.depends("name", "clause_version_id.name")
    @api.depends_context("lang")
    def _compute_title(self):
        titles = self.clause_version_id._titles_by_language()
        for line in self:
            library = titles.get(line.clause_version_id._origin.id) or {}
            in_library = line.name and line.name in library.values()
            line.title = line.clause_version_id.name if in_library else line.name

    @api.depends("body", "original_body")
    def _compute_is_modified(self):
        for line in self:
            line.is_modified = _plain_words(line.body) != _plain_words(line.original_body)

    # === CONSTRAINT AND ONCHANGE METHODS === #
    @api.constrains("body")
    def _check_body_text(self):
        for line in self:
            self.env["sale.contract"]._check_no_new_template_syntax(
                line.body, line.original_body, self.env._("The clause “%s”", line.name)
            )

    @api.onchange("clause_id")
    def _onchange_clause_id(self):
        for line in self.filtered("clause_id"):
            line.update({"name": line.clause_version_id.name, "body": line.original_body})

    # === CRUD METHODS === #
    @api.model_create_multi
    def create(self, vals_list):
        contracts = self.env["sale.contract"].browse(
            {vals.get("contract_id") for vals in vals_list} - {None, False}
        )
        contracts._check_text_editable()
        lines = super().create(vals_list)
        lines.contract_id._back_to_draft_after_edit()
        return lines

    def write(self, vals):
        self.contract_id._check_text_editable()
        res = super().write(vals)
        self.contract_id._back_to_draft_after_edit()
        return res

    def unlink(self):
        contracts = self.contract_id
        contracts._check_text_editable()
        res = super().unlink()
        contracts._back_to_draft_after_edit()
        return res
