"""A section of the report is a sheet of its XLSX file. Here each section turns the figures of the
query layer (`sale.admin.report.kpi._report_data`) into what its sheet says in the current
language: titles, headers, labels, the changes against the periods compared with, the
recommendations and their follow-up. The XLSX layout only writes what it receives.

A sheet is {"name": str, "blocks": [block]}; a block is a table {"headers": [str], "kinds": [kind
per column], "rows": [tuple], "caption": str or None, "row_kinds": [kind per row] or None,
"chart": str or None} or {"pairs": [(label, value, kind)]}. Kinds are text, money, count,
percent (in points: 12.5 for 12.5 %), days, hours and date. A feature adds its section with a
`code` (selection_add), a section record and a sheet builder (`_sheet_builders`)."""

from odoo import Command, api, fields, models
from odoo.exceptions import UserError

from .sale_admin_report_kpi import OVERDUE_BUCKETS

SECTIONS = [
    ("summary", "Summary"),
    ("sales", "Sales"),
    ("orders", "Order processing"),
    ("payments", "Payments and receivables"),
    ("complaints", "Complaints"),
    ("requests", "Requests and escalations"),
    ("recommendations", "Recommendations"),
]
# the stored name Odoo builds a model's display name from, read instead of computing the display
# name of each ranked record where both say the same (a partner's "Company, Contact", a product
# category's "All / Saleable")
STORED_LABELS = {"res.partner": "complete_name", "product.category": "complete_name"}
# context keys that change a product's display name (a customer's or vendor's own code and name,
# no code, the code apart): with any of them set, Odoo's display name is computed as usual
PRODUCT_LABEL_CONTEXT = ("partner_id", "seller_id", "formatted_display_name")
# the addons whose `_compute_display_name` of a model the labels above agree with: the model's own
# and Odoo 19.0's overrides that change it only under a context key the report does not set; when
# any other addon computes a model's display name, its records get Odoo's display name
LABEL_COMPUTES = {
    "res.partner": {"base", "website", "im_livechat", "l10n_tr_nilvera_einvoice_extended"},
    "product.category": {"product"},
    "product.product": {"product"},
}


def display_name_computed_in(model_class, addons):
    """Whether every class of `model_class` (a registry class) that defines
    `_compute_display_name` comes from one of `addons` (or is Odoo's `BaseModel`)."""
    for cls in model_class.__mro__:
        if "_compute_display_name" not in vars(cls) or not cls.__module__.startswith(
            "odoo.addons."
        ):
            continue
        if cls.__module__.split(".")[2] not in addons:
            return False
    return True


