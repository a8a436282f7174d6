from odoo import models


class SaleAdminCopyNameMixin(models.AbstractModel):
    """A record whose name is unique, or told apart by it (a root cause, an answer tag, a
    contract clause): its duplicate is named "… (copy)", as Odoo names a duplicated contact or
    product, unless the caller names it."""

    _name = "sale.admin.copy.name.mixin"
    _description = "Duplicates Named as Copies"

    # === CRUD METHODS === #
    def copy_data(self, default=None):
        vals_list = super().copy_data(default=default)
        if "name" in (default or {}):
            return vals_list
        return [
            dict(vals, name=self.env._("%s (copy)", record.name))
            for record, vals in zip(self, vals_list, strict=True)
        ]
