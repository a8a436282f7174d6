from odoo import Command, api, fields, models
from odoo.exceptions import UserError
from odoo.tools import float_compare


class SaleComplaintRemedy(models.TransientModel):
    """Decides what the customer gets back: a credit note for some invoice lines (made with
    Odoo's own reversal), a free replacement quotation, or nothing financial.

    A credit note says what happened to the goods. Compensation: the customer keeps them, so
    the credit note is not linked to the order lines and gives no quantity back to invoice.
    Return: the goods come back, so the delivered, invoiced and ordered quantities of the order
    lines fall together and the order asks for nothing more."""

    _name = "sale.complaint.remedy"
    _description = "Complaint Remedy"
    _check_company_auto = True

    complaint_id = fields.Many2one("sale.complaint", required=True, ondelete="cascade")
    company_id = fields.Many2one(related="complaint_id.company_id")
    currency_id = fields.Many2one(related="invoice_id.currency_id")
    commercial_partner_id = fields.Many2one(related="complaint_id.commercial_partner_id")
    remedy_type = fields.Selection(
        [
            ("credit_note", "Credit Note"),
            ("replacement", "Replacement Quotation"),
            ("none", "No Financial Remedy"),
        ],
        required=True,
        default="credit_note",
    )
    invoice_id = fields.Many2one(
        "account.move",
        check_company=True,
        domain="[('move_type', '=', 'out_invoice'), ('state', '=', 'posted'),"
        " ('commercial_partner_id', '=', commercial_partner_id)]",
        compute="_compute_invoice_id",
        store=True,
        readonly=False,
    )
    line_ids = fields.One2many(
        "sale.complaint.remedy.line",
        "wizard_id",
        compute="_compute_line_ids",
        store=True,
        readonly=False,
    )
    credit_type = fields.Selection(
        [
            ("compensation", "Compensation: the customer keeps the goods"),
            ("return", "Return: the goods come back"),
        ],
        string="Goods",
        help="Compensation lowers the price of goods the customer keeps: the order stays "
        "invoiced. Return takes the goods back (a return receipt from the customer when "
        "Inventory is installed, the delivered quantity otherwise), lowers the ordered "
        "quantity and credits them.",
    )
    reason = fields.Char(compute="_compute_reason", store=True, readonly=False)
    post_credit_note = fields.Boolean(
        string="Post Now", default=True, help="Post the credit note right away."
    )
    refund_amount = fields.Monetary(compute="_compute_refund_amount")

    # === COMPUTE METHODS === #
    @api.depends("complaint_id")
    def _compute_invoice_id(self):
        for wizard in self:
            wizard.invoice_id = wizard.complaint_id.invoice_ids[:1]

    @api.depends("complaint_id")
    def _compute_reason(self):
        for wizard in self:
            wizard.reason = self.env._(
                "Complaint %(ref)s: %(subject)s",
                ref=wizard.complaint_id.name,
                subject=wizard.complaint_id.subject,
            )

    @api.depends("invoice_id", "remedy_type", "complaint_id")
    def _compute_line_ids(self):
        for wizard in self:
            commands = [Command.clear()]
            if wizard.remedy_type == "credit_note":
                commands += [
                    Command.create({"invoice_line_id": line.id, "quantity": line.quantity})
                    for line in wizard.invoice_id.invoice_line_ids.filtered(
                        lambda line: line.display_type == "product"
                    )
                ]
            elif wizard.remedy_type == "replacement":
                complaint = wizard.complaint_id
                commands += [
                    Command.create(
                        {"product_id": line.product_id.id, "quantity": line.product_uom_qty}
                    )
                    for line in complaint.sale_line_ids
                ] or [
                    Command.create({"product_id": product.id, "quantity": 1.0})
                    for product in complaint.product_ids
                ]
            wizard.line_ids = commands

    @api.depends("line_ids.selected", "line_ids.quantity")
    def _compute_refund_amount(self):
        for wizard in self:
            wizard.refund_amount = sum(wizard.line_ids.filtered("selected").mapped("subtotal"))

    # === ACTION METHODS === #
    def action_apply(self):
        self.ensure_one()
        complaint = self.complaint_id
        complaint.check_access("read")
        if self.remedy_type == "none":
            complaint.action_set_no_financial_remedy()
            return {"type": "ir.actions.act_window_close"}
        if self.remedy_type == "credit_note":
            credit_note = self._create_credit_note()
            return self._open(credit_note)
        return self._open(self._create_replacement_order())

    # === BUSINESS METHODS === #
    def _open(self, record):
        return {
            "type": "ir.actions.act_window",
            "res_model": record._name,
            "res_id": record.id,
            "view_mode": "form",
            "target": "current",
        }

    def _selected_lines(self):
        lines = self.line_ids.filtered(lambda line: line.selected and line.quantity)
        if not lines:
            raise UserError(self.env._("Select at least one line with a quantity."))
        return lines

    def _check_credit_note_input(self, lines):
        invoice = self.invoice_id
        complaint = self.complaint_id
        if not invoice:
            raise UserError(self.env._("Choose the invoice to credit."))
        if invoice.move_type != "out_invoice" or invoice.state != "posted":
            raise UserError(self.env._("Only a posted customer invoice can be credited."))
        if invoice.company_id != complaint.company_id:
            raise UserError(
                self.env._(
                    "Invoice %(invoice)s belongs to another company than complaint %(ref)s.",
                    invoice=invoice.name,
                    ref=complaint.name,
                )
            )
        if invoice.commercial_partner_id != complaint.commercial_partner_id:
            raise UserError(
                self.env._(
                    "Invoice %(invoice)s is not an invoice of %(customer)s.",
                    invoice=invoice.name,
                    customer=complaint.commercial_partner_id.display_name,
                )
            )
        if not self.credit_type:
            raise UserError(
                self.env._(
                    "Say what happens to the goods: compensation (the customer keeps them) or "
                    "return (they come back)."
                )
            )
        for line in lines:
            invoiced = line.invoice_line_id
            if invoiced.move_id != invoice:
                raise UserError(self.env._("Every line to credit must come from the invoice."))
            if (
                line.quantity < 0
                or float_compare(
                    line.quantity,
                    invoiced.quantity,
                    precision_rounding=invoiced.product_uom_id.rounding,
                )
                > 0
            ):
                raise UserError(
                    self.env._(
                        "You cannot credit %(qty)s of %(product)s: only %(invoiced)s were invoiced.",
                        qty=line.quantity,
                        product=invoiced.name,
                        invoiced=invoiced.quantity,
                    )
                )

    def _returned_quantities(self, lines):
        """{order line: quantity in its unit} the return takes back, for the lines to credit
        that come from an order; checked before anything is written."""
        quantities = {}
        for line in lines:
            invoiced = line.invoice_line_id
            order_line = invoiced.sale_line_ids
            if not order_line:
                continue
            if len(order_line) > 1:
                raise UserError(
                    self.env._(
                        "%(product)s is invoiced for several order lines: record the return on "
                        "the orders, then credit it as compensation.",
                        product=invoiced.name,
                    )
                )
            if order_line.is_downpayment:
                raise UserError(
                    self.env._("A down payment cannot come back: credit it as compensation.")
                )
            quantity = invoiced.product_uom_id._compute_quantity(
                line.quantity, order_line.product_uom_id
            )
            quantities[order_line] = quantities.get(order_line, 0.0) + quantity
        if quantities:
            self.env["sale.order.line"].concat(*quantities).check_access("write")
        return quantities

    def _create_credit_note(self):
        lines = self._selected_lines()
        self._check_credit_note_input(lines)
        invoice, complaint = self.invoice_id, self.complaint_id
        returned = self._returned_quantities(lines) if self.credit_type == "return" else {}
        already_credited = sum(
            invoice.reversal_move_ids.filtered(lambda move: move.state != "cancel").mapped(
                "amount_total"
            )
        )
        with self.env.cr.savepoint():
            if returned:
                self.env["sale.order.line"]._sales_admin_take_back(returned)
            reversal = (
                self.env["account.move.reversal"]
                .with_context(active_model="account.move", active_ids=invoice.ids)
                .create({"reason": self.reason, "journal_id": invoice.journal_id.id})
            )
            reversal.refund_moves()
            credit_note = reversal.new_move_ids
            wanted = {line.invoice_line_id: line.quantity for line in lines}
            # The reversal keeps the links to the order lines, which lowers their invoiced
            # quantity: right for a return, whose delivered quantity fell too; compensation
            # leaves the order invoiced, so its credit note is not linked to the order lines.
            unlink = {"sale_line_ids": [Command.clear()]} if self.credit_type != "return" else {}
            # the reversal copies the invoice lines in their order: pair them up again
            originals = invoice.invoice_line_ids.filtered(lambda aml: aml.display_type == "product")
            copies = credit_note.invoice_line_ids.filtered(
                lambda aml: aml.display_type == "product"
            )
            commands = [
                Command.update(copy.id, {"quantity": wanted[original], **unlink})
                if original in wanted
                else Command.delete(copy.id)
                for original, copy in zip(originals, copies, strict=True)
            ]
            credit_note._write_workflow(
                {"invoice_line_ids": commands, "complaint_id": complaint.id}
            )
            if (
                invoice.currency_id.compare_amounts(
                    credit_note.amount_total + already_credited, invoice.amount_total
                )
                > 0
            ):
                raise UserError(
                    self.env._(
                        "The credit note (%(amount)s) would exceed what is left to credit on "
                        "invoice %(invoice)s (%(left)s).",
                        amount=credit_note.amount_total,
                        invoice=invoice.name,
                        left=invoice.amount_total - already_credited,
                    )
                )
            if self.post_credit_note:
                credit_note.action_post()
        credit_note.message_post_with_source(
            "mail.message_origin_link",
            render_values={"self": credit_note, "origin": complaint},
            subtype_xmlid="mail.mt_note",
        )
        complaint.message_post(
            body=self.env._(
                "Credit note %(move)s of %(amount)s %(currency)s created (%(goods)s).",
                move=credit_note.name or credit_note.display_name,
                amount=credit_note.amount_total,
                currency=credit_note.currency_id.name,
                goods=dict(self._fields["credit_type"]._description_selection(self.env))[
                    self.credit_type
                ],
            ),
            subtype_xmlid="mail.mt_note",
        )
        return credit_note

    def _create_replacement_order(self):
        lines = self._selected_lines()
        complaint = self.complaint_id
        if not complaint.partner_id:
            raise UserError(self.env._("Set the customer of the complaint first."))
        order = self.env["sale.order"]._create_workflow(
            [
                {
                    "partner_id": complaint.partner_id.id,
                    "company_id": complaint.company_id.id,
                    "origin": complaint.name,
                    "complaint_id": complaint.id,
                    "user_id": complaint.user_id.id,
                    "order_line": [
                        Command.create(
                            {
                                "product_id": line.product_id.id,
                                "product_uom_qty": line.quantity,
                                "discount": 100.0,
                            }
                        )
                        for line in lines
                    ],
                }
            ]
        )
        complaint.message_post(
            body=self.env._("Replacement quotation %s created.", order.name),
            subtype_xmlid="mail.mt_note",
        )
        return order
