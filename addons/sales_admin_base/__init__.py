from . import models
from . import wizard
from . import controllers

from odoo.addons.base.models.ir_model import MODULE_UNINSTALL_FLAG


def pre_init_hook(env):
    """The duplicate finder compares names with pg_trgm's similarity() (no index: names are
    paired by shared words, see res.partner._sales_admin_find_duplicates)."""
    env.cr.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")


def uninstall_hook(env):
    """Complaints point at the module's own stages with ondelete='restrict': they go with the
    module's tables anyway, so remove them first and let Odoo delete the stages without failing.
    Credit notes and replacement orders stay; only their link to the complaint goes."""
    env = env(context=dict(env.context, active_test=False, **{MODULE_UNINSTALL_FLAG: True}))
    env["sale.complaint"].search([]).unlink()
