from odoo import api, fields, models


class SaleComplaintRemedyLine(models.TransientModel):
    _name = "sale.complaint.remedy.line"
    _description = "Complaint Remedy Line"

    wizard_id = fields.Many2one("sale.complaint.remedy", required=True, ondelete="cascade")
    selected = fields.Boolean(default=True)
    invoice_line_id = fields.Many2one("account.move.line", readonly=True)
    product_id = fields.Many2one(
        "product.product", compute="_compute_product_id", store=True, readonly=False
    )
    invoiced_quantity = fields.Float(related="invoice_line_id.quantity", string="Invoiced")
    quantity = fields.Float(required=True, default=1.0)
    price_unit = fields.Float(related="invoice_line_id.price_unit")
    currency_id = fields.Many2one(related="invoice_line_id.currency_id")
    subtotal = fields.Monetary(compute="_compute_subtotal")

    # === COMPUTE METHODS === #
    @api.depends("invoice_line_id")
    def _compute_product_id(self):
        for line in self.filtered("invoice_line_id"):
            line.product_id = line.invoice_line_id.product_id

    @api.depends("quantity", "invoice_line_id")
    def _compute_subtotal(self):
        for line in self:
            invoiced = line.invoice_line_id
            line.subtotal = (
                invoiced.price_total * line.quantity / invoiced.quantity
                if invoiced.quantity
                else 0.0
            )
