from string import Formatter

from odoo import api, fields, models
from odoo.exceptions import ValidationError

COMPARISONS = [
    ("previous", "Previous period"),
    ("last_year", "Same period last year"),
    ("target", "Target"),
]
MESSAGE_PLACEHOLDERS = ("value", "reference", "change", "threshold")
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
        "(what it is compared with), {change} (the difference), {threshold}.",
    )
    activity_user_id = fields.Many2one(
        "res.users",
        string="Activity for",
        help="When set, a firing rule creates a to-do for this person, and the next report says "
        "whether it was done.",
    )

    _threshold_positive = models.Constraint(
        "CHECK(threshold >= 0)", "A rule's threshold cannot be negative."
    )

    @api.model
    def _selection_metric(self):
        return [
            (key, label) for key, label, _kind in self.env["sale.admin.report.kpi"]._kpi_catalogue()
        ]

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
                        "Use {value}, {reference}, {change} or {threshold}.",
                        rule=rule.name,
                        error=error,
                    )
                )

    # ------------------------------------------------------------------ evaluation
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
        reference = self._reference_value(data)
        if self.operator in ("above", "below"):
            fires = value > self.threshold if self.operator == "above" else value < self.threshold
            return fires, self._values(value, reference, value - (reference or 0.0))
        if reference is None:
            return False, {}
        change = value - reference
        if self.operator == "increase_abs":
            fires = change >= self.threshold
        elif self.operator == "decrease_abs":
            fires = -change >= self.threshold
        elif not reference:
            # a relative change from zero is undefined: only a start from nothing counts as a rise
            fires = self.operator == "increase_pct" and value > 0
            change = None
        else:
            pct = change / abs(reference) * 100
            fires = (
                pct >= self.threshold if self.operator == "increase_pct" else -pct >= self.threshold
            )
            change = pct
        return fires, self._values(value, reference, change)

    def _values(self, value, reference, change):
        def fmt(number):
            if number is None:
                return "-"
            return f"{number:,.1f}" if isinstance(number, float) else f"{number:,}"

        return {
            "value": fmt(value),
            "reference": fmt(reference),
            "change": fmt(change),
            "threshold": fmt(self.threshold),
        }


def _unsupported_placeholder(message):
    """The first placeholder that is not a plain {value}, {reference}, {change} or {threshold}:
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
