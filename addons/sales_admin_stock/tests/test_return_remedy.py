from odoo import Command
from odoo.exceptions import UserError
from odoo.tests import Form, tagged

from odoo.addons.sales_admin_base.tests.common import SalesAdminDeskCommon


@tagged("post_install", "-at_install")
class TestReturnRemedy(SalesAdminDeskCommon):
    """Three storable desks in stock, two sold, delivered by a picking and invoiced; the sales
    admin (no warehouse rights) records a return remedy for one of them."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.desk = cls.env["product.product"].create(
            {
                "name": "Standing Desk",
                "type": "consu",
                "is_storable": True,
                "list_price": 529.29,
                "invoice_policy": "delivery",
                "taxes_id": False,
            }
        )
        cls.warehouse = cls.env["stock.warehouse"].search(
            [("company_id", "=", cls.company.id)], limit=1
        )
        cls.env["stock.quant"]._update_available_quantity(cls.desk, cls.warehouse.lot_stock_id, 3.0)
        cls.order = cls._confirmed_order([(cls.desk, 2)])
        cls._deliver(cls.order)
        cls.delivery = cls.order.picking_ids
        cls.invoice = cls._invoice(cls.order)
        cls.complaint = cls.env["sale.complaint"].create(
            {
                "subject": "One desk wobbles",
                "partner_id": cls.customer.id,
                "sale_order_ids": [Command.link(cls.order.id)],
                "invoice_ids": [Command.link(cls.invoice.id)],
            }
        )

    def _return_remedy(self, quantity=1):
        Remedy = self.env["sale.complaint.remedy"].with_user(self.admin_user)
        form = Form(Remedy.with_context(default_complaint_id=self.complaint.id))
        form.credit_type = "return"
        with form.line_ids.edit(0) as line:
            line.quantity = quantity
        return self.env["account.move"].browse(form.save().action_apply()["res_id"])

    def _returns(self):
        return self.order.picking_ids.filtered("return_id")

    def _in_stock(self):
        return self.desk.with_context(warehouse_id=self.warehouse.id).qty_available

    def test_the_goods_come_back_through_a_validated_return_of_the_delivery(self):
        self.assertFalse(self.admin_user.has_group("stock.group_stock_user"))
        self.assertEqual(self._in_stock(), 1)
        credit_note = self._return_remedy()

        receipt = self._returns()
        self.assertEqual(receipt.return_id, self.delivery)
        self.assertEqual(receipt.state, "done")
        self.assertEqual(receipt.move_ids.quantity, 1)
        self.assertTrue(receipt.move_ids.to_refund)
        self.assertEqual(receipt.move_ids.sale_line_id, self.order.order_line)
        self.assertEqual(self._in_stock(), 2, "the desk is back in stock")
        line = self.order.order_line
        self.assertEqual(
            (line.product_uom_qty, line.qty_delivered, line.qty_invoiced, line.qty_to_invoice),
            (1, 1, 1, 0),
        )
        self.assertEqual(self.order.invoice_status, "invoiced")
        self.assertEqual(credit_note.invoice_line_ids.sale_line_ids, line)
        self.assertEqual(self.order.picking_ids, self.delivery | receipt, "nothing to redeliver")

    def test_goods_returned_in_inventory_first_are_not_received_twice(self):
        wizard = self.env["stock.return.picking"].create({"picking_id": self.delivery.id})
        wizard.product_return_moves.quantity = 1
        receipt = wizard._create_return()
        receipt.move_ids.quantity = 1
        receipt.move_ids.picked = True
        receipt.button_validate()
        self.assertEqual(self.order.order_line.qty_delivered, 1)
        self.assertEqual(self.order.order_line.qty_to_invoice, -1, "invoiced, not delivered")

        self._return_remedy()
        self.assertEqual(self._returns(), receipt, "no second return")
        line = self.order.order_line
        self.assertEqual(
            (line.product_uom_qty, line.qty_delivered, line.qty_invoiced, line.qty_to_invoice),
            (1, 1, 1, 0),
        )
        self.assertEqual(self.order.invoice_status, "invoiced")
        self.assertTrue(self.order.sales_admin_delivered)

    def test_more_than_was_delivered_cannot_come_back(self):
        self._return_remedy(quantity=1)
        with self.assertRaisesRegex(UserError, "exceed what is left to credit|cannot come back"):
            self._return_remedy(quantity=2)
        self.assertEqual(len(self._returns()), 1, "nothing half-done")
        self.assertEqual(self.order.order_line.product_uom_qty, 1)

    def test_tracked_goods_are_received_in_inventory_first(self):
        self.desk.tracking = "lot"
        with self.assertRaisesRegex(UserError, "tracked by lot or serial number"):
            self._return_remedy()
        self.assertFalse(self._returns())
        self.assertFalse(self.invoice.reversal_move_ids)
        self.assertEqual(self.order.order_line.product_uom_qty, 2)
