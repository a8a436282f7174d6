from odoo import api, models
from odoo.tools import split_every


class IrCron(models.Model):
    _inherit = "ir.cron"

    # === BUSINESS METHODS === #
    @api.model
    def _sales_admin_process_in_batches(self, records, process, batch_size):
        """The loop of every cron of the sales admin addons: call ``process(batch)`` on
        ``records`` batch after batch, committing the progress after each batch, and stop as soon
        as the scheduler's time budget is spent. The scheduler then runs the cron again at once,
        which searches what is left.

        :return: True when every record was processed
        """
        remaining = len(records)
        for ids in split_every(batch_size, records.ids):
            # a fresh recordset: prefetching stays within the batch
            process(records.browse(ids))
            remaining -= len(ids)
            time_left = self._commit_progress(len(ids), remaining=remaining)
            if remaining and not time_left:
                return False
        return True
