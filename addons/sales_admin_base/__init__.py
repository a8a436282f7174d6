from . import models
from . import wizard
from . import controllers


def pre_init_hook(env):
    """The duplicate finder compares names by trigram similarity: Odoo creates trigram indexes
    only when PostgreSQL's pg_trgm extension exists."""
    env.cr.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
