from odoo import api, fields, models

SIGNED_STATES = ("signed", "active", "expired", "terminated")


class SaleContractClause(models.Model):
    """A reusable contract clause. Its text is versioned: once a version has been signed in a
    contract, editing the clause creates a new version and the signed text stays as it was."""

    _name = "sale.contract.clause"
    _description = "Contract Clause"
    _inherit = [
        "sale.admin.protected.mixin",
        "sale.admin.copy.name.mixin",
        "mail.thread",
        "sale.contract.placeholder.mixin",
    ]
    _order = "sequence, id"

    # the version in force follows the text: a new one when a signed version's text changes
    _protected_fields = ("current_version_id",)

    name = fields.Char(string="Title", required=True, translate=True, tracking=True)
    body = fields.Html(
        required=True,
        sanitize_style=True,
        help="The clause text. Placeholders such as {{ customer.name }}, {{ customer.vat }}, "
        "{{ order.amount_total }}, {{ order.payment_term_id }}, {{ contract.date_start }} "
        "are filled in when a contract is drafted.",
    )
    category = fields.Selection(
        selection=[
            ("general", "General"),
            ("scope", "Scope and delivery"),
            ("payment", "Payment"),
            ("liability", "Liability and warranty"),
            ("confidentiality", "Confidentiality"),
            ("term", "Term and termination"),
            ("other", "Other"),
        ],
        required=True,
        default="general",
    )
    mandatory = fields.Boolean(
        tracking=True,
        help="Changing or removing a mandatory clause in a contract needs a manager's approval.",
    )
    sequence = fields.Integer(default=10)
    active = fields.Boolean(default=True)
    company_id = fields.Many2one("res.company", index=True)
    version_ids = fields.One2many("sale.contract.clause.version", "clause_id", string="Versions")
    current_version_id = fields.Many2one(
        "sale.contract.clause.version", readonly=True, copy=False, index=True
    )
    version = fields.Integer(related="current_version_id.number", string="Version")

    # === CONSTRAINT AND ONCHANGE METHODS === #
    @api.constrains("body")
    def _check_body_placeholders(self):
        for clause in self:
            clause._placeholder_check_text(clause.body, self.env._("The clause “%s”", clause.name))

    # === CRUD METHODS === #
    @api.model_create_multi
    def create(self, vals_list):
        clauses = super().create(vals_list)
        clauses._create_versions()
        return clauses

    def write(self, vals):
        res = super().write(vals)
        if {"name", "body"} & vals.keys():
            signed = self.filtered(lambda clause: clause.current_version_id.signed_line_count)
            signed._create_versions()
            for clause in self - signed:
                clause.current_version_id.write({"name": clause.name, "body": clause.body})
            (self - signed).current_version_id._copy_title_translations()
        return res

    # === BUSINESS METHODS === #
    def _create_versions(self):
        """Snapshot the current text as a new version of each clause."""
        versions = self.env["sale.contract.clause.version"].create(
            [
                {
                    "clause_id": clause.id,
                    "number": (clause.current_version_id.number or 0) + 1,
                    "name": clause.name,
                    "body": clause.body,
                }
                for clause in self
            ]
        )
        versions._copy_title_translations()
        for clause, version in zip(self, versions, strict=True):
            clause._write_workflow({"current_version_id": version.id})
