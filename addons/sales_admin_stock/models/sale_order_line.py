from collections import defaultdict

from odoo import api, models
from odoo.exceptions import UserError


class SaleOrderLine(models.Model):
    _inherit = "sale.order.line"

    # === BUSINESS METHODS === #
    @api.private
    def _sales_admin_receive_back(self, quantities):
        """Goods delivered by pickings come back through a validated return of those pickings
        (its moves update the order's delivered quantities); the others as in the base."""
        shipped = {
            line: quantity
            for line, quantity in quantities.items()
            if line.qty_delivered_method == "stock_move"
        }
        super()._sales_admin_receive_back(
            {line: quantity for line, quantity in quantities.items() if line not in shipped}
        )
        if shipped:
            self._sales_admin_return_deliveries(shipped)
        return True

    @api.private
    def _sales_admin_return_deliveries(self, quantities):
        """Return ``quantities`` ({line: quantity in the line's unit}) from the lines' done
        deliveries, the latest first, with Odoo's return wizard, and validate the returns."""
        # sudo: the goods are back with the customer's complaint settled; recording their return
        # is part of the remedy, which sales admins make without warehouse rights
        to_return = defaultdict(dict)  # {picking: {move: quantity in the move's unit}}
        for line, quantity in quantities.items():
            if line.product_id.tracking != "none":
                raise UserError(
                    self.env._(
                        "%s is tracked by lot or serial number: receive its return in Inventory "
                        "first, then record the return remedy.",
                        line.product_id.display_name,
                    )
                )
            outgoing, _incoming = line.sudo()._get_outgoing_incoming_moves()
            left = quantity
            for move in outgoing.filtered(lambda move: move.state == "done").sorted(
                "date", reverse=True
            ):
                returned = sum(
                    move.returned_move_ids.filtered(lambda ret: ret.state != "cancel").mapped(
                        "product_uom_qty"
                    )
                )
                returnable = move.product_uom._compute_quantity(
                    move.quantity - returned, line.product_uom_id
                )
                taken = min(left, returnable)
                if line.product_uom_id.compare(taken, 0.0) > 0:
                    to_return[move.picking_id][move] = line.product_uom_id._compute_quantity(
                        taken, move.product_uom
                    )
                    left -= taken
            if line.product_uom_id.compare(left, 0.0) > 0:
                raise UserError(
                    self.env._(
                        "Only %(delivered)s of %(product)s were delivered and not returned yet: "
                        "%(quantity)s cannot come back.",
                        delivered=line.qty_delivered,
                        product=line.product_id.display_name,
                        quantity=quantity,
                    )
                )
        for picking, moves in to_return.items():
            wizard = (
                self.env["stock.return.picking"]
                .sudo()
                .with_company(picking.company_id)
                .create({"picking_id": picking.id})
            )
            for return_line in wizard.product_return_moves:
                return_line.quantity = moves.get(return_line.move_id, 0.0)
            receipt = wizard._create_return()
            for move in receipt.move_ids:
                move.quantity = move.product_uom_qty
            receipt.move_ids.picked = True
            receipt.with_context(skip_backorder=True, skip_sms=True).button_validate()
            if receipt.state != "done":
                raise UserError(
                    self.env._(
                        "The return %s could not be validated: validate it in Inventory, then "
                        "record the return remedy.",
                        receipt.name,
                    )
                )
        return True
