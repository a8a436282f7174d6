import re

from markupsafe import Markup, escape

from odoo import api, models
from odoo.exceptions import ValidationError
from odoo.tools import format_amount, format_date, format_datetime, formatLang

# {{ root.field.field }}: nothing but identifiers separated by dots.
PLACEHOLDER_RE = re.compile(r"\{\{\s*([A-Za-z0-9_]+(?:\.[A-Za-z0-9_]+)*)\s*\}\}")
# Anything that looks like template or code syntax once the valid placeholders are removed.
CODE_LIKE_RE = re.compile(
    r"\{\{|\}\}|\{%|%\}|\$\{|#\{|\{#|<%|%>|\bt-(?:out|esc|raw|att|call|set)\b"
)
PLACEHOLDER_ROOTS = {
    "order": "sale.order",
    "customer": "res.partner",
    "company": "res.company",
    "contract": "sale.contract",
}
SCALAR_TYPES = {
    "char",
    "text",
    "integer",
    "float",
    "monetary",
    "date",
    "datetime",
    "selection",
    "boolean",
    "many2one",
}
SECRET_WORDS = ("token", "password", "secret", "signature", "api_key")


class SaleContractPlaceholderMixin(models.AbstractModel):
    """Texts with ``{{ order.partner_id.vat }}`` placeholders.

    Placeholders are field paths starting at an allow-listed root (order, customer, company,
    contract); every model crossed on the way must be allow-listed too. Nothing is evaluated:
    values are read through the ORM as the rendering user, with field and record access checked,
    and escaped into the HTML.
    """

    _name = "sale.contract.placeholder.mixin"
    _description = "Contract text with placeholders"

    @api.model
    def _placeholder_text(self, text):
        return str(text or "").replace("&nbsp;", " ").replace("\xa0", " ")

    @api.model
    def _placeholder_check_text(self, text, where):
        """Raise a ValidationError naming the first unknown, forbidden or code-like placeholder."""
        text = self._placeholder_text(text)
        for match in PLACEHOLDER_RE.finditer(text):
            self._placeholder_check_path(match.group(1), where)
        leftover = PLACEHOLDER_RE.sub("", text)
        code = CODE_LIKE_RE.search(leftover)
        if code:
            raise ValidationError(
                self.env._(
                    "%(where)s contains template or code syntax near “%(snippet)s”. Only "
                    "placeholders like {{ order.partner_id.vat }} are allowed; nothing is evaluated.",
                    where=where,
                    snippet=leftover[max(code.start() - 10, 0) : code.end() + 20],
                )
            )

    @api.model
    def _placeholder_check_path(self, path, where):
        """Refuse a path that is not root.field[.field...] over allow-listed models."""
        root, *names = path.split(".")
        model_name = PLACEHOLDER_ROOTS.get(root)
        # constraints run as superuser: field rights are those of the author
        env = self.env(su=False)
        if not model_name or not names:
            raise ValidationError(
                self.env._(
                    "%(where)s: “{{ %(path)s }}” is not a known placeholder. Start with one of: "
                    "%(roots)s, followed by field names (e.g. {{ order.partner_id.vat }}).",
                    where=where,
                    path=path,
                    roots=", ".join(PLACEHOLDER_ROOTS),
                )
            )
        for position, name in enumerate(names):
            model = env[model_name]
            field = model._fields.get(name)
            if name.startswith("_") or any(word in name for word in SECRET_WORDS):
                raise ValidationError(
                    self.env._(
                        "%(where)s: “{{ %(path)s }}” uses the forbidden name “%(name)s”.",
                        where=where,
                        path=path,
                        name=name,
                    )
                )
            if not field:
                raise ValidationError(
                    self.env._(
                        "%(where)s: “{{ %(path)s }}” refers to “%(name)s”, which is not a field of "
                        "%(model)s.",
                        where=where,
                        path=path,
                        name=name,
                        model=model._description,
                    )
                )
            if field.type not in SCALAR_TYPES or not model._has_field_access(field, "read"):
                raise ValidationError(
                    self.env._(
                        "%(where)s: the field “%(name)s” of “{{ %(path)s }}” may not be used in a "
                        "contract text.",
                        where=where,
                        path=path,
                        name=name,
                    )
                )
            is_last = position == len(names) - 1
            if not is_last:
                if field.type != "many2one" or field.comodel_name not in PLACEHOLDER_ROOTS.values():
                    raise ValidationError(
                        self.env._(
                            "%(where)s: “{{ %(path)s }}” goes through “%(name)s”; placeholders may "
                            "only follow links to orders, customers, companies and contracts.",
                            where=where,
                            path=path,
                            name=name,
                        )
                    )
                model_name = field.comodel_name

    @api.model
    def _placeholder_render(self, text, roots):
        """Return ``text`` (HTML) with every placeholder replaced by its escaped value.

        :param roots: {"order": sale.order record, "customer": ..., ...} in the rendering user's env
        """
        if not text:
            return Markup("")

        def replace(match):
            return str(escape(self._placeholder_value(match.group(1), roots)))

        # the text comes from a sanitized Html field; every inserted value is escaped
        return Markup(PLACEHOLDER_RE.sub(replace, self._placeholder_text(text)))  # noqa: S704

    @api.model
    def _placeholder_value(self, path, roots):
        """The display value of ``path`` or "" when it cannot be read by the current user."""
        root, *names = path.split(".")
        record = roots.get(root)
        if record is None or not names:
            return ""
        record = record.with_env(self.env)
        for position, name in enumerate(names):
            record = record[:1]._filtered_access("read")
            field = record._fields.get(name)
            if not record or not field or not record._has_field_access(field, "read"):
                return ""
            value = record[name]
            if position < len(names) - 1:
                record = value
                continue
            return self._placeholder_format(record, field, value)
        return ""

    @api.model
    def _placeholder_format(self, record, field, value):
        if field.type == "boolean":
            return self.env._("Yes") if value else self.env._("No")
        if value is False or value is None:
            return ""
        formatters = {
            "many2one": lambda: value._filtered_access("read").display_name or "",
            "selection": lambda: dict(field._description_selection(self.env)).get(value, value),
            "date": lambda: format_date(self.env, value),
            "datetime": lambda: format_datetime(self.env, value),
            "monetary": lambda: self._placeholder_format_amount(record, field, value),
            "float": lambda: formatLang(self.env, value),
        }
        formatter = formatters.get(field.type)
        return formatter() if formatter else str(value)

    @api.model
    def _placeholder_format_amount(self, record, field, value):
        currency = record[field.get_currency_field(record)]
        return format_amount(self.env, value, currency) if currency else formatLang(self.env, value)
