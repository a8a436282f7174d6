from odoo import api, fields, models


class SaleAdminSignOnBehalf(models.TransientModel):
    """A signature the customer gave on paper or in person, recorded by a manager."""

    _name = "sale.admin.sign.on.behalf"
    _description = "Sign on the Customer's Behalf"

    res_model = fields.Char(string="Document Model", required=True, readonly=True)
    res_id = fields.Many2oneReference(
        string="Document ID", model_field="res_model", required=True, readonly=True
    )
    document_name = fields.Char(string="Document", compute="_compute_document_name")
    signer_name = fields.Char(
        string="Signed By",
        required=True,
        help="The name of the person who signed for the customer.",
    )
    signature = fields.Binary(required=True, help="The signature, drawn or uploaded (PNG or JPEG).")

    # === COMPUTE METHODS === #
    @api.depends("res_model", "res_id")
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
        if self.res_model not in Signature._inherit_children or self.res_model not in self.env:
            return self.env["sale.admin.signature.mixin"]
        return self.env[self.res_model].browse(self.res_id).exists()
