from odoo import fields, models

from .sale_admin_report_run import REPLICA_MAX_LAG_SECONDS


class ResConfigSettings(models.TransientModel):
    _inherit = "res.config.settings"

    sales_admin_replica_max_lag_seconds = fields.Integer(
        string="Maximum replica lag (seconds)",
        config_parameter="sales_admin_reporting.replica_max_lag_seconds",
        default=REPLICA_MAX_LAG_SECONDS,
        help="When Odoo has a read replica (db_replica_host), reports compute their figures on it "
        "unless it lags further than this behind the primary database, or has not yet replayed "
        "the end of the period; they then run on the primary and their log says why.",
    )
