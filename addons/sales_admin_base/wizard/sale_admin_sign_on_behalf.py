from odoo import api, fields, models


class SaleAdminSignOnBehalf(models.TransientModel):
    """A signature the customer gave on paper or in person, recorded by a manager."""

    _name = "sale.admin.sign.on.behalf"
    _description = "Sign on the Customer's Behalf"

    document_model = fields.Char(required=True, readonly=True)
    document_id = fields.Many2oneReference(
        string="Document ID", model_field="document_model", required=True, readonly=True
    )
    document_name = fields.Char(string="Document", compute="_compute_document_name")
    signer_name = fields.Char(
        string="Signed By",
        required=True,
        help="The name of the person who signed for the customer.",
    )
    signature = fields.Binary(required=True, help="The signature, drawn or uploaded (PNG or JPEG).")

    # === COMPUTE METHODS === #
    @api.depends("document_model", "document_id")
    def _compute_document_name(self):
        for wizard in self:
            wizard.document_name = wizard._document().display_name

    # === ACTION METHODS === #
    def action_sign(self):
        self.ensure_one()
        self._document().action_sign_on_behalf(self.signer_name, self.signature)
        return {"type": "ir.actions.act_window_close"}

    # === BUSINESS METHODS === #
    def _document(self):
        self.ensure_one()
        Signature = self.env.registry["sale.admin.signature.mixin"]
        model = self.document_model
        if model not in Signature._inherit_children or model not in self.env:
            return self.env["sale.admin.signature.mixin"]
        return self.env[model].browse(self.document_id).exists()
