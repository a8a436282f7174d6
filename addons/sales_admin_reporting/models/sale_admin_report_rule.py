from string import Formatter

from odoo import api, fields, models
from odoo.exceptions import ValidationError
from odoo.tools import formatLang

COMPARISONS = [
    ("previous", "Previous period"),
    ("last_year", "Same period last year"),
    ("target", "Target"),
]
MESSAGE_PLACEHOLDERS = (
    "value",
    "reference",
    "change",
    "threshold",
    # rules on a product's figures
    "product",
    "count",
    "base",
    "reference_count",
    "reference_base",
)
OPERATORS = [
    ("increase_pct", "Rises by at least (%)"),
    ("decrease_pct", "Falls by at least (%)"),
    ("increase_abs", "Rises by at least (points or units)"),
    ("decrease_abs", "Falls by at least (points or units)"),
    ("above", "Is above"),
    ("below", "Is below"),
]


class SaleAdminReportRule(models.Model):
    _name = "sale.admin.report.rule"
    _description = "Sales Admin Report: Recommendation Rule"
    _order = "sequence, id"

    name = fields.Char(required=True, translate=True)
    sequence = fields.Integer(default=10)
    active = fields.Boolean(default=True)
    company_id = fields.Many2one(
        "res.company", help="Leave empty to apply the rule in every company."
    )
    metric = fields.Selection(
        selection="_selection_metric",
        required=True,
        help="The KPI of the report the rule looks at.",
    )
    comparison = fields.Selection(
        COMPARISONS,
        required=True,
        default="previous",
        help="What the period's value is compared with. 'Is above'/'Is below' compare the value "
        "with the threshold itself.",
    )
    operator = fields.Selection(OPERATORS, required=True, default="increase_pct")
    threshold = fields.Float(required=True)
    target = fields.Float(help="The value aimed at, when comparing with a target.")
    severity = fields.Selection(
        [("info", "Information"), ("warning", "Warning"), ("critical", "Critical")],
        required=True,
        default="warning",
    )
    message = fields.Text(
        required=True,
        translate=True,
        help="What the recommendation says. Placeholders: {value} (this period), {reference} "
        "(what it is compared with), {change} (the difference), {threshold}; for a metric per "
        "product also {product}, {count} and {base} (e.g. complaints and orders of this period) "
        "and {reference_count} and {reference_base} (the same in the period compared with).",
    )
    min_volume = fields.Integer(
        string="Minimum per product",
        default=0,
        help="For a metric per product: the rule ignores products with fewer events than this in "
        "the period (e.g. complaints), so that one complaint on one order does not fire it.",
    )
    activity_user_id = fields.Many2one(
        "res.users",
        string="Activity for",
        help="When set, a firing rule creates a to-do for this person, and the next report says "
        "whether it was done.",
    )

    # === SQL CONSTRAINTS === #
    _threshold_positive = models.Constraint(
        "CHECK(threshold >= 0)", "A rule's threshold cannot be negative."
    )
    _min_volume_positive = models.Constraint(
        "CHECK(min_volume >= 0)", "A rule's minimum per product cannot be negative."
    )

    # === CONSTRAINT AND ONCHANGE METHODS === #
    @api.constrains("message")
    def _check_message(self):
        for rule in self:
            try:
                error = _unsupported_placeholder(rule.message)
            except ValueError as parse_error:  # e.g. an unbalanced brace
                error = parse_error
            if error:
                raise ValidationError(
                    self.env._(
                        "The message of rule '%(rule)s' uses an unknown placeholder (%(error)s). "
                        "Use {value}, {reference}, {change} or {threshold}; rules on a product "
                        "also {product}, {count}, {base}, {reference_count} and {reference_base}.",
                        rule=rule.name,
                        error=error,
                    )
                )

    # === BUSINESS METHODS === #
    @api.model
    def _selection_metric(self):
        Kpi = self.env["sale.admin.report.kpi"]
        return [
            (key, label)
            for key, label, _kind in Kpi._kpi_catalogue() + Kpi._product_kpi_catalogue()
        ]

    def _is_product_metric(self):
        self.ensure_one()
        catalogue = self.env["sale.admin.report.kpi"]._product_kpi_catalogue()
        return self.metric in {key for key, _label, _kind in catalogue}

    def _reference_value(self, data):
        self.ensure_one()
        if self.comparison == "target":
            return self.target
        return data[self.comparison].get(self.metric)

    def _evaluate(self, data):
        """(fires, values) for this rule on a report's data; values feed the message."""
        self.ensure_one()
        value = data["kpis"].get(self.metric)
        if value is None:
            return False, {}
        fires, change = self._compare(value, self._reference_value(data))
        return fires, self._values(value, self._reference_value(data), change)

    def _compare(self, value, reference):
        """(fires, change): change is in % for the relative operators, None when undefined."""
        if self.operator in ("above", "below"):
            fires = value > self.threshold if self.operator == "above" else value < self.threshold
            return fires, value - (reference or 0.0)
        if reference is None:
            return False, None
        change = value - reference
        if self.operator in ("increase_abs", "decrease_abs"):
            signed = change if self.operator == "increase_abs" else -change
            return signed >= self.threshold, change
        if not reference:
            # a relative change from zero is undefined: only a start from nothing counts as a rise
            return self.operator == "increase_pct" and value > 0, None
        pct = change / abs(reference) * 100
        signed = pct if self.operator == "increase_pct" else -pct
        return signed >= self.threshold, pct

    def _findings(self, data):
        """[(product id or False, values)]: one per product for a metric per product (products
        below the minimum volume are left out), else at most one."""
        self.ensure_one()
        if not self._is_product_metric():
            fires, values = self._evaluate(data)
            return [(False, values)] if fires else []
        references = {} if self.comparison == "target" else data[self.comparison].get(self.metric)
        findings = []
        for product_id, entry in (data["kpis"].get(self.metric) or {}).items():
            if entry["value"] is None or entry["count"] < max(self.min_volume, 1):
                continue
            before = (references or {}).get(product_id) or {}
            reference = self.target if self.comparison == "target" else before.get("value")
            fires, change = self._compare(entry["value"], reference)
            if not fires:
                continue
            values = self._values(entry["value"], reference, change)
            values.update(
                count=entry["count"],
                base=entry["base"],
                reference_count=before.get("count", 0),
                reference_base=before.get("base", 0),
            )
            findings.append((product_id, values))
        findings.sort(key=lambda finding: (-finding[1]["count"], finding[0]))
        return findings

    def _values(self, value, reference, change):
        """The numbers of a finding, as numbers: the message formats them for its reader."""
        return {"value": value, "reference": reference, "change": change}

    def _metric_kind(self):
        """money, count, percent or days: how the rule's metric is written."""
        self.ensure_one()
        Kpi = self.env["sale.admin.report.kpi"]
        kinds = {key: kind for key, _label, kind in Kpi._kpi_catalogue()}
        kinds.update({key: kind for key, _label, kind in Kpi._product_kpi_catalogue()})
        return kinds.get(self.metric, "count")

    def _metric_label(self):
        self.ensure_one()
        return dict(self._fields["metric"]._description_selection(self.env)).get(
            self.metric, self.metric
        )

    def _texts(self, values, product, lang=None, company=None):
        """The finding's numbers `values` written out for a reader of `lang` (the current
        language by default): amounts in the company's currency, numbers with the reader's
        separators, a change as a size (the message words the direction: rose, fell)."""
        self.ensure_one()
        rule = self.with_context(lang=lang) if lang else self
        env = rule.env
        currency = (company or env.company).currency_id
        kind = rule._metric_kind()
        relative = self.operator in ("increase_pct", "decrease_pct")

        def fmt(number, number_kind):
            if number is None or number is False:
                return "-"
            if isinstance(number, str):  # a finding stored before numbers were kept as numbers
                return number
            if number_kind == "money":
                return formatLang(env, number, currency_obj=currency)
            if number_kind == "count" and float(number).is_integer():
                return formatLang(env, number, digits=0)
            return formatLang(env, number, digits=1)

        change = values.get("change")
        if isinstance(change, (int, float)) and self.operator not in ("above", "below"):
            change = abs(change)
        texts = {
            "value": fmt(values.get("value"), kind),
            "reference": fmt(values.get("reference"), kind),
            "change": fmt(change, "percent" if relative else kind),
            "threshold": fmt(self.threshold, "percent" if relative else kind),
            "product": product.with_context(lang=env.lang).display_name if product else "",
        }
        for key in ("count", "base", "reference_count", "reference_base"):
            if key in values:
                texts[key] = fmt(values[key], "count")
        return texts

    def _message(self, values, product, lang=None, company=None):
        """The rule's message with the finding's numbers, for a reader of `lang`; a relative
        change from nothing says there was none rather than "rose by -%"."""
        self.ensure_one()
        rule = self.with_context(lang=lang) if lang else self
        texts = rule._texts(values, product, company=company)
        relative = self.operator in ("increase_pct", "decrease_pct")
        if relative and values.get("change") is None and values.get("value") is not None:
            return rule._message_from_nothing(texts)
        return rule.message.format_map(_Defaults(texts))

    def _message_from_nothing(self, texts):
        """The message of a relative rule whose reference was zero: a rise from nothing has no
        percentage."""
        self.ensure_one()
        args = {"metric": self._metric_label(), "value": texts["value"]}
        if texts["product"]:
            args["metric"] = self.env._("%(metric)s, %(product)s", product=texts["product"], **args)
        if self.comparison == "last_year":
            return self.env._("%(metric)s: %(value)s (none in the same period last year)", **args)
        if self.comparison == "target":
            return self.env._("%(metric)s: %(value)s (the target is zero)", **args)
        return self.env._("%(metric)s: %(value)s (none in the previous period)", **args)


class _Defaults(dict):
    """Placeholders a rule's kind has no value for read as "-" rather than failing."""

    def __missing__(self, key):
        return "-"


def _unsupported_placeholder(message):
    """The first placeholder that is not one of MESSAGE_PLACEHOLDERS, plain:
    "{value.__class__}" would reach into Python, "{value:>999999999}" would pad the message with
    a gigabyte of spaces."""
    for _text, name, spec, conversion in Formatter().parse(message):
        if name is not None and (name not in MESSAGE_PLACEHOLDERS or spec or conversion):
            return "{%s%s%s}" % (  # noqa: UP031 (braces would need doubling in an f-string)
                name,
                f"!{conversion}" if conversion else "",
                f":{spec}" if spec else "",
            )
    return None
