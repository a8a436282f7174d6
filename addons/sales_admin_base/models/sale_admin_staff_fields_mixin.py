from odoo import api, models

from .sale_admin_protected_mixin import OUR_ADDONS_PREFIX


class SaleAdminStaffFieldsMixin(models.AbstractModel):
    """Odoo's documents that customers read too (orders, invoices, contacts): the fields our
    addons add to them (order desk checklist and hold, remedy links, responsible admin) are for
    employees. Portal and public users read the document's own fields as Odoo shows them, none
    of ours, over RPC either; the portal pages read them as the superuser where they need to."""

    _name = "sale.admin.staff.fields.mixin"
    _description = "Fields Our Addons Add, for Employees Only"

    # === BUSINESS METHODS === #
    @api.model
    def _has_field_access(self, field, operation):
        if (
            (field._module or "").startswith(OUR_ADDONS_PREFIX)
            and not self.env.su
            # the user's groups are cached, unlike its fields: no query on every read
            and not self.env.user._is_internal()
        ):
            return False
        return super()._has_field_access(field, operation)
