from datetime import date

from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError

from ..models.card_numbers import contains_card_number

# Every free text the wizard receives is screened for card numbers before it is stored.
SCREENED_TEXT_FIELDS = ("reference", "note")
# A date before this is a typing error (0001-01-01), not a payment someone took by phone.
EARLIEST_PAYMENT_DATE = date(2000, 1, 1)


class SaleAdminPhonePayment(models.TransientModel):
    _name = "sale.admin.phone.payment"
    _description = "Take a Phone Payment"
    _check_company_auto = True

    order_id = fields.Many2one("sale.order", string="Sale Order", readonly=True)
    invoice_id = fields.Many2one(
        "account.move",
        readonly=True,
        domain=[("move_type", "=", "out_invoice")],
    )
    company_id = fields.Many2one(
        "res.company",
        compute="_compute_source",
        store=True,
        precompute=True,
        required=True,
        readonly=True,
    )
    partner_id = fields.Many2one(
        "res.partner",
        string="Customer",
        compute="_compute_source",
        store=True,
        precompute=True,
        readonly=True,
    )
    source_currency_id = fields.Many2one(
        "res.currency", compute="_compute_source", store=True, precompute=True
    )
    currency_id = fields.Many2one(
        "res.currency",
        compute="_compute_currency_id",
        store=True,
        precompute=True,
        readonly=False,
        required=True,
        help="The currency the customer pays in; Odoo converts it at the payment date's rate.",
    )
    amount_due = fields.Monetary(
        compute="_compute_amount_due",
        help="What the customer still owes on this document, in the payment currency.",
    )
    amount = fields.Monetary(
        compute="_compute_amount", store=True, precompute=True, readonly=False, required=True
    )
    payment_date = fields.Date(required=True, default=fields.Date.context_today)
    journal_id = fields.Many2one(
        "account.journal",
        required=True,
        check_company=True,
        compute="_compute_journal_id",
        store=True,
        precompute=True,
        readonly=False,
        domain="[('type', 'in', ('bank', 'cash')), ('company_id', '=', company_id)]",
    )
    payment_method_line_id = fields.Many2one(
        "account.payment.method.line",
        string="Payment Method",
        compute="_compute_payment_method_line_id",
        store=True,
        precompute=True,
        readonly=False,
        domain="[('journal_id', '=', journal_id), ('payment_type', '=', 'inbound')]",
    )
    reference = fields.Char(
        help="The customer's reference or the last four digits of the card. Never the full card "
        "number."
    )
    note = fields.Text(string="Internal Note")
    send_receipt = fields.Boolean(string="Email a Receipt")
    is_overpayment = fields.Boolean(compute="_compute_is_overpayment")
    confirm_overpayment = fields.Boolean(
        string="Keep the Excess as Customer Credit",
        help="The amount exceeds what is due: tick to post it anyway; the excess stays as credit "
        "on the customer's account.",
    )

    # === COMPUTE METHODS === #
    @api.depends("order_id", "invoice_id")
    def _compute_source(self):
        for wizard in self:
            source = wizard.invoice_id or wizard.order_id
            wizard.company_id = source.company_id or self.env.company
            wizard.partner_id = source.partner_id.commercial_partner_id
            wizard.source_currency_id = source.currency_id or wizard.company_id.currency_id

    @api.depends("source_currency_id")
    def _compute_currency_id(self):
        for wizard in self:
            wizard.currency_id = wizard.source_currency_id

    @api.depends("order_id", "invoice_id", "currency_id", "payment_date")
    def _compute_amount_due(self):
        for wizard in self:
            wizard.amount_due = wizard._amount_due()

    @api.depends("amount", "amount_due")
    def _compute_is_overpayment(self):
        for wizard in self:
            wizard.is_overpayment = bool(wizard.currency_id) and (
                wizard.currency_id.compare_amounts(wizard.amount, wizard.amount_due) > 0
            )

    @api.depends("order_id", "invoice_id", "currency_id")
    def _compute_amount(self):
        for wizard in self:
            wizard.amount = wizard._amount_due()

    @api.depends("company_id")
    def _compute_journal_id(self):
        for wizard in self:
            wizard.journal_id = self.env["account.journal"].search(
                [
                    *self.env["account.journal"]._check_company_domain(wizard.company_id),
                    ("type", "in", ("bank", "cash")),
                ],
                limit=1,
            )

    @api.depends("journal_id")
    def _compute_payment_method_line_id(self):
        for wizard in self:
            wizard.payment_method_line_id = wizard.journal_id._get_available_payment_method_lines(
                "inbound"
            )[:1]

    # === CRUD METHODS === #
    @api.model_create_multi
    def create(self, vals_list):
        for vals in vals_list:
            self._check_no_card_number(vals)
        return super().create(vals_list)

    def write(self, vals):
        self._check_no_card_number(vals)
        return super().write(vals)

    # === ACTION METHODS === #
    def action_take_payment(self):
        """Create and post the payment through Odoo's payment registration: reconciled with the
        open invoices, or kept as a customer advance linked to the order."""
        self.ensure_one()
        self._check_can_register_payment()
        self._check_payment_is_valid()
        order = self.order_id or self.invoice_id.line_ids.sale_line_ids.order_id[:1]
        receivable_lines = self._open_receivable_lines()
        memo = " - ".join(filter(None, [order.name or self.invoice_id.name, self.reference]))
        if receivable_lines:
            payments = self._register_on_invoices(receivable_lines, order, memo)
        else:
            payments = self._register_advance(order, memo)
        if self.note:
            payments.message_post(body=self.note)
        if order:
            order.message_post(
                body=self.env._(
                    "Phone payment %(payment)s of %(amount)s taken by %(user)s.",
                    payment=payments[:1].name,
                    amount=payments[:1].amount,
                    user=self.env.user.name,
                )
            )
            order._sales_admin_recheck()
        if self.send_receipt:
            template = self.env.ref("account.mail_template_data_payment_receipt")
            for payment in payments:
                payment.message_post_with_source(
                    template, message_type="comment", subtype_xmlid="mail.mt_comment"
                )
        return {"type": "ir.actions.act_window_close"}

    # === BUSINESS METHODS === #
    def _amount_due(self):
        self.ensure_one()
        if self.invoice_id:
            due = self.invoice_id.amount_residual
        else:
            due = self.order_id.sales_admin_amount_due
        if self.source_currency_id and self.currency_id:
            due = self.source_currency_id._convert(
                due,
                self.currency_id,
                self.company_id,
                self.payment_date or fields.Date.context_today(self),
            )
        return due

    @api.model
    def _check_no_card_number(self, vals):
        for name in SCREENED_TEXT_FIELDS:
            if contains_card_number(vals.get(name)):
                raise UserError(
                    self.env._(
                        "The %(field)s looks like a payment card number. Card numbers must "
                        "never be stored: enter only the last four digits.",
                        field=self._fields[name]._description_string(self.env),
                    )
                )

    # Actions

    @api.model
    def _action_open(self, context):
        self._check_can_register_payment()
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Take a Phone Payment"),
            "res_model": self._name,
            "view_mode": "form",
            "target": "new",
            "context": context,
        }

    @api.model
    def _check_can_register_payment(self):
        if not self.env.user.has_group("account.group_account_invoice"):
            raise AccessError(
                self.env._(
                    "Only users with invoicing rights can register payments. Ask accounting to "
                    "take this payment."
                )
            )

    def _check_payment_is_valid(self):
        self._check_no_card_number({name: self[name] for name in SCREENED_TEXT_FIELDS})
        if not self.order_id and not self.invoice_id:
            raise UserError(self.env._("Take a phone payment from a sale order or an invoice."))
        if self.currency_id.compare_amounts(self.amount, 0.0) <= 0:
            raise UserError(self.env._("The payment amount must be positive."))
        if self.order_id.state == "cancel":
            raise UserError(self.env._("You cannot take a payment on a cancelled order."))
        if self.invoice_id and (
            self.invoice_id.state != "posted" or self.invoice_id.move_type != "out_invoice"
        ):
            raise UserError(self.env._("Payments can only be taken on posted customer invoices."))
        if self.journal_id.company_id != self.company_id:
            raise UserError(
                self.env._(
                    "The journal %(journal)s belongs to another company than the document.",
                    journal=self.journal_id.display_name,
                )
            )
        if not EARLIEST_PAYMENT_DATE <= self.payment_date <= fields.Date.context_today(self):
            raise UserError(
                self.env._(
                    "The payment date %(date)s is not plausible: a phone payment is dated today or "
                    "in the past.",
                    date=self.payment_date,
                )
            )
        violated = self.company_id._get_violated_lock_dates(
            self.payment_date, False, self.journal_id
        )
        if violated:
            raise UserError(
                self.env._(
                    "The payment date falls in a locked period (%(locks)s). Use a later date.",
                    locks=self.env["res.company"]._format_lock_dates(violated),
                )
            )
        if self.is_overpayment and not self.confirm_overpayment:
            raise UserError(
                self.env._(
                    "The amount is more than the %(due)s due. Tick 'Keep the Excess as Customer "
                    "Credit' to post it anyway.",
                    due=self.amount_due,
                )
            )

    def _open_receivable_lines(self):
        invoices = self.invoice_id or self.order_id.invoice_ids
        invoices = invoices.filtered(
            lambda move: move.state == "posted"
            and move.move_type == "out_invoice"
            and move.payment_state in ("not_paid", "partial")
        )
        return invoices.line_ids.filtered(
            lambda line: line.account_type == "asset_receivable" and not line.reconciled
        ).sorted(lambda line: (line.date_maturity or line.date, line.id))

    def _register_on_invoices(self, receivable_lines, order, memo):
        register = (
            self.env["account.payment.register"]
            .with_context(
                active_model="account.move.line",
                active_ids=receivable_lines.ids,
                sales_admin_order_id=order.id,
            )
            .create(
                {
                    "payment_date": self.payment_date,
                    "journal_id": self.journal_id.id,
                    "payment_method_line_id": self.payment_method_line_id.id,
                    "currency_id": self.currency_id.id,
                    "group_payment": True,
                    "amount": self.amount,
                    "communication": memo,
                    "payment_difference_handling": "open",
                }
            )
        )
        if not register.can_edit_wizard:
            raise UserError(
                self.env._(
                    "These invoices cannot be paid with a single payment; register the payment "
                    "from each invoice."
                )
            )
        return register._create_payments()

    def _register_advance(self, order, memo):
        payment = self.env["account.payment"].create(
            {
                "payment_type": "inbound",
                "partner_type": "customer",
                "partner_id": self.partner_id.id,
                "amount": self.amount,
                "currency_id": self.currency_id.id,
                "date": self.payment_date,
                "journal_id": self.journal_id.id,
                "payment_method_line_id": self.payment_method_line_id.id,
                "company_id": self.company_id.id,
                "memo": memo,
                "sales_admin_order_id": order.id,
            }
        )
        payment.action_post()
        return payment
