from odoo import api, models
from odoo.exceptions import UserError


class SaleOrderLine(models.Model):
    _inherit = "sale.order.line"

    # === BUSINESS METHODS === #
    @api.private
    def _sales_admin_take_back(self, quantities):
        """Goods of these lines come back for a credit note: ``quantities`` is {line: quantity
        in the line's unit}. What the customer still has is received back
        (_sales_admin_receive_back), then the ordered quantity falls by what the order no longer
        sells, so that nothing is left to deliver or to invoice for the goods returned."""
        to_receive = {}
        for line, quantity in quantities.items():
            # invoiced but no longer delivered: returned in Inventory before the credit note
            already_back = max(line.qty_invoiced - line.qty_delivered, 0.0)
            missing = line.product_uom_id.round(quantity - already_back)
            if line.product_uom_id.compare(missing, 0.0) > 0:
                to_receive[line] = missing
        if to_receive:
            self._sales_admin_receive_back(to_receive)
        lines = self.concat(*quantities)
        for order in lines.order_id:
            locked = order.locked
            if locked:
                # a locked order is unlocked for the change, which Odoo logs, and locked again
                order.locked = False
            for line in lines.filtered(lambda line, order=order: line.order_id == order):
                quantity = quantities[line]
                line.product_uom_qty = min(
                    line.product_uom_qty,
                    max(
                        line.product_uom_qty - quantity,
                        line.qty_invoiced - quantity,
                        line.qty_delivered,
                    ),
                )
            if locked:
                order.locked = True
        return True

    @api.private
    def _sales_admin_receive_back(self, quantities):
        """Take back delivered goods: ``quantities`` is {line: quantity in the line's unit}.
        Here the delivered quantities entered by hand fall; sales_admin_stock returns the goods
        delivered by pickings."""
        for line, quantity in quantities.items():
            if line.qty_delivered_method != "manual":
                raise UserError(
                    self.env._(
                        "The delivered quantity of %s is not entered by hand, so it cannot be "
                        "taken back here: credit it as compensation.",
                        line.product_id.display_name,
                    )
                )
            line.qty_delivered -= quantity
        return True
