from odoo import api, fields, models


class AccountMove(models.Model):
    _name = "account.move"
    _inherit = ["account.move", "sale.admin.protected.mixin", "sale.admin.staff.fields.mixin"]

    # the complaint a credit note remedies is set by the remedy wizard
    _protected_fields = ("complaint_id",)

    complaint_id = fields.Many2one(
        "sale.complaint",
        readonly=True,
        copy=False,
        index="btree_not_null",
        check_company=True,
        help="The customer complaint this credit note remedies.",
    )
    complaint_ids = fields.Many2many(
        "sale.complaint",
        "sale_complaint_account_move_rel",
        string="Complaints",
        copy=False,
        check_company=True,
    )
    complaint_count = fields.Integer(compute="_compute_complaint_count")

    # a customer's receivables and days to pay (customer overview, sale.admin.kpi) are read
    # from the customer's invoices through it, not from every invoice of the company
    _sales_admin_commercial_partner_idx = models.Index("(commercial_partner_id)")

    # === COMPUTE METHODS === #
    @api.depends("complaint_ids", "complaint_id")
    def _compute_complaint_count(self):
        counts = dict(
            self.env["sale.complaint"]._read_group(
                [("invoice_ids", "in", self.ids)], ["invoice_ids"], ["__count"]
            )
        )
        for move in self:
            move.complaint_count = counts.get(move, 0) + bool(move.complaint_id)

    # === ACTION METHODS === #
    def action_view_complaints(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "sales_admin_base.sale_complaint_action"
        )
        domain = [("invoice_ids", "in", self.ids)]
        if self.complaint_id:
            domain = ["|", ("id", "=", self.complaint_id.id), *domain]
        action["domain"] = domain
        action["context"] = {
            "default_partner_id": self.partner_id.id,
            "default_invoice_ids": self.ids,
        }
        return action

    def action_sales_admin_take_payment(self):
        self.ensure_one()
        return self.env["sale.admin.phone.payment"]._action_open({"default_invoice_id": self.id})

    # === BUSINESS METHODS === #
    @api.private
    def _sales_admin_mark_orders(self):
        """Mark for recomputation the order desk checklist of the orders these entries pay or
        invoice: their invoices' and advances' paid amounts changed (a reconciliation)."""
        # sudo: the checklist is derived data of the orders, whoever reconciles the entries
        moves = self.sudo()
        payments = moves.origin_payment_id
        orders = (
            moves.line_ids.sale_line_ids.order_id
            | payments.sales_admin_order_id
            | payments.payment_transaction_id.sale_order_ids
        )
        orders._sales_admin_mark_checklist()
