from collections import defaultdict

from dateutil.relativedelta import relativedelta
from markupsafe import Markup

from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError
from odoo.fields import Domain
from odoo.tools import SQL


class SaleOrder(models.Model):
    _inherit = "sale.order"

    sales_admin_id = fields.Many2one(
        comodel_name="res.users",
        help="The sales administrator who processes this order; defaults to the customer's.",
        compute="_compute_sales_admin_id",
        store=True,
        readonly=False,
        precompute=True,
        index="btree_not_null",
        tracking=True,
        domain=lambda self: [
            ("all_group_ids", "in", self.env.ref("sales_admin_base.group_sales_admin_user").ids),
            ("share", "=", False),
        ],
    )

    @api.depends("partner_id")
    def _compute_sales_admin_id(self):
        for order in self:
            admin = order.partner_id.commercial_partner_id.sales_admin_id
            if admin or not order.sales_admin_id:
                order.sales_admin_id = admin

    # ------------------------------------------------------------------ complaints
    complaint_ids = fields.Many2many(
        "sale.complaint", "sale_complaint_sale_order_rel", string="Complaints", copy=False
    )
    complaint_count = fields.Integer(compute="_compute_complaint_count")
    complaint_id = fields.Many2one(
        "sale.complaint",
        string="Replacement for Complaint",
        readonly=True,
        copy=False,
        index="btree_not_null",
        check_company=True,
    )

    @api.depends("complaint_ids")
    def _compute_complaint_count(self):
        counts = dict(
            self.env["sale.complaint"]._read_group(
                [("sale_order_ids", "in", self.ids)], ["sale_order_ids"], ["__count"]
            )
        )
        for order in self:
            order.complaint_count = counts.get(order, 0)

    def action_view_complaints(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "sales_admin_base.sale_complaint_action"
        )
        action["domain"] = [("sale_order_ids", "in", self.ids)]
        action["context"] = {
            "default_partner_id": self.partner_id.id,
            "default_sale_order_ids": self.ids,
        }
        return action

    # ------------------------------------------------------------
    # Order desk: checklist, admin state, hold, timestamps (issue 4)
    # ------------------------------------------------------------

    sales_admin_customer_ok = fields.Boolean(
        string="Customer Complete", compute="_compute_sales_admin_checklist", store=True
    )
    sales_admin_credit_ok = fields.Boolean(
        string="Credit OK",
        compute="_compute_sales_admin_checklist",
        store=True,
        help="Odoo's partner credit limit is respected (open receivables, orders to invoice and "
        "this quotation), or credit limits are not enabled for the company.",
    )
    sales_admin_signature_ok = fields.Boolean(
        string="Signature Received", compute="_compute_sales_admin_checklist", store=True
    )
    sales_admin_prepayment_ok = fields.Boolean(
        string="Prepayment Received", compute="_compute_sales_admin_checklist", store=True
    )
    sales_admin_delivered = fields.Boolean(
        string="Fully Delivered",
        compute="_compute_sales_admin_checklist",
        store=True,
        help="Every line has its delivered quantity: entered by hand, or from pickings when "
        "Inventory (sale_stock) is installed.",
    )
    sales_admin_invoiced = fields.Boolean(
        string="Fully Invoiced", compute="_compute_sales_admin_checklist", store=True
    )
    sales_admin_paid = fields.Boolean(
        string="Fully Paid", compute="_compute_sales_admin_checklist", store=True
    )
    sales_admin_amount_received = fields.Monetary(
        string="Amount Received",
        compute="_compute_sales_admin_checklist",
        store=True,
        help="Paid on the order's invoices plus customer advances linked to the order and not "
        "yet applied to an invoice.",
    )
    sales_admin_block_reasons = fields.Text(
        string="Blocking Reasons", compute="_compute_sales_admin_checklist", store=True
    )
    sales_admin_state = fields.Selection(
        selection=[
            ("to_check", "To Check"),
            ("ready", "Ready"),
            ("blocked", "Blocked"),
            ("fulfilled", "Fulfilled"),
        ],
        string="Admin State",
        compute="_compute_sales_admin_checklist",
        store=True,
        index=True,
        tracking=True,
        group_expand="_group_expand_sales_admin_state",
        help="To check: a quotation still waiting for its signature or prepayment. Ready: nothing "
        "blocks the next step. Blocked: see the reasons. Fulfilled: delivered, invoiced and paid.",
    )
    sales_admin_hold = fields.Boolean(string="On Hold", copy=False, tracking=True)
    sales_admin_hold_reason = fields.Char(string="Hold Reason", copy=False, tracking=True)
    sales_admin_overdue = fields.Boolean(
        string="Overdue",
        compute="_compute_sales_admin_overdue",
        search="_search_sales_admin_overdue",
        help="An invoice of the order is past due, or the promised delivery date has passed.",
    )
    sales_admin_payment_ids = fields.One2many(
        "account.payment",
        "sales_admin_order_id",
        string="Phone Payments and Advances",
        groups="account.group_account_invoice,account.group_account_readonly",
    )

    sales_admin_sent_date = fields.Datetime(
        string="Quotation Sent On", compute="_compute_sales_admin_dates", store=True, copy=False
    )
    sales_admin_confirmed_date = fields.Datetime(
        string="Confirmed On", compute="_compute_sales_admin_dates", store=True, copy=False
    )
    sales_admin_delivered_date = fields.Datetime(
        string="Fully Delivered On", compute="_compute_sales_admin_dates", store=True, copy=False
    )
    sales_admin_invoiced_date = fields.Datetime(
        string="Fully Invoiced On", compute="_compute_sales_admin_dates", store=True, copy=False
    )
    sales_admin_paid_date = fields.Datetime(
        string="Fully Paid On", compute="_compute_sales_admin_dates", store=True, copy=False
    )
    sales_admin_days_to_confirm = fields.Float(
        string="Days Sent to Confirmed",
        compute="_compute_sales_admin_cycle_times",
        store=True,
        aggregator="avg",
    )
    sales_admin_days_to_deliver = fields.Float(
        string="Days Confirmed to Delivered",
        compute="_compute_sales_admin_cycle_times",
        store=True,
        aggregator="avg",
    )
    sales_admin_days_to_invoice = fields.Float(
        string="Days Confirmed to Invoiced",
        compute="_compute_sales_admin_cycle_times",
        store=True,
        aggregator="avg",
    )
    sales_admin_days_to_pay = fields.Float(
        string="Days Invoiced to Paid",
        compute="_compute_sales_admin_cycle_times",
        store=True,
        aggregator="avg",
    )
    sales_admin_days_to_fulfil = fields.Float(
        string="Days Confirmed to Fulfilled",
        compute="_compute_sales_admin_cycle_times",
        store=True,
        aggregator="avg",
    )

    @api.depends(
        "state",
        "partner_id",
        "amount_total",
        "company_id.account_use_credit_limit",
        "partner_id.commercial_partner_id.credit_limit",
        "require_signature",
        "signature",
        "require_payment",
        "prepayment_percent",
        "transaction_ids.state",
        "transaction_ids.amount",
        "invoice_status",
        "order_line.qty_delivered",
        "order_line.product_uom_qty",
        "order_line.invoice_lines.move_id.state",
        "order_line.invoice_lines.move_id.amount_residual",
        "order_line.invoice_lines.move_id.payment_state",
        "sales_admin_payment_ids.state",
        "sales_admin_payment_ids.move_id.line_ids.amount_residual_currency",
        "sales_admin_hold",
        "sales_admin_hold_reason",
    )
    def _compute_sales_admin_checklist(self):
        checks = self._sales_admin_checks()
        for order in self:
            order.update({f"sales_admin_{key}": value for key, value in checks[order].items()})

    @api.model
    def _group_expand_sales_admin_state(self, states, domain):
        return [key for key, _label in self._fields["sales_admin_state"].selection]

    @api.depends("state", "sales_admin_delivered", "sales_admin_invoiced", "sales_admin_paid")
    def _compute_sales_admin_dates(self):
        now = fields.Datetime.now()
        for order in self:
            if order.state == "sent" and not order.sales_admin_sent_date:
                order.sales_admin_sent_date = now
            confirmed = order.state == "sale"
            order.sales_admin_confirmed_date = order.date_order if confirmed else False
            for flag, date_field in (
                ("sales_admin_delivered", "sales_admin_delivered_date"),
                ("sales_admin_invoiced", "sales_admin_invoiced_date"),
                ("sales_admin_paid", "sales_admin_paid_date"),
            ):
                if not (confirmed and order[flag]):
                    order[date_field] = False
                elif not order[date_field]:
                    order[date_field] = now

    @api.depends(
        "sales_admin_sent_date",
        "sales_admin_confirmed_date",
        "sales_admin_delivered_date",
        "sales_admin_invoiced_date",
        "sales_admin_paid_date",
    )
    def _compute_sales_admin_cycle_times(self):
        def days_between(start, end):
            return round((end - start).total_seconds() / 86400, 2) if start and end else 0.0

        for order in self:
            confirmed = order.sales_admin_confirmed_date
            last_step = (
                max(order.sales_admin_delivered_date, order.sales_admin_paid_date)
                if order.sales_admin_delivered_date and order.sales_admin_paid_date
                else False
            )
            order.sales_admin_days_to_confirm = days_between(order.sales_admin_sent_date, confirmed)
            order.sales_admin_days_to_deliver = days_between(
                confirmed, order.sales_admin_delivered_date
            )
            order.sales_admin_days_to_invoice = days_between(
                confirmed, order.sales_admin_invoiced_date
            )
            order.sales_admin_days_to_pay = days_between(
                order.sales_admin_invoiced_date, order.sales_admin_paid_date
            )
            order.sales_admin_days_to_fulfil = days_between(confirmed, last_step)

    def _compute_sales_admin_overdue(self):
        overdue = self.filtered_domain(self._sales_admin_overdue_domain())
        for order in self:
            order.sales_admin_overdue = order in overdue

    def _search_sales_admin_overdue(self, operator, value):
        if operator != "in":
            return NotImplemented
        domain = self._sales_admin_overdue_domain()
        if True in value and False in value:
            return Domain.TRUE
        return domain if True in value else ~domain

    @api.model
    def _sales_admin_overdue_domain(self):
        today = fields.Date.context_today(self)
        late_invoice = Domain(
            "order_line.invoice_lines.move_id",
            "any",
            [
                ("move_type", "=", "out_invoice"),
                ("state", "=", "posted"),
                ("payment_state", "in", ("not_paid", "partial")),
                ("invoice_date_due", "<", today),
            ],
        )
        late_delivery = Domain(
            [
                ("state", "=", "sale"),
                ("sales_admin_delivered", "=", False),
                ("commitment_date", "<", fields.Datetime.now()),
            ]
        )
        return late_invoice | late_delivery

    @api.private
    def _sales_admin_checks(self):
        """Evaluate the admin checklist of these orders from their real data: {order: checks}.
        What lies outside the order (invoices, payments, credit, contracts) is read once for
        the whole recordset, so checking many orders costs as many queries as checking one."""
        invoices = self._sales_admin_posted_invoices()
        advances = self._sales_admin_advances_received()
        unsigned = self._sales_admin_orders_missing_contract()
        for company in self.company_id:
            # sudo: the credit figures are accounting fields; the admin only needs the verdict.
            # Reading them here computes them for all these customers at once.
            self.sudo().with_company(company).partner_id.commercial_partner_id.mapped("credit")
        return {
            order: order._sales_admin_order_checks(
                invoices.get(order._origin.id, self.env["account.move"]),
                advances.get(order._origin.id, 0.0),
                contract_signed=order not in unsigned,
            )
            for order in self
        }

    @api.private
    def _sales_admin_order_checks(self, invoices, advances, contract_signed):
        """The checklist of one order (one branch per item), given its posted invoices, the
        advances received for it and whether its contract is signed."""
        self.ensure_one()
        currency = self.currency_id
        lines = self.order_line.filtered(lambda line: not line.display_type)
        received = advances + sum(
            (inv.amount_total - inv.amount_residual) * (-1 if inv.move_type == "out_refund" else 1)
            for inv in invoices
        )
        prepaid = max(received, self.amount_paid)
        quotation = self.state in ("draft", "sent")
        confirmed = self.state == "sale"

        _required, missing = self.partner_id._sales_admin_missing_fields()
        credit_warning = ""
        if self.company_id.account_use_credit_limit and self.state != "cancel":
            # sudo: the credit figures are accounting fields; the admin only needs the verdict
            current_amount = self.amount_total / (self.currency_rate or 1.0) if quotation else 0.0
            credit_warning = (
                self.env["account.move"]
                .with_company(self.company_id)
                ._build_credit_warning_message(
                    self.sudo().with_company(self.company_id), current_amount=current_amount
                )
            )
        signature_ok = not (quotation and self.require_signature) or bool(self.signature)
        prepayment_ok = (
            not self.require_payment
            or currency.compare_amounts(prepaid, self._get_prepayment_required_amount()) >= 0
        )
        delivered = confirmed and all(
            line.product_uom_id.compare(line.qty_delivered, line.product_uom_qty) >= 0
            for line in lines
        )
        invoiced = confirmed and self.invoice_status == "invoiced"
        paid = (
            invoiced
            and bool(invoices)
            and all(inv.payment_state in ("paid", "in_payment", "reversed") for inv in invoices)
        )

        reasons = []
        if self.sales_admin_hold:
            reasons.append(
                self.env._("On hold: %s", self.sales_admin_hold_reason or self.env._("no reason"))
            )
        if missing:
            labels = [
                self.partner_id._fields[name]._description_string(self.env) for name in missing
            ]
            reasons.append(self.env._("Customer record incomplete: %s", ", ".join(labels)))
        if credit_warning:
            reasons.append(credit_warning)
        if confirmed and not prepayment_ok:
            reasons.append(self.env._("The required prepayment has not been received."))
        if confirmed and not contract_signed:
            reasons.append(self.env._("The contract this order needs is not signed yet."))

        if self.state == "cancel":
            state = False
        elif reasons:
            state = "blocked"
        elif confirmed and delivered and paid:
            state = "fulfilled"
        elif quotation and not (signature_ok and prepayment_ok):
            state = "to_check"
        else:
            state = "ready"
        return {
            "customer_ok": not missing,
            "credit_ok": not credit_warning,
            "signature_ok": signature_ok,
            "prepayment_ok": prepayment_ok,
            "delivered": delivered,
            "invoiced": invoiced,
            "paid": paid,
            "amount_received": received,
            "block_reasons": "\n".join(reasons) or False,
            "state": state,
        }

    @api.private
    def _sales_admin_posted_invoices(self):
        """{order id: its posted customer invoices and credit notes}, in one query for all these
        orders (their amounts and states are then read in one more)."""
        order_ids = tuple(self._origin.ids)
        if not order_ids:
            return {}
        invoice_lines = self.env["sale.order.line"]._fields["invoice_lines"]
        self.env["sale.order.line"].flush_model(["order_id", "invoice_lines"])
        self.env["account.move.line"].flush_model(["move_id"])
        self.env["account.move"].flush_model(["state", "move_type"])
        rows = self.env.execute_query(
            SQL(
                """
                SELECT line.order_id, array_agg(DISTINCT aml.move_id)
                  FROM sale_order_line line
                  JOIN %(rel)s rel ON rel.%(order_line_col)s = line.id
                  JOIN account_move_line aml ON aml.id = rel.%(invoice_line_col)s
                  JOIN account_move move ON move.id = aml.move_id
                 WHERE line.order_id IN %(order_ids)s
                   AND move.state = 'posted'
                   AND move.move_type IN ('out_invoice', 'out_refund')
              GROUP BY line.order_id
                """,
                rel=SQL.identifier(invoice_lines.relation),
                order_line_col=SQL.identifier(invoice_lines.column1),
                invoice_line_col=SQL.identifier(invoice_lines.column2),
                order_ids=order_ids,
            )
        )
        Move = self.env["account.move"]
        invoices = {order_id: Move.browse(move_ids) for order_id, move_ids in rows}
        all_invoices = Move.browse(
            {move_id for _order_id, move_ids in rows for move_id in move_ids}
        )
        all_invoices.fetch(["move_type", "amount_total", "amount_residual", "payment_state"])
        return {
            order_id: moves.with_prefetch(all_invoices._prefetch_ids)
            for order_id, moves in invoices.items()
        }

    @api.private
    def _sales_admin_advances_received(self):
        """{order id: amount} of the phone payments and customer advances linked to these orders
        that no invoice of theirs has absorbed yet (their open receivable part)."""
        order_ids = self._origin.ids
        if not order_ids:
            return {}
        payments = self.env["account.payment"].search_fetch(
            [("sales_admin_order_id", "in", order_ids), ("state", "in", ("in_process", "paid"))],
            ["sales_admin_order_id", "amount", "move_id"],
        )
        open_parts = (
            dict(
                self.env["account.move.line"]._read_group(
                    [
                        ("move_id", "in", payments.move_id.ids),
                        ("account_type", "=", "asset_receivable"),
                    ],
                    ["move_id"],
                    ["amount_residual_currency:sum"],
                )
            )
            if payments.move_id
            else {}
        )
        received = defaultdict(float)
        for payment in payments:
            order_id = payment.sales_admin_order_id.id
            if payment.move_id:
                received[order_id] -= open_parts.get(payment.move_id, 0.0)
            elif not payment.invoice_ids:
                # payment without journal entry (outstanding accounts disabled): only matched
                # to invoices, which already count it when it pays them
                received[order_id] += payment.amount
        return received

    @api.private
    def _sales_admin_orders_missing_contract(self):
        """Hook for the checklist: the orders among these that need a contract that is not
        signed yet (contracts live in sales_admin_proposals, which overrides this)."""
        return self.browse()

    def _sales_admin_contract_signed(self):
        """True unless the order needs a contract that is not signed yet."""
        self.ensure_one()
        return not self._sales_admin_orders_missing_contract()

    @api.private
    def _sales_admin_recheck(self):
        """Recompute the checklist of these orders: what it reads outside the order (customer
        record, receivables of the customer) changes without touching the order."""
        self.env.add_to_compute(self._fields["sales_admin_state"], self)
        self._recompute_recordset(["sales_admin_state"])

    def action_sales_admin_recheck(self):
        self.check_access("write")
        self._sales_admin_recheck()

    def action_sales_admin_put_on_hold(self):
        self.ensure_one()
        self.check_access("write")
        self.env["sales.admin.order.hold"].check_access("create")
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Put on Hold"),
            "res_model": "sales.admin.order.hold",
            "view_mode": "form",
            "target": "new",
            "context": {"default_order_ids": self.ids},
        }

    def action_sales_admin_release_hold(self):
        self.check_access("write")
        if not self.env.user.has_group("sales_admin_base.group_sales_admin_user"):
            raise AccessError(self.env._("Only a Sales Admin can release a hold."))
        for order in self.filtered("sales_admin_hold"):
            order.write({"sales_admin_hold": False, "sales_admin_hold_reason": False})
            order.message_post(body=self.env._("Hold released."))

    def action_sales_admin_assign(self):
        self.check_access("write")
        self.env["sales.admin.order.assign"].check_access("create")
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Assign Sales Admin"),
            "res_model": "sales.admin.order.assign",
            "view_mode": "form",
            "target": "new",
            "context": {"default_order_ids": self.ids},
        }

    def action_sales_admin_send_reminder(self):
        """Schedule a to-do for each order's responsible admin (or salesperson) about what the
        order is waiting for."""
        self.check_access("write")
        for order in self.filtered(
            lambda o: o.sales_admin_state in ("to_check", "blocked", "ready")
        ):
            order.activity_schedule(
                "mail.mail_activity_data_todo",
                summary=self.env._("Order %s needs attention", order.name),
                note=order._sales_admin_waiting_for(),
                user_id=(order.sales_admin_id or order.user_id or self.env.user).id,
            )
        return True

    @api.private
    def _sales_admin_waiting_for(self):
        self.ensure_one()
        if self.sales_admin_block_reasons:
            return self.sales_admin_block_reasons
        waiting = []
        if not self.sales_admin_signature_ok:
            waiting.append(self.env._("the customer's signature"))
        if not self.sales_admin_prepayment_ok:
            waiting.append(self.env._("the prepayment"))
        if self.state == "sale":
            if not self.sales_admin_delivered:
                waiting.append(self.env._("delivery"))
            if not self.sales_admin_invoiced:
                waiting.append(self.env._("invoicing"))
            elif not self.sales_admin_paid:
                waiting.append(self.env._("payment"))
        return self.env._("Waiting for: %s", ", ".join(waiting)) if waiting else ""

    def action_sales_admin_take_payment(self):
        self.ensure_one()
        return self.env["sales.admin.phone.payment"]._action_open({"default_order_id": self.id})

    # ------------------------------------------------------------
    # Payment desk: payment links and crons (issue 4)
    # ------------------------------------------------------------

    sales_admin_payment_link_sent_date = fields.Datetime(
        string="Payment Link Sent On", copy=False, readonly=True, tracking=True
    )
    sales_admin_payment_link_reminded_date = fields.Datetime(
        string="Payment Link Reminded On", copy=False, readonly=True
    )

    def action_sales_admin_send_payment_link(self):
        """Email the customer the payment link Odoo's payment link wizard generates for the amount
        still due, and remember when it was sent."""
        self.ensure_one()
        self.check_access("write")
        if self.state == "cancel":
            raise UserError(self.env._("You cannot send a payment link for a cancelled order."))
        link_wizard = (
            self.env["payment.link.wizard"]
            .with_context(active_model=self._name, active_id=self.id)
            .create({})
        )
        if link_wizard.warning_message:
            raise UserError(link_wizard.warning_message)
        self._sales_admin_post_payment_link(link_wizard)
        self.sales_admin_payment_link_sent_date = fields.Datetime.now()
        self.sales_admin_payment_link_reminded_date = False
        return True

    def _sales_admin_post_payment_link(self, link_wizard, reminder=False):
        intro = (
            self.env._("A reminder: your order %s is still waiting for its payment.", self.name)
            if reminder
            else self.env._("You can pay your order %s online:", self.name)
        )
        self.message_post(
            body=Markup('<p>%s</p><p><a href="%s">%s</a></p>')
            % (
                intro,
                link_wizard.link,
                self.env._("Pay %s", link_wizard.currency_id.format(link_wizard.amount)),
            ),
            partner_ids=self.partner_id.ids,
            message_type="comment",
            subtype_xmlid="mail.mt_comment",
        )

    @api.model
    def _cron_sales_admin_payment_link_reminders(self):
        orders = self._sales_admin_payment_links_to_remind()
        for done, order in enumerate(orders, start=1):
            order._sales_admin_remind_payment_link()
            self.env["ir.cron"]._commit_progress(processed=1, remaining=len(orders) - done)

    @api.model
    def _sales_admin_payment_links_to_remind(self):
        return self.search(self._sales_admin_stale_payment_link_domain())

    @api.model
    def _sales_admin_stale_payment_link_domain(self):
        """Orders whose payment link was sent longer ago than their company's delay, not paid
        online since and not reminded yet."""
        now = fields.Datetime.now()
        per_company = [
            Domain("company_id", "=", company.id)
            & Domain(
                "sales_admin_payment_link_sent_date",
                "<=",
                now - relativedelta(days=company.sales_admin_payment_link_reminder_days),
            )
            for company in self.env["res.company"].search([("active", "=", True)])
        ]
        return Domain.OR(per_company) & Domain(
            [
                ("state", "in", ("draft", "sent", "sale")),
                ("sales_admin_payment_link_reminded_date", "=", False),
                ("sales_admin_paid", "=", False),
                ("transaction_ids", "not any", [("state", "in", ("done", "authorized"))]),
            ]
        )

    @api.private
    def _sales_admin_remind_payment_link(self):
        for order in self:
            if order.company_id.sales_admin_payment_link_reminder_mode == "email":
                link_wizard = (
                    self.env["payment.link.wizard"]
                    .with_context(active_model=order._name, active_id=order.id)
                    .create({})
                )
                order._sales_admin_post_payment_link(link_wizard, reminder=True)
            else:
                order.activity_schedule(
                    "sales_admin_base.mail_activity_type_payment_link",
                    note=self.env._(
                        "The payment link sent on %s is still unpaid: call the customer or take "
                        "a phone payment.",
                        fields.Datetime.to_string(order.sales_admin_payment_link_sent_date),
                    ),
                    user_id=(order.sales_admin_id or order.user_id or self.env.user).id,
                )
        self.sales_admin_payment_link_reminded_date = fields.Datetime.now()

    @api.model
    def _cron_sales_admin_recheck_open_orders(self, batch_size=500):
        """Credit exposure and customer data change outside the orders: re-evaluate the
        checklist of open orders."""
        orders = self.search(
            [("state", "in", ("draft", "sent", "sale")), ("sales_admin_state", "!=", "fulfilled")]
        )
        for start in range(0, len(orders), batch_size):
            orders[start : start + batch_size]._sales_admin_recheck()
            self.env["ir.cron"]._commit_progress(
                processed=len(orders[start : start + batch_size]),
                remaining=max(len(orders) - start - batch_size, 0),
            )


# ---------------------------------------------------------------------- rep requests (issue 5)
class SaleOrderSalesAdminRequest(models.Model):
    _name = "sale.order"
    _inherit = ["sale.order", "sale.admin.request.mixin"]

    def _sales_admin_request_admin(self):
        # the admin processing this order, who may differ from the customer's usual one
        return self.sales_admin_id or super()._sales_admin_request_admin()
