import re

from dateutil.relativedelta import relativedelta
from markupsafe import Markup

from odoo import api, fields, models
from odoo.fields import Domain
from odoo.tools import SQL

OVERVIEW_KEYS = (
    "quotation_count",
    "open_order_count",
    "amount_to_invoice",
    "unpaid_invoice_count",
    "unpaid_amount",
    "overdue_invoice_count",
    "overdue_amount",
    "avg_days_to_pay",
    "open_complaint_count",
    "date_last_order",
)

# Legal forms left out of the name key, so that "Baltic Office SIA" matches "Baltic Office".
_LEGAL_FORMS = re.compile(
    r"\b(sia|as|sa|ab|oy|oü|ou|uab|ltd|limited|llc|inc|incorporated|corp|corporation|co|company"
    r"|gmbh|ag|bv|nv|srl|sarl|spa|plc|kg)\b"
)


# who reads the customer overview (its amounts are receivables): sales or invoicing users
OVERVIEW_GROUPS = "sales_team.group_sale_salesman,account.group_account_invoice"

# Words shared by more customers than this do not pair names on their own (see the finder).
MAX_NAME_BLOCK = 500


def name_key(name):
    """Lower-case name without punctuation nor legal form, for trigram comparison."""
    key = re.sub(r"[^\w]+", " ", (name or "").lower())
    return " ".join(_LEGAL_FORMS.sub(" ", key).split())


