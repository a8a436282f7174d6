from odoo import fields, models


class AccountPayment(models.Model):
    _inherit = "account.payment"

    sales_admin_order_id = fields.Many2one(
        "sale.order",
        string="Sale Order",
        help="The order this payment was taken for (phone payment or customer advance).",
        index="btree_not_null",
        check_company=True,
        copy=False,
        readonly=True,
    )

    # the order checklist reads the payments of an order's online transactions through it
    _sales_admin_transaction_idx = models.Index(
        "(payment_transaction_id) WHERE payment_transaction_id IS NOT NULL"
    )

    # === CRUD METHODS === #
    def write(self, vals):
        res = super().write(vals)
        if "state" in vals or "amount" in vals:
            # posted, cancelled, rejected, reset: what the order received changed
            # sudo: the checklist is derived data of the order, whoever handles the payment
            payments = self.sudo()
            # payments with a journal entry reach their invoices by reconciliation, which
            # marks the orders itself (account.move.line._reconcile_post_hook)
            moveless = payments.filtered(lambda payment: not payment.move_id)
            orders = (
                payments.sales_admin_order_id
                | payments.payment_transaction_id.sale_order_ids
                | moveless.invoice_ids.line_ids.sale_line_ids.order_id
            )
            orders._sales_admin_mark_checklist()
        return res
