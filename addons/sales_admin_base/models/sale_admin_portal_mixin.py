from odoo import api, models, tools

# Fields every record shows, whatever the whitelist.
ALWAYS_READABLE = frozenset({"id", "display_name"})


class SaleAdminPortalMixin(models.AbstractModel):
    """A record customers read on the portal.

    Portal users read (and search on) only the fields listed in ``_portal_fields``, the ones
    their portal pages show, whatever the record rules let them see: internal figures (scores,
    costs, approvers) never reach a customer, over RPC either. A document (with Odoo's
    ``portal.mixin`` and its token) opens for customers in ``_portal_states`` only.
    """

    _name = "sale.admin.portal.mixin"
    _description = "Record Read on the Customer Portal"

    # portal.mixin's own fields, for the documents that have them
    _portal_fields = ("access_url", "access_token", "access_warning")
    _portal_states = ()
    # the order of a customer's search when none is given: the model's may use internal fields
    _portal_order = "id desc"

    # === BUSINESS METHODS === #
    @api.model
    @tools.ormcache()
    def _get_portal_fields(self):
        """The fields a portal user may read: the union of ``_portal_fields`` over the classes
        the model inherits."""
        return ALWAYS_READABLE | frozenset(
            name
            for klass in type(self).__mro__
            for name in vars(klass).get("_portal_fields", ())
            if name in self._fields
        )

    @api.model
    def _is_portal_reader(self):
        # the user's groups are cached, unlike its fields: no query on every read
        return not self.env.su and not self.env.user._is_internal()

    @api.model
    def _has_field_access(self, field, operation):
        if field.name not in self._get_portal_fields() and self._is_portal_reader():
            return False
        return super()._has_field_access(field, operation)

    @api.model
    def _order_to_sql(self, order, query, alias=None, reverse=False):
        if (not order or order == self._order) and self._is_portal_reader():
            order = self._portal_order
        return super()._order_to_sql(order, query, alias=alias, reverse=reverse)

    def _portal_is_visible_for(self, user):
        """Whether ``user``, who passed the portal's access check (rights or token), may open
        the document: internal readers preview it in any state; customers see it once it is
        theirs to read (``_portal_states``), and a logged-in customer only their own company's."""
        self.ensure_one()
        if not user.share and self.with_user(user).has_access("read"):
            return True
        if self.state not in self._portal_states:
            return False
        if user._is_public() or not user.share:
            return True
        return user.commercial_partner_id == self.commercial_partner_id