class SaleAdminReportSection(models.Model):
    _name = "sale.admin.report.section"
    _description = "Sales Admin Report Section"
    _order = "sequence, id"

    name = fields.Char(required=True, translate=True)
    code = fields.Selection(SECTIONS, required=True)
    sequence = fields.Integer(default=10)

    # === SQL CONSTRAINTS === #
    _code_unique = models.Constraint("UNIQUE(code)", "Each section exists once.")

    # === CRUD METHODS === #
    def copy(self, default=None):
        if self:  # its code is unique
            raise UserError(
                self.env._(
                    "Each section of the report exists once, never duplicated: choose the sections "
                    "of a report on its definition."
                )
            )
        return super().copy(default=default)

    @api.model_create_multi
    def create(self, vals_list):
        """A section created later (by a feature installed later) joins every report definition,
        as it would join a definition created now."""
        sections = super().create(vals_list)
        definitions = self.env["sale.admin.report.definition"].search(
            [("active", "in", (True, False))]
        )
        definitions.write({"section_ids": [Command.link(section.id) for section in sections]})
        return sections

    # === BUSINESS METHODS === #
    def _sheets(self, data, recommendations=None, follow_ups=None):
        """The document the XLSX layout writes: {"title": str, "sheets": [sheet]}, one sheet per
        section of `self` in its order, every text in the current language. `data` comes from
        the query layer; `recommendations` are the run's, `follow_ups` earlier runs' with a to-do."""
        Recommendation = self.env["sale.admin.report.recommendation"]
        recommendations = (recommendations or Recommendation).with_context(lang=self.env.lang)
        follow_ups = (follow_ups or Recommendation).with_context(lang=self.env.lang)
        builders = self._sheet_builders()
        return {
            "title": self.env._(
                "%(company)s: %(start)s to %(end)s",
                company=data["company"].name,
                start=data["date_from"],
                end=data["date_to"],
            ),
            "sheets": [
                builders[section.code](data, recommendations, follow_ups) for section in self
            ],
        }

    def _sheet_builders(self):
        """{section code: builder(data, recommendations, follow_ups) returning its sheet}."""
        return {
            "summary": self._sheet_summary,
            "sales": self._sheet_sales,
            "orders": self._sheet_orders,
            "payments": self._sheet_payments,
            "complaints": self._sheet_complaints,
            "requests": self._sheet_requests,
            "recommendations": self._sheet_recommendations,
        }

    def _table_block(self, headers, kinds, rows, caption=None, row_kinds=None, chart=None):
        return {
            "headers": headers,
            "kinds": kinds,
            "rows": rows,
            "caption": caption,
            "row_kinds": row_kinds,
            "chart": chart,
        }

    def _labelled(self, rows):
        """Rows of a ranking of the query layer, their first cell (a record, an empty one for
        "none", or OTHERS) replaced by its label in the current language. The names of the
        records of one model are read together, in the reader's language."""
        first_of_model, ids_of_model = {}, {}
        for value, *_figures in rows:
            if isinstance(value, models.BaseModel) and value:
                first_of_model.setdefault(value._name, value)
                ids_of_model.setdefault(value._name, []).extend(value.ids)
        names = {}
        for model, ids in ids_of_model.items():
            batch = first_of_model[model].browse(ids).with_context(lang=self.env.lang)
            names.update(((model, id_), label) for id_, label in self._record_labels(batch).items())
        return [(self._label(row[0], names), *row[1:]) for row in rows]

    def _record_labels(self, records):
        """{id: label} of `records` (of one model), each its display name, read from the stored
        columns it is made of where that gives the same text for fewer queries and less Python."""
        if not display_name_computed_in(type(records), LABEL_COMPUTES.get(records._name, ())):
            return {record.id: record.display_name for record in records}
        stored = STORED_LABELS.get(records._name)
        if stored and records.env.context.get("hierarchical_naming", True):
            records.fetch([stored])  # that column only, not the whole row of every record
            return {record.id: record[stored] or record.display_name for record in records}
        if records._name == "product.product":
            return self._product_labels(records)
        return {record.id: record.display_name for record in records}

    def _product_labels(self, products):
        """Products' display names: "[code] name", or the name without a code, as Odoo writes
        them, from the code and the template's name (two queries). A variant with attribute
        values, or a context that names a customer's or vendor's product, gets Odoo's own."""
        context = products.env.context
        if any(context.get(key) for key in PRODUCT_LABEL_CONTEXT) or not context.get(
            "display_default_code", True
        ):
            return {product.id: product.display_name for product in products}
        products.fetch(["default_code", "combination_indices", "product_tmpl_id"])
        plain = products.filtered(lambda product: not product.combination_indices)
        plain.product_tmpl_id.fetch(["name"])
        labels = {
            product.id: (
                f"[{product.default_code}] {product.product_tmpl_id.name}"
                if product.default_code
                else product.product_tmpl_id.name
            )
            for product in plain
        }
        labels.update((product.id, product.display_name) for product in products - plain)
        return labels

    def _label(self, value, names=None):
        if isinstance(value, str):  # OTHERS: the rows summed past a ranking's end
            return self.env._("Others")
        if not value:
            return self.env._("(none)")
        if names and (value._name, value.id) in names:
            return names[value._name, value.id]
        return value.with_context(lang=self.env.lang).display_name

    def _change(self, value, reference):
        """The change against a reference; none against nothing or zero, where the whole value
        would read as a change."""
        if value is None or not reference:
            return None
        return value - reference

    def _sheet_summary(self, data, recommendations, follow_ups):
        catalogue = self.env["sale.admin.report.kpi"]._kpi_catalogue()
        rows = []
        for key, label, _kind in catalogue:
            value = data["kpis"].get(key)
            previous = data["previous"].get(key)
            last_year = data["last_year"].get(key)
            rows.append(
                (
                    label,
                    value,
                    previous,
                    self._change(value, previous),
                    last_year,
                    self._change(value, last_year),
                )
            )
        headers = [
            self.env._("Indicator"),
            self.env._("This period"),
            self.env._("Previous period"),
            self.env._("Change"),
            self.env._("Same period last year"),
            self.env._("Change vs last year"),
        ]
        table = self._table_block(
            headers, ["text"] * 6, rows, row_kinds=[kind for _key, _label, kind in catalogue]
        )
        return {"name": self.env._("Summary"), "blocks": [table]}

    def _sheet_sales(self, data, recommendations, follow_ups):
        tables = data["tables"]["sales"]
        amounts = [self.env._("Revenue (untaxed)"), self.env._("Order lines")]
        blocks = [
            self._table_block(
                [title, *amounts], ["text", "money", "count"], self._labelled(tables[key])
            )
            for key, title in (
                ("team", self.env._("Sales team")),
                ("salesperson", self.env._("Salesperson")),
                ("customer", self.env._("Customer")),
                ("category", self.env._("Product category")),
            )
        ]
        kpis = data["kpis"]
        blocks.append(
            {
                "pairs": [
                    (self.env._("New customers"), kpis["new_customers"], "count"),
                    (self.env._("Returning customers"), kpis["returning_customers"], "count"),
                ]
            }
        )
        return {"name": self.env._("Sales"), "blocks": blocks}

    def _sheet_payments(self, data, recommendations, follow_ups):
        kpis = data["kpis"]
        indicators = self._table_block(
            [self.env._("Indicator"), self.env._("Amount")],
            ["text", "money"],
            [
                (self.env._("Invoiced (untaxed)"), kpis["invoiced"]),
                (self.env._("Collected"), kpis["collected"]),
                (self.env._("Open receivables"), kpis["receivable_open"]),
                (self.env._("Overdue receivables"), kpis["receivable_overdue"]),
            ],
        )
        dso = {
            "pairs": [
                (self.env._("Days sales outstanding"), kpis["dso"], "days"),
                (
                    self.env._("Average days to pay (invoices settled)"),
                    kpis["days_to_pay"],
                    "days",
                ),
            ]
        }
        labels = self._ageing_labels()
        ageing = self._table_block(
            [self.env._("Ageing at period end"), self.env._("Amount")],
            ["text", "money"],
            [(labels[key], amount) for key, amount in data["tables"]["payments"]["ageing"]],
            chart=self.env._("Receivables by age"),
        )
        return {"name": self.env._("Payments"), "blocks": [indicators, dso, ageing]}

    def _ageing_labels(self):
        Kpi = self.env["sale.admin.report.kpi"]
        labels = {"not_due": self.env._("Not yet due")}
        for low, high in OVERDUE_BUCKETS:
            labels[Kpi._bucket_key(low, high)] = (
                self.env._("%(low)s-%(high)s days overdue", low=low, high=high)
                if high
                else self.env._("Over %(low)s days overdue", low=low - 1)
            )
        return labels

    def _captioned_tables(self, specs):
        """Tables of one sheet, each headed by a caption repeating its first header: specs are
        (headers, kinds, rows)."""
        return [
            self._table_block(headers, kinds, rows, caption=headers[0])
            for headers, kinds, rows in specs
        ]

    def _sheet_orders(self, data, recommendations, follow_ups):
        tables = data["tables"]["orders"]
        Order = self.env["sale.order"]
        states = dict(Order._fields["sales_admin_state"]._description_selection(self.env))
        return {
            "name": self.env._("Order processing"),
            "blocks": self._captioned_tables(
                [
                    (
                        [
                            self.env._("Admin state"),
                            self.env._("Orders"),
                            self.env._("Untaxed amount"),
                        ],
                        ["text", "count", "money"],
                        [
                            (states.get(state, state or ""), count, amount)
                            for state, count, amount in tables["by_state"]
                        ],
                    ),
                    (
                        [self.env._("Cycle time"), self.env._("Average days")],
                        ["text", "days"],
                        [
                            (Order._fields[name]._description_string(self.env), average)
                            for name, average in tables["cycle"]
                        ],
                    ),
                    (
                        [
                            self.env._("Blocked order"),
                            self.env._("Customer"),
                            self.env._("Order date"),
                            self.env._("Reasons"),
                        ],
                        ["text", "text", "date", "text"],
                        tables["blocked"],
                    ),
                ]
            ),
        }

    def _sheet_complaints(self, data, recommendations, follow_ups):
        tables = data["tables"]["complaints"]
        figures = [self.env._("Complaints"), self.env._("Remedy cost")]
        kinds = ["text", "count", "money"]
        return {
            "name": self.env._("Complaints"),
            "blocks": self._captioned_tables(
                [
                    ([self.env._("Category"), *figures], kinds, self._labelled(tables["category"])),
                    (
                        [self.env._("Root cause"), *figures],
                        kinds,
                        self._labelled(tables["root_cause"]),
                    ),
                    ([self.env._("Product"), *figures], kinds, self._labelled(tables["product"])),
                    (
                        [
                            self.env._("Complaint rate by product"),
                            self.env._("Complaints"),
                            self.env._("Orders with the product"),
                            self.env._("Complaints per 100 orders"),
                            self.env._("Previous period"),
                        ],
                        ["text", "count", "count", "percent", "percent"],
                        self._labelled(tables["product_rate"]),
                    ),
                ]
            ),
        }

    def _sheet_requests(self, data, recommendations, follow_ups):
        tables = data["tables"]["requests"]
        figures = [
            self.env._("Requests"),
            self.env._("Escalated"),
            self.env._("Hours to first response"),
            self.env._("Hours to resolution"),
        ]
        kinds = ["text", "count", "count", "hours", "hours"]
        return {
            "name": self.env._("Requests and escalations"),
            "blocks": self._captioned_tables(
                [
                    ([self.env._("Request type"), *figures], kinds, self._labelled(tables["type"])),
                    (
                        [self.env._("Sales rep"), *figures],
                        kinds,
                        self._labelled(tables["requester"]),
                    ),
                    ([self.env._("Sales admin"), *figures], kinds, self._labelled(tables["admin"])),
                ]
            ),
        }

    def _sheet_recommendations(self, data, recommendations, follow_ups):
        lang = self.env.lang
        severity = dict(
            self.env["sale.admin.report.rule"]._fields["severity"]._description_selection(self.env)
        )
        rows = [
            (
                severity.get(rec.severity, ""),
                rec.rule_id.name,
                rec._message_in(lang),
                rec.value,
                rec.reference,
            )
            for rec in recommendations
        ] or [("", self.env._("No rule fired: nothing to recommend this period."), "", "", "")]
        blocks = [
            self._table_block(
                [
                    self.env._("Severity"),
                    self.env._("Rule"),
                    self.env._("Recommendation"),
                    self.env._("Value"),
                    self.env._("Compared with"),
                ],
                ["text"] * 5,
                rows,
            )
        ]
        if follow_ups:
            state = dict(
                self.env["sale.admin.report.recommendation"]
                ._fields["activity_state"]
                ._description_selection(self.env)
            )
            blocks.append(
                self._table_block(
                    [self.env._("Period"), self.env._("Recommendation"), self.env._("Follow-up")],
                    ["text"] * 3,
                    [
                        (
                            f"{rec.run_id.date_from} - {rec.run_id.date_to}",
                            rec._message_in(lang),
                            state[rec.activity_state],
                        )
                        for rec in follow_ups
                    ],
                    caption=self.env._("Last periods' recommendations"),
                )
            )
        return {"name": self.env._("Recommendations"), "blocks": blocks}
