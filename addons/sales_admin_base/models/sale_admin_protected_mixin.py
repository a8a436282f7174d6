from odoo import api, models, tools
from odoo.exceptions import AccessError, UserError

WORKFLOW_CONTEXT_KEY = "sales_admin_workflow_write"
# the fields our addons define start their module's name with this
OUR_ADDONS_PREFIX = "sales_admin_"


class WorkflowWrite:
    """What an action puts in the context to write the workflow fields it owns.

    An RPC caller can put any JSON value in the context, never an instance of this class: the
    check is on the type, so the permission cannot be forged from outside the server. It names
    the model and the fields, so that it opens nothing else on the way (a record of another
    model written during the same call stays guarded)."""

    __slots__ = ("field_names", "model_name")

    def __init__(self, model_name, field_names):
        self.model_name = model_name
        self.field_names = frozenset(field_names)

    def allows(self, model_name, field_name):
        return model_name == self.model_name and field_name in self.field_names


class SaleAdminProtectedMixin(models.AbstractModel):
    """Workflow fields (states, decisions, approvals, signatures, holds, hashes) that only the
    model's own actions write.

    A model lists them in ``_protected_fields`` (each mixin and model of the inheritance adds its
    own); the stored computed fields our addons add are protected too. ``create`` and ``write``
    refuse them, over RPC and in server code alike, unless the call comes from
    ``_write_workflow`` / ``_create_workflow`` (which the actions use) or runs as the superuser
    (data files, system jobs). The web client shows them read-only, and the files of
    protected binary fields are guarded too (see ``ir.attachment``).
    """

    _name = "sale.admin.protected.mixin"
    _description = "Workflow Fields Written Only by Their Actions"

    _protected_fields = ()

    # === CRUD METHODS === #
    @api.model_create_multi
    def create(self, vals_list):
        protected = self._get_protected_fields()
        defaults = {
            key
            for key in self.env.context
            if key.startswith("default_")
            and key[len("default_") :] in protected
            and self._is_protected_field_write(key[len("default_") :])
        }
        if defaults and not self.env.su:
            # a default from the context (e.g. a kanban column) is no way to set a workflow field
            context = {key: value for key, value in self.env.context.items() if key not in defaults}
            without = self.with_env(self.env(context=context))
            return super(SaleAdminProtectedMixin, without).create(vals_list)
        return super().create(vals_list)

    def copy(self, default=None):
        refusal = self._copy_refusal()
        if refusal:
            raise UserError(refusal)
        return super().copy(default=default)

    def _copy_refusal(self):
        """Why a record of this model is never duplicated, in the user's words (for the records
        only their workflow makes), or False: a copy is then a new document, its protected
        fields left behind (they are ``copy=False``)."""
        return False

    # === BUSINESS METHODS === #
    @api.model
    @tools.ormcache()
    def _get_protected_fields(self):
        """The names of the protected fields: the union of ``_protected_fields`` over the
        classes the model inherits, and the figures our addons compute and store (a computed
        field without inverse is the server's: written, it would keep a forged value)."""
        listed = {
            name
            for klass in type(self).__mro__
            for name in vars(klass).get("_protected_fields", ())
            if name in self._fields
        }
        computed = {
            name
            for name, field in self._fields.items()
            if field.store
            and field.compute
            and field.readonly
            and not field.inverse
            and (field._module or "").startswith(OUR_ADDONS_PREFIX)
        }
        return frozenset(listed | computed)

    @api.model
    def _is_protected_field_write(self, field_name):
        """Whether writing ``field_name`` now would write a protected field without its action."""
        if self.env.su or field_name not in self._get_protected_fields():
            return False
        marker = self.env.context.get(WORKFLOW_CONTEXT_KEY)
        return not (isinstance(marker, WorkflowWrite) and marker.allows(self._name, field_name))

    @api.model
    def _has_field_access(self, field, operation):
        if operation == "write" and self._is_protected_field_write(field.name):
            return False
        return super()._has_field_access(field, operation)

    @api.model
    def _check_field_access(self, field, operation):
        if operation == "write" and self._is_protected_field_write(field.name):
            raise AccessError(
                self.env._(
                    "“%(field)s” of %(model)s is set by its workflow (the document's buttons, such "
                    "as Submit, Approve, Sign or Release), never written directly.",
                    field=field._description_string(self.env),
                    model=self.env["ir.model"]._get(self._name).name,
                )
            )
        return super()._check_field_access(field, operation)

    @api.model
    def _check_protected_values(self, field_names):
        """Refuse the protected fields among ``field_names`` (what a caller gave to ``create``)
        before the server adds its own values, which ``_with_workflow`` then lets through."""
        for name in field_names:
            if name in self._fields:
                self._check_field_access(self._fields[name], "write")
        return True

    def _with_workflow(self, field_names):
        """These records in an environment that writes the protected ``field_names``: for a
        ``create`` override adding the values the server sets (records it returns must go back
        to the caller's environment)."""
        return self.with_context(**{WORKFLOW_CONTEXT_KEY: WorkflowWrite(self._name, field_names)})

    def _write_workflow(self, vals):
        """Write ``vals``, protected fields included: for the model's own actions."""
        return self._with_workflow(vals).write(vals)

    @api.model
    def _create_workflow(self, vals_list):
        """Create records whose values include protected fields: for the model's own actions."""
        names = {name for vals in vals_list for name in vals}
        return self._with_workflow(names).create(vals_list).with_env(self.env)
