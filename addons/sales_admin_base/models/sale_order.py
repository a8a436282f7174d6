from dateutil.relativedelta import relativedelta
from markupsafe import Markup

from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError
from odoo.fields import Domain
from odoo.tools import SQL, formatLang


class SaleOrder(models.Model):
    _name = "sale.order"
    _inherit = [
        "sale.order",
        "sale.admin.request.mixin",
        "sale.admin.protected.mixin",
        "sale.admin.staff.fields.mixin",
    ]

    # the hold is put by the hold wizard and released by its button, by a sales admin; the
    # complaint a replacement order remedies is set by the remedy wizard; the payment link's
    # dates by sending it and by its reminder
    _protected_fields = (
        "sales_admin_hold",
        "sales_admin_hold_reason",
        "complaint_id",
        "sales_admin_date_payment_link_sent",
        "sales_admin_date_payment_link_reminded",
    )

    sales_admin_id = fields.Many2one(
        comodel_name="res.users",
        help="The sales administrator who processes this order; defaults to the customer's.",
        compute="_compute_sales_admin_id",
        store=True,
        readonly=False,
        precompute=True,
        index="btree_not_null",
        tracking=True,
        domain=lambda self: self.env["res.users"]._sales_admin_domain(),
    )
    complaint_ids = fields.Many2many(
        "sale.complaint",
        "sale_complaint_sale_order_rel",
        string="Complaints",
        copy=False,
        check_company=True,
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
    # Order desk: checklist, admin state, hold, timestamps

    sales_admin_customer_ok = fields.Boolean(
        string="Customer Complete", compute="_compute_sales_admin_customer", store=True
    )
    sales_admin_customer_missing = fields.Char(
        string="Missing Customer Fields",
        compute="_compute_sales_admin_customer",
        store=True,
        help="Technical names of the customer fields the company requires and the customer's "
        "record lacks, comma-separated.",
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
        compute="_compute_sales_admin_delivered",
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
        help="Settled on the order's invoices (payments, and credit notes of compensation "
        "matched to them) plus what the customer paid for the order and no invoice absorbed "
        "yet: phone payments, advances and online payments.",
    )
    sales_admin_amount_due = fields.Monetary(
        string="Amount Due",
        compute="_compute_sales_admin_checklist",
        store=True,
        help="What the customer still owes on the order: its total less the amount received. "
        "Payment links ask for it.",
    )
    sales_admin_block_reason_keys = fields.Json(
        string="Blocking Reason Keys",
        compute="_compute_sales_admin_checklist",
        store=True,
        help="What blocks the order, as keys and figures: the reasons are written from them in "
        "the reader's language.",
    )
    sales_admin_block_reasons = fields.Text(
        string="Blocking Reasons", compute="_compute_sales_admin_block_reasons"
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
    sales_admin_hold = fields.Boolean(string="On Hold", readonly=True, copy=False, tracking=True)
    sales_admin_hold_reason = fields.Char(
        string="Hold Reason", readonly=True, copy=False, tracking=True
    )
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
    sales_admin_date_sent = fields.Datetime(
        string="Quotation Sent On", compute="_compute_sales_admin_dates", store=True, copy=False
    )
    sales_admin_date_confirmed = fields.Datetime(
        string="Confirmed On", compute="_compute_sales_admin_dates", store=True, copy=False
    )
    sales_admin_date_delivered = fields.Datetime(
        string="Fully Delivered On", compute="_compute_sales_admin_dates", store=True, copy=False
    )
    sales_admin_date_invoiced = fields.Datetime(
        string="Fully Invoiced On", compute="_compute_sales_admin_dates", store=True, copy=False
    )
    sales_admin_date_paid = fields.Datetime(
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
    # Payment desk: payment links

    sales_admin_date_payment_link_sent = fields.Datetime(
        string="Payment Link Sent On", copy=False, readonly=True, tracking=True
    )
    sales_admin_date_payment_link_reminded = fields.Datetime(
        string="Payment Link Reminded On", copy=False, readonly=True
    )

    # === COMPUTE METHODS === #
    @api.depends("partner_id")
    def _compute_sales_admin_id(self):
        for order in self:
            admin = order.partner_id.commercial_partner_id.sales_admin_id
            if admin or not order.sales_admin_id:
                order.sales_admin_id = admin

    @api.depends("complaint_ids")
    def _compute_complaint_count(self):
        counts = dict(
            self.env["sale.complaint"]._read_group(
                [("sale_order_ids", "in", self.ids)], ["sale_order_ids"], ["__count"]
            )
        )
        for order in self:
            order.complaint_count = counts.get(order, 0)

    @api.depends("partner_id", "company_id")
    def _compute_sales_admin_customer(self):
        # the customer's own fields and the company's list change without touching the order:
        # res.partner.write and res.company.write recheck the open orders (_sales_admin_recheck)
        for order in self:
            _required, missing = order.partner_id._sales_admin_missing_fields(order.company_id)
            order.sales_admin_customer_ok = not missing
            order.sales_admin_customer_missing = ",".join(missing) or False

    @api.depends("state", "order_line.qty_delivered", "order_line.product_uom_qty")
    def _compute_sales_admin_delivered(self):
        for order in self:
            order.sales_admin_delivered = order.state == "sale" and all(
                line.product_uom_id.compare(line.qty_delivered, line.product_uom_qty) >= 0
                for line in order.order_line
                if not line.display_type
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
        "transaction_ids.payment_id",
        "invoice_status",
        "sales_admin_customer_missing",
        "sales_admin_delivered",
        "order_line.invoice_lines.move_id.state",
        "sales_admin_payment_ids",
        "sales_admin_hold",
        "sales_admin_hold_reason",
    )
    def _compute_sales_admin_checklist(self):
        # What was paid on the invoices and advances changes with reconciliations: they mark
        # the orders to recompute (account.move.line._reconcile_post_hook, partials' unlink,
        # payments' state). Declaring it here, through the invoices' payment_state and the
        # advances' residuals, would hang the checklist on the dependencies of every amount of
        # every journal item, which the ORM merges at each of their changes (bench_overhead).
        checks = self._sales_admin_checks()
        for order in self:
            order.update({f"sales_admin_{key}": value for key, value in checks[order].items()})

    @api.depends("sales_admin_block_reason_keys")
    @api.depends_context("lang")
    def _compute_sales_admin_block_reasons(self):
        for order in self:
            reasons = [
                order._sales_admin_block_reason_text(reason)
                for reason in order.sales_admin_block_reason_keys or []
            ]
            order.sales_admin_block_reasons = "\n".join(reasons) or False

    # date_order: Odoo's confirmation date of a confirmed order, which may be corrected afterwards
    @api.depends(
        "state", "date_order", "sales_admin_delivered", "sales_admin_invoiced", "sales_admin_paid"
    )
    def _compute_sales_admin_dates(self):
        now = fields.Datetime.now()
        for order in self:
            if order.state == "sent" and not order.sales_admin_date_sent:
                order.sales_admin_date_sent = now
            confirmed = order.state == "sale"
            order.sales_admin_date_confirmed = order.date_order if confirmed else False
            for flag, date_field in (
                ("sales_admin_delivered", "sales_admin_date_delivered"),
                ("sales_admin_invoiced", "sales_admin_date_invoiced"),
                ("sales_admin_paid", "sales_admin_date_paid"),
            ):
                if not (confirmed and order[flag]):
                    order[date_field] = False
                elif not order[date_field]:
                    order[date_field] = now

    @api.depends(
        "sales_admin_date_sent",
        "sales_admin_date_confirmed",
        "sales_admin_date_delivered",
        "sales_admin_date_invoiced",
        "sales_admin_date_paid",
    )
    def _compute_sales_admin_cycle_times(self):
        def days_between(start, end):
            return round((end - start).total_seconds() / 86400, 2) if start and end else 0.0

        for order in self:
            confirmed = order.sales_admin_date_confirmed
            last_step = (
                max(order.sales_admin_date_delivered, order.sales_admin_date_paid)
                if order.sales_admin_date_delivered and order.sales_admin_date_paid
                else False
            )
            order.sales_admin_days_to_confirm = days_between(order.sales_admin_date_sent, confirmed)
            order.sales_admin_days_to_deliver = days_between(
                confirmed, order.sales_admin_date_delivered
            )
            order.sales_admin_days_to_invoice = days_between(
                confirmed, order.sales_admin_date_invoiced
            )
            order.sales_admin_days_to_pay = days_between(
                order.sales_admin_date_invoiced, order.sales_admin_date_paid
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

    # === ACTION METHODS === #
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

    def action_sales_admin_recheck(self):
        self.check_access("write")
        self._sales_admin_recheck()
        return True

    def action_sales_admin_put_on_hold(self):
        self.ensure_one()
        self.check_access("write")
        self.env["sale.admin.order.hold"].check_access("create")
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Put on Hold"),
            "res_model": "sale.admin.order.hold",
            "view_mode": "form",
            "target": "new",
            "context": {"default_order_ids": self.ids},
        }

    def action_sales_admin_release_hold(self):
        self._sales_admin_check_hold_rights()
        for order in self.filtered("sales_admin_hold"):
            order._write_workflow({"sales_admin_hold": False, "sales_admin_hold_reason": False})
            order.message_post(body=self.env._("Hold released."))
        return True

    def action_sales_admin_assign(self):
        self.check_access("write")
        self.env["sale.admin.order.assign"].check_access("create")
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Assign Sales Admin"),
            "res_model": "sale.admin.order.assign",
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
            user = order.sales_admin_id or order.user_id or self.env.user
            in_lang = order.with_env(user._sales_admin_env())  # the assignee's language
            order.activity_schedule(
                "mail.mail_activity_data_todo",
                summary=in_lang.env._("Order %s needs attention", order.name),
                note=in_lang._sales_admin_waiting_for(),
                user_id=user.id,
            )
        return True

    def action_sales_admin_take_payment(self):
        self.ensure_one()
        self.check_access("read")
        if self.state == "cancel":
            raise UserError(self.env._("You cannot take a payment on a cancelled order."))
        self._sales_admin_recheck()
        if self.currency_id.is_zero(self.sales_admin_amount_due):
            raise UserError(
                self.env._(
                    "Nothing is due on order %(order)s: %(received)s of its %(total)s is "
                    "received. No payment to take.",
                    order=self.name,
                    received=self.currency_id.format(self.sales_admin_amount_received),
                    total=self.currency_id.format(self.amount_total),
                )
            )
        return self.env["sale.admin.phone.payment"]._action_open({"default_order_id": self.id})

    def action_sales_admin_send_payment_link(self):
        """Email the customer a link, made by Odoo's payment link wizard, to pay what is still
        due on the order (phone payments, advances and credit notes counted), and remember when
        it was sent."""
        self.ensure_one()
        self.check_access("write")
        if self.state == "cancel":
            raise UserError(self.env._("You cannot send a payment link for a cancelled order."))
        self._sales_admin_recheck()
        if self.currency_id.is_zero(self.sales_admin_amount_due):
            raise UserError(
                self.env._(
                    "Nothing is due on order %(order)s: %(received)s of its %(total)s is "
                    "received. No payment link was sent.",
                    order=self.name,
                    received=self.currency_id.format(self.sales_admin_amount_received),
                    total=self.currency_id.format(self.amount_total),
                )
            )
        link_wizard = (
            self.env["payment.link.wizard"]
            .with_context(active_model=self._name, active_id=self.id)
            .create({})
        )
        if link_wizard.warning_message:
            raise UserError(link_wizard.warning_message)
        self._sales_admin_post_payment_link(link_wizard)
        return self._write_workflow(
            {
                "sales_admin_date_payment_link_sent": fields.Datetime.now(),
                "sales_admin_date_payment_link_reminded": False,
            }
        )

    # === BUSINESS METHODS === #
    def _get_default_payment_link_values(self):
        """Odoo's payment link asks for the total less the online transactions: ask for what
        is still due (Amount Due), whatever way the rest was paid or credited."""
        values = super()._get_default_payment_link_values()
        _received, due = self._sales_admin_amounts(
            self._sales_admin_checklist_facts().get(self._origin.id) or {}
        )
        values.update(
            amount=min(values["amount"], due),
            amount_max=due,
            amount_paid=self.amount_total - due,
        )
        return values

    @api.model
    def _group_expand_sales_admin_state(self, states, domain):
        return [key for key, _label in self._fields["sales_admin_state"].selection]

    @api.model
    def _sales_admin_open_domain(self):
        """Orders the sales admin still works on: quotations and confirmed orders not yet
        delivered, invoiced and paid."""
        return Domain("state", "in", ("draft", "sent", "sale")) & Domain(
            "sales_admin_state", "!=", "fulfilled"
        )

    @api.model
    def _sales_admin_overdue_domain(self):
        # sudo: which invoices are overdue, by the rules every screen shares
        overdue = self.env["sale.admin.kpi"].sudo()._overdue_invoices(self.env.companies)
        late_invoice = Domain("order_line.invoice_lines.move_id", "in", overdue.ids)
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
        What lies outside the order (invoices, payments, contracts) is read in one query for
        the whole recordset (_sales_admin_checklist_facts), so checking many orders costs as
        many queries as checking one."""
        facts = self._sales_admin_checklist_facts()
        unsigned = self._sales_admin_orders_missing_contract(facts)
        credit_companies = self.company_id.filtered("account_use_credit_limit")
        for company in credit_companies:
            # sudo: the credit figures are accounting fields; the admin only needs the verdict.
            # Reading them here computes them for all these customers at once.
            orders = self.filtered(lambda order, company=company: order.company_id == company)
            orders.sudo().with_company(company).partner_id.commercial_partner_id.mapped("credit")
        return {
            order: order._sales_admin_order_checks(
                facts.get(order._origin.id) or {}, contract_signed=order not in unsigned
            )
            for order in self
        }

    @api.private
    def _sales_admin_order_checks(self, facts, contract_signed):
        """The checklist of one order (one branch per item), given what
        _sales_admin_checklist_facts read for it and whether its contract is signed."""
        self.ensure_one()
        currency = self.currency_id
        invoices = facts.get("invoices") or {}
        received, due = self._sales_admin_amounts(facts)
        quotation = self.state in ("draft", "sent")
        confirmed = self.state == "sale"

        credit = {}
        if self.company_id.account_use_credit_limit and self.state != "cancel":
            # sudo: the credit figures are accounting fields; the admin only needs the verdict
            current_amount = self.amount_total / (self.currency_rate or 1.0) if quotation else 0.0
            order = self.sudo().with_company(self.company_id)
            if (
                self.env["account.move"]
                .with_company(self.company_id)
                ._build_credit_warning_message(order, current_amount=current_amount)
            ):
                customer = order.partner_id.commercial_partner_id
                credit = {
                    "key": "credit",
                    "customer": customer.name,
                    "limit": customer.credit_limit,
                    "total": customer.credit + customer.credit_to_invoice + current_amount,
                }
        signature_ok = not (quotation and self.require_signature) or bool(self.signature)
        # paid online: Odoo's amount_paid, read with the other facts when the order is saved
        paid_online = (facts.get("transactions_paid") or 0.0) if facts else self.amount_paid
        prepayment_ok = (
            not self.require_payment
            or currency.compare_amounts(
                max(received, paid_online), self._get_prepayment_required_amount()
            )
            >= 0
        )
        delivered = self.sales_admin_delivered
        invoiced = confirmed and self.invoice_status == "invoiced"
        paid = invoiced and bool(invoices.get("count")) and bool(invoices.get("paid"))

        # keys and figures: the reasons are written when read, in the reader's language
        reasons = []
        if self.sales_admin_hold:
            reasons.append({"key": "hold", "reason": self.sales_admin_hold_reason or ""})
        if self.sales_admin_customer_missing and self._sales_admin_customer_check_applies():
            reasons.append(
                {"key": "customer", "fields": self.sales_admin_customer_missing.split(",")}
            )
        if credit:
            reasons.append(credit)
        if confirmed and not prepayment_ok:
            reasons.append({"key": "prepayment"})
        if confirmed and not contract_signed:
            reasons.append({"key": "contract"})

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
            "credit_ok": not credit,
            "signature_ok": signature_ok,
            "prepayment_ok": prepayment_ok,
            "invoiced": invoiced,
            "paid": paid,
            "amount_received": received,
            "amount_due": due,
            "block_reason_keys": reasons or False,
            "state": state,
        }

    @api.private
    def _sales_admin_block_reason_text(self, reason):
        """One blocking reason, stored as {"key": ..., figures}, in the current language."""
        self.ensure_one()
        key = reason.get("key")
        if key == "hold":
            return self.env._("On hold: %s", reason.get("reason") or self.env._("no reason"))
        if key == "customer":
            partner_fields = self.env["res.partner"]._fields
            labels = [
                partner_fields[name]._description_string(self.env)
                for name in reason.get("fields") or []
                if name in partner_fields
            ]
            return self.env._("Customer record incomplete: %s", ", ".join(labels))
        if key == "credit":
            currency = self.company_id.currency_id
            return self.env._(
                "%(customer)s has reached its credit limit of %(limit)s (total due: %(total)s).",
                customer=reason.get("customer"),
                limit=formatLang(self.env, reason.get("limit") or 0.0, currency_obj=currency),
                total=formatLang(self.env, reason.get("total") or 0.0, currency_obj=currency),
            )
        if key == "prepayment":
            return self.env._("The required prepayment has not been received.")
        if key == "contract":
            return self.env._("The contract this order needs is not signed yet.")
        return reason.get("text") or key or ""

    @api.private
    def _sales_admin_customer_check_applies(self):
        """Whether a customer's missing fields block this order: they do on orders created or
        confirmed since the company's rule applies (sales_admin_date_customer_check); orders
        already in progress then keep running, the missing fields shown as a warning only."""
        self.ensure_one()
        since = self.company_id.sales_admin_date_customer_check
        if not since or not self._origin.create_date or self._origin.create_date >= since:
            return True
        return self.state == "sale" and bool(self.date_order) and self.date_order >= since

    @api.private
    def _sales_admin_amounts(self, facts):
        """(received, due) of this order, given its _sales_admin_checklist_facts: what was
        settled on its invoices plus what was paid for it and no invoice absorbed yet, and what
        the customer still owes on its total."""
        self.ensure_one()
        invoices = facts.get("invoices") or {}
        received = (invoices.get("received") or 0.0) + (facts.get("advances") or 0.0)
        if self.state == "cancel":
            return received, 0.0
        return received, self.currency_id.round(max(self.amount_total - received, 0.0))

    @api.private
    def _sales_admin_checklist_facts(self):
        """{order id: {fact: value}}: what the checklist of these orders reads outside them,
        in one query for all of them. The facts are the columns of
        _sales_admin_checklist_facts_sql, which other addons extend."""
        order_ids = tuple(self._origin.ids)
        if not order_ids:
            return {}
        columns = self._sales_admin_checklist_facts_sql()
        rows = self.env.execute_query(
            SQL(
                "SELECT so.id, %s FROM sale_order so WHERE so.id IN %s",
                SQL(", ").join(columns.values()),
                order_ids,
            )
        )
        return {order_id: dict(zip(columns, values, strict=True)) for order_id, *values in rows}

    @api.private
    def _sales_admin_checklist_facts_sql(self):
        """{fact: SQL expression of one value for the order ``so``}, flushing what they read.

        - invoices: {count, received, paid} of its posted customer invoices and credit notes:
          how many, what was paid on them (credit notes negative; payments without journal
          entry matched to them count in full), whether all invoices are paid;
        - advances: what the customer paid for it that no invoice has absorbed yet: its phone
          payments and customer advances, and the payments of its online transactions (the
          open receivable part of their entries; a payment without journal entry counts in full
          until it is matched to an invoice, which then counts it), plus its authorized or done
          online transactions that have no payment yet;
        - transactions_paid: Odoo's amount_paid, the authorized and confirmed online payment
          transactions of the order."""
        invoice_lines = self.env["sale.order.line"]._fields["invoice_lines"]
        payment_invoices = self.env["account.payment"]._fields["invoice_ids"]
        self.env["sale.order.line"].flush_model(["order_id", "invoice_lines"])
        self.env["account.move.line"].flush_model(
            ["move_id", "account_id", "amount_residual_currency"]
        )
        self.env["account.move"].flush_model(
            ["state", "move_type", "amount_total", "amount_residual", "payment_state"]
        )
        self.env["account.payment"].flush_model(
            ["sales_admin_order_id", "state", "move_id", "amount", "invoice_ids"]
        )
        invoices = SQL(
            """
            (WITH invoice AS (
                -- from the order's lines to their invoices (never a scan of all invoices)
                SELECT DISTINCT move.id, move.move_type, move.amount_total, move.amount_residual,
                       move.payment_state
                  FROM sale_order_line line
                  JOIN %(rel)s rel ON rel.%(order_line_col)s = line.id
                  JOIN account_move_line aml ON aml.id = rel.%(invoice_line_col)s
                  JOIN account_move move ON move.id = aml.move_id
                 WHERE line.order_id = so.id
                   AND move.state = 'posted'
                   AND move.move_type IN ('out_invoice', 'out_refund'))
            SELECT json_build_object(
                       'count', (SELECT COUNT(*) FROM invoice),
                       'received',
                       (SELECT COALESCE(SUM((amount_total - amount_residual)
                                   * CASE WHEN move_type = 'out_refund' THEN -1 ELSE 1 END), 0)
                          FROM invoice)
                       -- payments without journal entry leave the invoices' residual as is
                       + (SELECT COALESCE(SUM(CASE WHEN payment.payment_type = 'inbound'
                                                   THEN payment.amount ELSE -payment.amount END), 0)
                            FROM account_payment payment
                           WHERE payment.move_id IS NULL
                             AND payment.state IN ('in_process', 'paid')
                             AND payment.id IN (SELECT pay_rel.%(payment_col)s
                                                  FROM %(pay_rel)s pay_rel
                                                  JOIN invoice
                                                    ON invoice.id = pay_rel.%(pay_invoice_col)s)),
                       -- an open credit note is owed to the customer, not by them
                       'paid',
                       (SELECT BOOL_AND(payment_state IN ('paid', 'in_payment', 'reversed'))
                          FROM invoice
                         WHERE move_type = 'out_invoice')))
            """,
            rel=SQL.identifier(invoice_lines.relation),
            order_line_col=SQL.identifier(invoice_lines.column1),
            invoice_line_col=SQL.identifier(invoice_lines.column2),
            pay_rel=SQL.identifier(payment_invoices.relation),
            payment_col=SQL.identifier(payment_invoices.column1),
            pay_invoice_col=SQL.identifier(payment_invoices.column2),
        )
        transactions = self._fields["transaction_ids"]
        self.env["payment.transaction"].flush_model(["state", "amount", "payment_id"])
        self.env["account.payment"].flush_model(["payment_transaction_id"])
        self.flush_model(["transaction_ids"])
        advances = SQL(
            """
            (SELECT COALESCE(SUM(CASE
                        WHEN payment.move_id IS NOT NULL THEN
                            -(SELECT COALESCE(SUM(aml.amount_residual_currency), 0)
                                FROM account_move_line aml
                                JOIN account_account account ON account.id = aml.account_id
                               WHERE aml.move_id = payment.move_id
                                 AND account.account_type = 'asset_receivable')
                        WHEN NOT EXISTS (SELECT 1 FROM %(rel)s rel
                                          WHERE rel.%(payment_col)s = payment.id) THEN
                            payment.amount
                        ELSE 0 END), 0)
               -- the order's own payments, then its transactions' payments, each through its
               -- index (an OR of both would scan every payment of the database)
               FROM (SELECT own.id, own.move_id, own.amount
                       FROM account_payment own
                      WHERE own.sales_admin_order_id = so.id
                        AND own.state IN ('in_process', 'paid')
                     UNION
                     SELECT online.id, online.move_id, online.amount
                       FROM %(tx_rel)s tx_rel
                       JOIN account_payment online
                         ON online.payment_transaction_id = tx_rel.%(tx_col)s
                      WHERE tx_rel.%(order_col)s = so.id
                        AND online.state IN ('in_process', 'paid')) payment)
            + (SELECT COALESCE(SUM(tx.amount), 0)
                 FROM payment_transaction tx
                 JOIN %(tx_rel)s tx_rel ON tx_rel.%(tx_col)s = tx.id
                WHERE tx_rel.%(order_col)s = so.id
                  AND tx.state IN ('authorized', 'done')
                  AND tx.payment_id IS NULL)
            """,
            rel=SQL.identifier(payment_invoices.relation),
            payment_col=SQL.identifier(payment_invoices.column1),
            tx_rel=SQL.identifier(transactions.relation),
            tx_col=SQL.identifier(transactions.column2),
            order_col=SQL.identifier(transactions.column1),
        )
        transactions_paid = SQL(
            """
            (SELECT SUM(tx.amount)
               FROM payment_transaction tx
               JOIN %(rel)s rel ON rel.%(tx_col)s = tx.id
              WHERE rel.%(order_col)s = so.id
                AND tx.state IN ('authorized', 'done'))
            """,
            rel=SQL.identifier(transactions.relation),
            tx_col=SQL.identifier(transactions.column2),
            order_col=SQL.identifier(transactions.column1),
        )
        return {"invoices": invoices, "advances": advances, "transactions_paid": transactions_paid}

    @api.private
    def _sales_admin_orders_missing_contract(self, facts=None):
        """Hook for the checklist: the orders among these that need a contract that is not
        signed yet (contracts live in sales_admin_proposals, which overrides this). ``facts``
        are the orders' _sales_admin_checklist_facts when the caller has them."""
        return self.browse()

    def _sales_admin_contract_signed(self):
        """True unless the order needs a contract that is not signed yet."""
        self.ensure_one()
        return not self._sales_admin_orders_missing_contract()

    @api.private
    def _sales_admin_mark_checklist(self, customer=False):
        """Mark the checklist of these orders (and the dates and cycle times that follow it;
        with ``customer``, the customer's completeness too) to be recomputed at the next flush:
        for changes the ORM does not see through the checklist's dependencies."""
        computes = {
            "_compute_sales_admin_checklist",
            "_compute_sales_admin_dates",
            "_compute_sales_admin_cycle_times",
        }
        if customer:
            computes.add("_compute_sales_admin_customer")
        orders = self.filtered("id")
        if not orders:
            return []
        fields_ = [field for field in self._fields.values() if field.compute in computes]
        for field in fields_:
            self.env.add_to_compute(field, orders)
        # the reasons are written from the stored keys when read: read again after the recompute
        orders.invalidate_recordset(["sales_admin_block_reasons"])
        return [field.name for field in fields_]

    @api.private
    def _sales_admin_recheck(self):
        """Recompute the checklist of these orders now: what it reads outside the order
        (customer record, receivables of the customer, payments) changes without touching
        the order."""
        fnames = self._sales_admin_mark_checklist(customer=True)
        self._recompute_recordset(fnames)

    @api.private
    def _sales_admin_put_on_hold(self, reason):
        """Hold these orders for ``reason`` (the hold wizard)."""
        self._sales_admin_check_hold_rights()
        if not (reason or "").strip():
            raise UserError(self.env._("Give the reason for the hold."))
        self._write_workflow({"sales_admin_hold": True, "sales_admin_hold_reason": reason.strip()})
        for order in self:
            order.message_post(body=self.env._("Put on hold: %s", reason.strip()))

    @api.private
    def _sales_admin_check_hold_rights(self):
        self.check_access("write")
        if not self.env.user.has_group("sales_admin_base.group_sales_admin_user"):
            raise AccessError(
                self.env._("Only a Sales Admin can put an order on hold or release it.")
            )

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
        self.env["ir.cron"]._sales_admin_process_in_batches(
            self._sales_admin_payment_links_to_remind(),
            lambda orders: orders._sales_admin_remind_payment_link(),
            batch_size=1,
        )

    @api.model
    def _sales_admin_payment_links_to_remind(self):
        return self.search(self._sales_admin_stale_payment_link_domain())

    @api.model
    def _sales_admin_stale_payment_link_domain(self):
        """Orders whose payment link was sent longer ago than their company's delay, with an
        amount still due, not reminded yet."""
        now = fields.Datetime.now()
        per_company = [
            Domain("company_id", "=", company.id)
            & Domain(
                "sales_admin_date_payment_link_sent",
                "<=",
                now - relativedelta(days=company.sales_admin_payment_link_reminder_days),
            )
            for company in self.env["res.company"].search([("active", "=", True)])
        ]
        return Domain.OR(per_company) & Domain(
            [
                ("state", "in", ("draft", "sent", "sale")),
                ("sales_admin_date_payment_link_reminded", "=", False),
                ("sales_admin_amount_due", ">", 0),
            ]
        )

    @api.private
    def _sales_admin_remind_payment_link(self):
        """Remind about the payment links of these orders that still have an amount due (read
        again now): a new link for that amount by email, or an activity for the admin."""
        self._sales_admin_recheck()
        reminded = self.filtered(
            lambda order: not order.currency_id.is_zero(order.sales_admin_amount_due)
        )
        for order in reminded:
            link_wizard = None
            if order.company_id.sales_admin_payment_link_reminder_mode == "email":
                link_wizard = (
                    self.env["payment.link.wizard"]
                    .with_context(active_model=order._name, active_id=order.id)
                    .create({})
                )
            if link_wizard and not link_wizard.warning_message:
                order._sales_admin_post_payment_link(link_wizard, reminder=True)
            else:
                user = order.sales_admin_id or order.user_id or self.env.user
                order.activity_schedule(
                    "sales_admin_base.mail_activity_type_payment_link",
                    note=user._sales_admin_env()._(
                        "The payment link sent on %(date)s is still unpaid (%(due)s due): call "
                        "the customer or take a phone payment.",
                        date=fields.Datetime.to_string(order.sales_admin_date_payment_link_sent),
                        due=order.currency_id.format(order.sales_admin_amount_due),
                    ),
                    user_id=user.id,
                )
        reminded._write_workflow({"sales_admin_date_payment_link_reminded": fields.Datetime.now()})
        return True

    @api.model
    def _cron_sales_admin_recheck_open_orders(self, batch_size=500):
        """Credit exposure and customer data change outside the orders: re-evaluate the
        checklist of open orders."""
        self.env["ir.cron"]._sales_admin_process_in_batches(
            self.search(self._sales_admin_open_domain()),
            lambda orders: orders._sales_admin_recheck(),
            batch_size,
        )

    def _sales_admin_request_admin(self):
        # the admin processing this order, who may differ from the customer's usual one
        return self.sales_admin_id or super()._sales_admin_request_admin()
