"""Times the complaint SLA cron on many open complaints that have just breached their SLA.

Size: SALES_ADMIN_BENCH_COMPLAINTS (default 2,000; the issue's figure is 100,000):

    SALES_ADMIN_BENCH_COMPLAINTS=100000 SALES_ADMIN_VENV=/work/main/.venv bash setup/test.sh \
        tests/benchmarks/bench_complaint_sla.py -o python_files='bench_*.py' -s
"""

import os
import time
from datetime import timedelta

from freezegun import freeze_time

from odoo import fields
from odoo.tests import TransactionCase, tagged
from odoo.tools import SQL

SIZE = int(os.environ.get("SALES_ADMIN_BENCH_COMPLAINTS", "2000"))


@tagged("post_install", "-at_install", "benchmark")
class BenchComplaintSla(TransactionCase):
    def _seed(self, size):
        """One complaint made through the ORM a month ago (its SLA then on track), copied in SQL."""
        Complaint = self.env["sale.complaint"]
        Complaint.search(Complaint._sla_refresh_domain())._refresh_sla_status()  # demo data
        month_ago = fields.Datetime.now() - timedelta(days=30)
        customer = self.env["res.partner"].create(
            {"name": "Bench customer", "sales_admin_id": self.env.ref("base.user_admin").id}
        )
        with freeze_time(month_ago):
            template = Complaint.create(
                {"subject": "Bench", "partner_id": customer.id, "date_open": month_ago}
            )
            template.flush_recordset()
        self.assertEqual(template.sla_status, "on_track")
        self.env.flush_all()
        columns = [
            SQL.identifier(field.name)
            for field in Complaint._fields.values()
            if field.store and field.column_type and field.name not in ("id", "name")
        ]
        self.env.cr.execute(
            SQL(
                "INSERT INTO sale_complaint (name, %(columns)s) "
                "SELECT name || '-' || serie, %(columns)s FROM sale_complaint, "
                "generate_series(1, %(copies)s) AS serie WHERE id = %(template)s",
                columns=SQL(", ").join(columns),
                copies=size - 1,
                template=template.id,
            )
        )
        self.env.invalidate_all()

    def test_bench_sla_cron(self):
        self._seed(SIZE)
        Complaint = self.env["sale.complaint"]
        to_refresh = Complaint.search_count(Complaint._sla_refresh_domain())
        self.assertEqual(to_refresh, SIZE)
        cron = self.env.ref("sales_admin_base.ir_cron_sale_complaint_sla")

        start = time.perf_counter()
        runs = 0
        while Complaint.search_count(Complaint._sla_refresh_domain()):
            with self.enter_registry_test_mode():
                cron.method_direct_trigger()
            runs += 1
        elapsed = time.perf_counter() - start

        self.assertEqual(
            Complaint.search_count([("subject", "=", "Bench"), ("sla_breached", "=", True)]), SIZE
        )
        print(
            f"\nSLA cron: {SIZE} open complaints breached in {elapsed:.1f} s "
            f"({runs} cron run(s)): {SIZE / elapsed:.0f} complaints/second"
        )