class ResPartner(models.Model):
    _name = "res.partner"
    # the name key (duplicate detection) is computed from the name, never typed
    _inherit = [
        "res.partner",
        "sale.admin.request.mixin",
        "sale.admin.protected.mixin",
        "sale.admin.staff.fields.mixin",
    ]

    sales_admin_id = fields.Many2one(
        comodel_name="res.users",
        help="The sales administrator who looks after this customer's data, orders and complaints. "
        "Contacts follow their company.",
        compute="_compute_sales_admin_id",
        store=True,
        readonly=False,
        precompute=True,
        recursive=True,
        index="btree_not_null",
        tracking=True,
        domain=lambda self: self.env["res.users"]._sales_admin_domain(),
    )
    # who may read complaints (an employee of another department reads the contact without it)
    complaint_count = fields.Integer(
        compute="_compute_complaint_count",
        groups="sales_team.group_sale_salesman,account.group_account_invoice",
    )
    # Customer records: completeness

    sales_admin_completeness = fields.Integer(
        string="Completeness (%)",
        compute="_compute_sales_admin_completeness",
        help="Share of the company's required customer fields that are filled in.",
    )
    sales_admin_missing_items = fields.Char(
        string="Missing Customer Data", compute="_compute_sales_admin_completeness"
    )
    sales_admin_is_incomplete = fields.Boolean(
        string="Incomplete Customer",
        compute="_compute_sales_admin_completeness",
        search="_search_sales_admin_is_incomplete",
    )
    # Customer records: duplicates

    sales_admin_name_key = fields.Char(
        string="Name Key",
        compute="_compute_sales_admin_name_key",
        store=True,
        help="The name in lower case without punctuation nor legal form, compared by trigram "
        "similarity to find likely duplicates.",
    )
    # Customer overview

    sales_admin_quotation_count = fields.Integer(
        string="Open Quotations",
        compute="_compute_sales_admin_overview",
        groups=OVERVIEW_GROUPS,
    )
    sales_admin_open_order_count = fields.Integer(
        string="Open Orders",
        compute="_compute_sales_admin_overview",
        groups=OVERVIEW_GROUPS,
    )
    sales_admin_amount_to_invoice = fields.Monetary(
        string="To Invoice (Untaxed)",
        compute="_compute_sales_admin_overview",
        groups=OVERVIEW_GROUPS,
        currency_field="sales_admin_currency_id",
    )
    sales_admin_unpaid_invoice_count = fields.Integer(
        string="Unpaid Invoices",
        compute="_compute_sales_admin_overview",
        groups=OVERVIEW_GROUPS,
    )
    sales_admin_unpaid_amount = fields.Monetary(
        string="Unpaid Amount",
        compute="_compute_sales_admin_overview",
        groups=OVERVIEW_GROUPS,
        currency_field="sales_admin_currency_id",
    )
    sales_admin_overdue_invoice_count = fields.Integer(
        string="Overdue Invoices",
        compute="_compute_sales_admin_overview",
        groups=OVERVIEW_GROUPS,
    )
    sales_admin_overdue_amount = fields.Monetary(
        string="Overdue Amount",
        compute="_compute_sales_admin_overview",
        groups=OVERVIEW_GROUPS,
        currency_field="sales_admin_currency_id",
    )
    sales_admin_avg_days_to_pay = fields.Float(
        string="Average Days to Pay",
        compute="_compute_sales_admin_overview",
        groups=OVERVIEW_GROUPS,
        help="Invoices fully paid over the last 12 months: days from invoice date to payment.",
    )
    sales_admin_open_complaint_count = fields.Integer(
        string="Open Complaints",
        compute="_compute_sales_admin_overview",
        groups=OVERVIEW_GROUPS,
    )
    sales_admin_date_last_order = fields.Datetime(
        string="Last Order",
        compute="_compute_sales_admin_overview",
        groups=OVERVIEW_GROUPS,
    )
    sales_admin_currency_id = fields.Many2one(
        "res.currency",
        compute="_compute_sales_admin_overview",
        groups=OVERVIEW_GROUPS,
    )

    # === COMPUTE METHODS === #
    @api.depends("parent_id.sales_admin_id")
    def _compute_sales_admin_id(self):
        for partner in self.filtered("parent_id"):
            partner.sales_admin_id = partner.parent_id.sales_admin_id

    def _compute_complaint_count(self):
        counts = dict(
            self.env["sale.complaint"]._read_group(
                [("commercial_partner_id", "in", self.commercial_partner_id.ids)],
                ["commercial_partner_id"],
                ["__count"],
            )
        )
        for partner in self:
            partner.complaint_count = counts.get(partner.commercial_partner_id, 0)

    @api.depends_context("company")
    @api.depends("commercial_partner_id")
    def _compute_sales_admin_completeness(self):
        for partner in self:
            required, missing = partner._sales_admin_missing_fields()
            partner.sales_admin_missing_items = ", ".join(
                self._fields[name]._description_string(self.env) for name in missing
            )
            partner.sales_admin_is_incomplete = bool(missing)
            partner.sales_admin_completeness = (
                round(100 * (len(required) - len(missing)) / len(required)) if required else 100
            )

    def _search_sales_admin_is_incomplete(self, operator, value):
        if operator != "in":
            return NotImplemented
        names = self.env.company._sales_admin_required_partner_field_names()
        incomplete = Domain.OR(
            Domain(f"commercial_partner_id.{name}", "=", False) for name in names
        )
        if True in value and False in value:
            return Domain.TRUE
        return incomplete if True in value else ~incomplete

    @api.depends("name")
    def _compute_sales_admin_name_key(self):
        for partner in self:
            partner.sales_admin_name_key = name_key(partner.name)

    @api.depends_context("company")
    def _compute_sales_admin_overview(self):
        commercial = self.commercial_partner_id
        stats = commercial._sales_admin_overview_stats()
        for partner in self:
            figures = stats.get(partner.commercial_partner_id.id, {})
            partner.sales_admin_currency_id = self.env.company.currency_id
            for key in OVERVIEW_KEYS:
                partner[f"sales_admin_{key}"] = figures.get(key) or False

    # === CRUD METHODS === #
    def write(self, vals):
        res = super().write(vals)
        # the fields any company requires: a contact may be shared by companies
        watched = self.env["res.company"]._sales_admin_all_required_partner_field_names()
        if "credit_limit" in vals or watched & vals.keys():
            self._sales_admin_recheck_open_orders()
        return res

    # === ACTION METHODS === #
    def action_view_complaints(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "sales_admin_base.sale_complaint_action"
        )
        action["domain"] = [("commercial_partner_id", "=", self.commercial_partner_id.id)]
        action["context"] = {"default_partner_id": self.id}
        return action

    # === BUSINESS METHODS === #
    def _commercial_fields(self):
        return [*super()._commercial_fields(), "sales_admin_id"]

    @api.private
    def _sales_admin_missing_fields(self, company=None):
        """Return (required field names, missing field names) for this customer, judged on its
        commercial entity against the configuration of ``company`` (by default the customer's
        company, else the current one)."""
        if not self:
            return [], []
        self.ensure_one()
        company = company or self.company_id or self.env.company
        required = company._sales_admin_required_partner_field_names()
        commercial = self.commercial_partner_id or self
        return required, [name for name in required if not commercial[name]]

    @api.private
    def _sales_admin_recheck_open_orders(self):
        # sudo: the order checklist is derived data; it must follow the customer record even
        # when the user editing the customer cannot see all of its orders
        orders = (
            self.env["sale.order"]
            .sudo()
            .search(
                Domain("partner_id", "child_of", self.commercial_partner_id.ids)
                & self.env["sale.order"]._sales_admin_open_domain()
            )
        )
        orders._sales_admin_recheck()

    @api.model
    def _sales_admin_find_duplicates(self, company=None, name_threshold=0.5, limit=200, since=None):
        """Likely duplicate customers of a company, as dicts (left_id, right_id, reasons,
        score), best first, found by one SQL query: same VAT, same normalized email, same
        normalized phone (last eight digits), or names of trigram similarity at least
        name_threshold. Only commercial entities (companies and individuals without a parent)
        are compared, never the companies' own partners nor the internal users' (portal
        customers' are compared: they are customers).

        Similar names are compared with trigram similarity inside blocks: two names are
        compared when they share a word of at least three letters ("Jonh Smith" and "John Smith"
        share "smith"; "Acme Corporation" and "ACME Corp." both become "acme"). Words shared by
        more than ``MAX_NAME_BLOCK`` customers ("logistics" in a large database) are too common
        to pair names on their own. This keeps the comparisons close to linear in the number of
        customers, instead of one trigram index lookup per customer, each reading long posting
        lists. With ``since``, only pairs where at least one side changed since then are kept.
        """
        company = company or self.env.company
        self.flush_model(
            ["sales_admin_name_key", "vat", "email", "phone", "active", "parent_id", "company_id"]
        )
        if since:
            # only pairs with a changed customer: enumerate the blocks from the changed side
            changed = SQL("c.write_date >= %s", since)
            other = SQL("wb.id <> wa.id AND (wb.id > wa.id OR NOT wb.changed)")
            driving = SQL("WHERE wa.changed")
        else:
            changed = SQL("FALSE")
            other = SQL("wb.id > wa.id")
            driving = SQL("")
        name_pairs = SQL(
            """
            SELECT a.id, b.id, 'name', similarity(a.name_key, b.name_key)
              FROM (SELECT DISTINCT LEAST(wa.id, wb.id) AS left_id,
                           GREATEST(wa.id, wb.id) AS right_id
                      FROM name_word wa
                      JOIN name_block USING (word)
                      JOIN name_word wb ON wb.word = wa.word AND %(other)s
                    %(driving)s
                   ) p
              JOIN candidate a ON a.id = p.left_id
              JOIN candidate b ON b.id = p.right_id
             WHERE similarity(a.name_key, b.name_key) >= %(threshold)s
            """,
            threshold=float(name_threshold),
            other=other,
            driving=driving,
        )
        query = SQL(
            """
            WITH candidate AS (
                SELECT id, write_date,
                       sales_admin_name_key AS name_key,
                       NULLIF(upper(regexp_replace(vat, '[^A-Za-z0-9]', '', 'g')), '') AS vat_key,
                       NULLIF(lower(btrim(email)), '') AS email_key,
                       NULLIF(right(regexp_replace(phone, '[^0-9]', '', 'g'), 8), '') AS phone_key
                  FROM res_partner p
                 WHERE active AND parent_id IS NULL
                   AND (company_id IS NULL OR company_id = %(company)s)
                   -- the companies' own records and the employees' are not customers
                   AND NOT EXISTS (SELECT FROM res_company rc WHERE rc.partner_id = p.id)
                   AND NOT EXISTS (
                       SELECT FROM res_users ru WHERE ru.partner_id = p.id AND NOT ru.share
                   )
            ),
            name_word AS (
                SELECT DISTINCT c.id, w.word, %(changed)s AS changed
                  FROM candidate c
                 CROSS JOIN LATERAL unnest(string_to_array(c.name_key, ' ')) AS w(word)
                 WHERE length(w.word) >= 3
            ),
            name_block AS (
                SELECT word FROM name_word
                 GROUP BY word HAVING count(*) BETWEEN 2 AND %(max_block)s
            ),
            pair AS (
                SELECT a.id AS left_id, b.id AS right_id, 'vat' AS reason, 1.0::float AS score
                  FROM candidate a JOIN candidate b ON a.vat_key = b.vat_key AND a.id < b.id
                UNION ALL
                SELECT a.id, b.id, 'email', 1.0
                  FROM candidate a JOIN candidate b ON a.email_key = b.email_key AND a.id < b.id
                UNION ALL
                SELECT a.id, b.id, 'phone', 0.9
                  FROM candidate a JOIN candidate b ON a.phone_key = b.phone_key AND a.id < b.id
                 WHERE length(a.phone_key) >= 6
                UNION ALL
                %(name_pairs)s
            )
            SELECT left_id, right_id,
                   string_agg(DISTINCT reason, ',' ORDER BY reason) AS reasons,
                   max(score) AS score
              FROM pair
          GROUP BY left_id, right_id
          ORDER BY count(*) DESC, max(score) DESC, left_id, right_id
             LIMIT %(limit)s
            """,
            company=company.id,
            name_pairs=name_pairs,
            limit=limit,
            max_block=MAX_NAME_BLOCK,
            changed=changed,
        )
        return self.env.execute_query_dict(query)

    @api.private
    def _sales_admin_overview_stats(self):
        """Figures of the customer overview for these commercial partners, in a fixed number of
        grouped queries: {commercial partner id: {key: value}}."""
        stats = {partner_id: {} for partner_id in self.ids}
        if not self.ids:
            return stats
        company = self.env.company
        orders = self.env["sale.order"].sudo()  # sudo: aggregated figures only
        for partner, state, count, last_date in orders._read_group(
            [
                ("partner_id.commercial_partner_id", "in", self.ids),
                ("company_id", "=", company.id),
                ("state", "in", ("draft", "sent", "sale")),
            ],
            ["partner_id", "state"],
            ["__count", "date_order:max"],
        ):
            figures = stats[partner.commercial_partner_id.id]
            if state in ("draft", "sent"):
                figures["quotation_count"] = figures.get("quotation_count", 0) + count
            else:
                last = figures.get("date_last_order")
                figures["date_last_order"] = max(last, last_date) if last else last_date
        for partner, count in orders._read_group(
            [
                ("partner_id.commercial_partner_id", "in", self.ids),
                ("company_id", "=", company.id),
                ("state", "=", "sale"),
                ("sales_admin_state", "!=", "fulfilled"),
            ],
            ["partner_id"],
            ["__count"],
        ):
            figures = stats[partner.commercial_partner_id.id]
            figures["open_order_count"] = figures.get("open_order_count", 0) + count
        for partner, amount in (
            self.env["sale.order.line"]
            .sudo()
            ._read_group(
                [
                    ("order_partner_id.commercial_partner_id", "in", self.ids),
                    ("company_id", "=", company.id),
                    ("state", "=", "sale"),
                ],
                ["order_partner_id"],
                ["untaxed_amount_to_invoice:sum"],
            )
        ):
            figures = stats[partner.commercial_partner_id.id]
            figures["amount_to_invoice"] = figures.get("amount_to_invoice", 0.0) + amount
        # sudo: aggregated accounting figures only, by the rules every screen shares
        kpi = self.env["sale.admin.kpi"].sudo()
        receivables = kpi._receivables(company, partners=self)
        for partner_id, days in kpi._days_to_pay(company, partners=self).items():
            if partner_id:
                stats[partner_id]["avg_days_to_pay"] = days
        for partner_id in self.ids:
            figures = receivables[partner_id]
            stats[partner_id].update(
                unpaid_invoice_count=figures["open_count"],
                unpaid_amount=figures["open"],
                overdue_invoice_count=figures["overdue_count"],
                overdue_amount=figures["overdue"],
            )
        if "sale.complaint" in self.env:
            complaints = self.env["sale.complaint"].sudo()
            if {"commercial_partner_id", "is_closed"} <= complaints._fields.keys():
                for partner, count in complaints._read_group(
                    [
                        ("commercial_partner_id", "in", self.ids),
                        ("company_id", "=", company.id),
                        ("is_closed", "=", False),
                    ],
                    ["commercial_partner_id"],
                    ["__count"],
                ):
                    stats[partner.id]["open_complaint_count"] = count
        return stats

    @api.model
    def _cron_sales_admin_data_quality(self):
        self.env["ir.cron"]._sales_admin_process_in_batches(
            self.env["res.company"].search([("active", "=", True)]),
            lambda company: self.with_company(company)._sales_admin_data_quality_digest(company),
            batch_size=1,
        )

    @api.model
    def _sales_admin_data_quality_digest(self, company):
        """Schedule ONE activity per responsible admin of the company listing their incomplete
        and likely duplicated customers; last week's open digest is replaced."""
        Partner = self.with_company(company)
        scope = Domain(
            [
                ("parent_id", "=", False),
                ("sales_admin_id", "!=", False),
                ("sales_admin_id.company_ids", "in", company.id),
                ("company_id", "in", (False, company.id)),
            ]
        )
        incomplete = Partner.search(scope & Domain("sales_admin_is_incomplete", "=", True))
        duplicate_rows = Partner._sales_admin_find_duplicates(
            company=company, limit=1000, since=fields.Datetime.now() - relativedelta(days=8)
        )
        duplicate_ids = {row[key] for row in duplicate_rows for key in ("left_id", "right_id")}
        duplicated = Partner.search(scope & Domain("id", "in", list(duplicate_ids)))
        by_admin = {}
        for partner in incomplete:
            by_admin.setdefault(partner.sales_admin_id, [[], []])[0].append(partner)
        for partner in duplicated:
            by_admin.setdefault(partner.sales_admin_id, [[], []])[1].append(partner)

        activity_type = self.env.ref("sales_admin_base.mail_activity_type_data_quality")
        anchor = company.partner_id
        anchor.activity_ids.filtered(
            lambda act: act.activity_type_id == activity_type
            and act.user_id in self.env["res.users"].concat(*by_admin)
        ).unlink()
        for admin, (incomplete_partners, duplicated_partners) in by_admin.items():
            partners = self.with_env(admin._sales_admin_env())  # the admin's language
            anchor.activity_schedule(
                activity_type_id=activity_type.id,
                summary=partners.env._(
                    "Customer data: %(incomplete)s incomplete, %(duplicated)s possible duplicates",
                    incomplete=len(incomplete_partners),
                    duplicated=len(duplicated_partners),
                ),
                note=partners._sales_admin_digest_note(incomplete_partners, duplicated_partners),
                user_id=admin.id,
            )
        return by_admin

    @api.model
    def _sales_admin_digest_note(self, incomplete_partners, duplicated_partners):
        def items(partners, detail):
            return Markup("").join(
                Markup("<li>%s%s</li>") % (partner.display_name, detail(partner))
                for partner in partners
            )

        note = Markup("")
        if incomplete_partners:
            note += Markup("<p>%s</p><ul>%s</ul>") % (
                self.env._("Incomplete customers:"),
                items(incomplete_partners, lambda p: f" ({p.sales_admin_missing_items})"),
            )
        if duplicated_partners:
            note += Markup("<p>%s</p><ul>%s</ul>") % (
                self.env._("Possible duplicates (see Desk > Duplicate Customers):"),
                items(duplicated_partners, lambda p: ""),
            )
        return note

    def _sales_admin_lang(self):
        """The language our mails and reports speak to this partner: theirs when the database
        has it installed, else English (Odoo refuses to render in a language that is not
        installed, e.g. one a contact was imported with). False without a partner or a language,
        so that the current language applies."""
        lang = self[:1].lang
        if not lang:
            return False
        return lang if lang in dict(self.env["res.lang"].get_installed()) else "en_US"

    def _sales_admin_request_partner(self):
        self.ensure_one()
        return self.commercial_partner_id
