import hashlib
import logging
import time
from contextlib import closing
from datetime import timedelta

import psycopg2

from odoo import api, fields, models
from odoo.exceptions import MissingError, UserError, ValidationError
from odoo.fields import Domain
from odoo.tools import SQL, config, format_date

from .sale_admin_report_definition import EARLIEST_PERIOD_START

_logger = logging.getLogger(__name__)

MAX_ATTEMPTS = 3
STALE_AFTER_MINUTES = 30  # ir.config_parameter sales_admin_reporting.stale_run_minutes overrides
# ir.config_parameter sales_admin_reporting.replica_max_lag_seconds overrides (Settings)
REPLICA_MAX_LAG_SECONDS = 300
# how long a report waits for the standby to replay what the primary had written when it asked,
# and how often it looks
REPLICA_CATCH_UP_SECONDS = 2.0
REPLICA_CATCH_UP_POLL_SECONDS = 0.05


def _bound_to(value, env):
    """`value` (the report's figures: dicts, lists, tuples of numbers, dates and records) with
    every record moved to `env`, so that nothing refers to the read-only cursor once closed."""
    if isinstance(value, models.BaseModel):
        return value.with_env(env)
    if isinstance(value, dict):
        return {_bound_to(key, env): _bound_to(item, env) for key, item in value.items()}
    if isinstance(value, tuple) and hasattr(value, "_fields"):  # a named tuple
        return type(value)._make(_bound_to(item, env) for item in value)
    if isinstance(value, (list, tuple, set, frozenset)):
        return type(value)(_bound_to(item, env) for item in value)
    return value


class SaleAdminReportRun(models.Model):
    _name = "sale.admin.report.run"
    _description = "Sales Admin Report Run"
    _inherit = ["sale.admin.protected.mixin", "mail.thread", "mail.activity.mixin"]
    _order = "date_from desc, id desc"
    _rec_names_search = ["definition_id"]

    # what making and sending the run records: its state, file, figures and mails
    _protected_fields = (
        "kind",
        "state",
        "attachment_id",
        "version",
        "checksum",
        "recipient_partner_ids",
        "problems",
        "error",
        "attempts",
        "date_started",
        "duration",
        "summary_html",
        "computed_on",
        "mail_ids",
    )

    name = fields.Char(compute="_compute_name")
    definition_id = fields.Many2one(
        "sale.admin.report.definition", required=True, ondelete="cascade", index=True
    )
    company_id = fields.Many2one(related="definition_id.company_id", store=True, index=True)
    date_from = fields.Date(string="Period start", required=True)
    date_to = fields.Date(string="Period end", required=True)
    kind = fields.Selection(
        [("scheduled", "Scheduled"), ("on_demand", "On demand")], required=True, default="scheduled"
    )
    state = fields.Selection(
        [
            ("pending", "Pending"),
            ("running", "Running"),
            ("done", "Done"),
            ("skipped", "Skipped (no activity)"),
            ("failed", "Failed"),
        ],
        required=True,
        default="pending",
        index=True,
        tracking=True,
    )
    attachment_id = fields.Many2one("ir.attachment", string="File", readonly=True)
    version = fields.Integer(
        readonly=True,
        help="How many times the run was made; the files of earlier versions stay in its chatter.",
    )
    file_name = fields.Char(string="File Name", related="attachment_id.name")
    checksum = fields.Char(string="SHA-256", readonly=True)
    recipient_partner_ids = fields.Many2many(
        "res.partner", string="Sent to", readonly=True, help="Who the report was actually sent to."
    )
    problems = fields.Text(readonly=True, help="What could not be done as asked (e.g. recipients).")
    error = fields.Text(readonly=True)
    attempts = fields.Integer(readonly=True)
    date_started = fields.Datetime(string="Started At", readonly=True)
    duration = fields.Float(string="Duration (s)", readonly=True, digits=(10, 2))
    file_ids = fields.One2many(
        "sale.admin.report.file",
        "run_id",
        string="Files by language",
        help="One file per language of the recipients; the main file is in the company's language.",
    )
    recommendation_ids = fields.One2many("sale.admin.report.recommendation", "run_id")
    mail_ids = fields.One2many(
        "mail.mail",
        "sales_admin_report_run_id",
        string="E-mails",
        groups="sales_admin_base.group_sales_admin_manager",
        help="One mail per recipient, in the recipient's language, with the file of that language.",
    )
    delivery_state = fields.Selection(
        [
            ("pending", "Pending"),
            ("sent", "Sent"),
            ("partial", "Partly failed"),
            ("failed", "Failed"),
        ],
        compute="_compute_delivery_state",
        store=True,
        index="btree_not_null",
        help="Where the run's e-mails are: pending in the mail queue (or waiting for the mail "
        "server to answer again), sent, or refused for some or all recipients (Retry failed "
        "mails sends them again).",
    )
    summary_html = fields.Html(readonly=True, sanitize=True)
    reader_summary_html = fields.Html(
        string="Summary",
        compute="_compute_reader_summary_html",
        sanitize=False,  # sanitized when the file's summary was stored
        help="The e-mail summary in the reader's language when the run has a file in it.",
    )
    computed_on = fields.Selection(
        [("replica", "Read replica"), ("primary", "Primary database")],
        readonly=True,
        help="The database server the report's figures were last computed on: Odoo's read "
        "replica when it has one that is up to date, else the primary database.",
    )

    # === SQL CONSTRAINTS === #
    _period_unique = models.Constraint(
        "UNIQUE(definition_id, date_from, date_to)",
        "There is already a report run for this definition and period.",
    )
    _period_order = models.Constraint(
        "CHECK(date_to >= date_from)", "The period cannot end before it starts."
    )

    # === COMPUTE METHODS === #
    @api.depends("definition_id.name", "date_from", "date_to")
    @api.depends_context("lang")
    def _compute_name(self):
        # in the reader's language: the definition's name and the dates as they write them
        for run in self:
            run.name = self.env._(
                "%(report)s %(start)s - %(end)s",
                report=run.definition_id.name or "",
                start=format_date(self.env, run.date_from) if run.date_from else "",
                end=format_date(self.env, run.date_to) if run.date_to else "",
            )

    @api.depends("summary_html", "file_ids.lang", "file_ids.summary_html")
    @api.depends_context("lang")
    def _compute_reader_summary_html(self):
        for run in self:
            run.reader_summary_html = run._file_in(self.env.lang).summary_html or run.summary_html

    @api.depends("mail_ids.state", "mail_ids.failure_type")
    def _compute_delivery_state(self):
        for run in self:
            states = {mail._sales_admin_delivery_state() for mail in run.mail_ids} - {False}
            if not states:
                run.delivery_state = False
            elif "failed" in states:
                run.delivery_state = "failed" if states == {"failed"} else "partial"
            elif "pending" in states:
                run.delivery_state = "pending"
            else:
                run.delivery_state = "sent"

    # === CONSTRAINT AND ONCHANGE METHODS === #
    @api.constrains("date_from", "date_to")
    def _check_period(self):
        today = fields.Date.context_today(self)
        for run in self:
            if run.date_to < run.date_from:
                raise ValidationError(self.env._("The period cannot end before it starts."))
            if run.date_from < EARLIEST_PERIOD_START:
                raise ValidationError(
                    self.env._(
                        "The period starts on %(date)s: reports cover periods from %(year)s on.",
                        date=run.date_from,
                        year=EARLIEST_PERIOD_START.year,
                    )
                )
            if run.date_from > today:
                raise ValidationError(
                    self.env._("A report cannot be made for a period that has not started yet.")
                )

    # === CRUD METHODS === #
    def _copy_refusal(self):
        return self.env._(
            "A report run is made by generating the report for its period, never "
            "duplicated: generate it again for a new version."
        )

    # === ACTION METHODS === #
    def action_regenerate(self):
        """Make the runs again from today's data: a new version; the previous files are kept."""
        self._check_report_maker()
        for run in self:
            maker = run._as_report_maker()
            maker.write({"state": "pending", "attempts": 0, "error": False})
            maker._process()
        return True

    def action_resend(self):
        self._check_report_maker()
        for run in self:
            if run.state != "done":
                raise UserError(self.env._("Only a finished report can be sent again."))
            run._as_report_maker()._send()
        return True

    def action_retry_failed_mails(self):
        """Put the mails the server refused back in the mail queue (e.g. once an address was
        fixed); a mail refused again shows as failed again."""
        self._check_report_maker()
        # sudo: report makers may not read the mail queue; these are their runs' own mails
        mails = self.sudo().mail_ids.filtered(lambda mail: mail.state == "exception")
        if not mails:
            raise UserError(self.env._("No e-mail of this report failed."))
        mails._sales_admin_requeue()
        for run in self:
            # sudo: report makers only read runs; the note says who put the mails back
            run.sudo().message_post(
                body=self.env._(
                    "%(user)s put the failed e-mails of the report back in the mail queue.",
                    user=self.env.user.name,
                ),
                author_id=self.env.user.partner_id.id,
                subtype_xmlid="mail.mt_note",
            )
        return True

    def action_download(self):
        """The file in the reader's language when the run has one, else the main file."""
        self.ensure_one()
        attachment = self._file_in(self.env.lang).attachment_id or self.attachment_id
        if not attachment:
            raise UserError(self.env._("This run has no file yet."))
        return {
            "type": "ir.actions.act_url",
            "url": f"/web/content/{attachment.id}?download=true",
            "target": "self",
        }

    # === BUSINESS METHODS === #
    def _check_report_maker(self):
        """Sales Admins (users and managers) make, regenerate and send the runs of the report
        definitions of their companies; nobody else."""
        self.env.user._check_sales_admin(
            self.env._("Only Sales Admins make, regenerate and send reports.")
        )
        self.check_access("read")
        self.definition_id.check_access("read")
        return True

    def _as_report_maker(self):
        """The run with the rights to make it, confined to its company. A report holds the whole
        company's figures (payments, invoices, complaints...), whoever makes it: call only once
        the caller's right to the run was checked (_check_report_maker)."""
        self.ensure_one()
        company = self.company_id
        # sudo: the caller may make this run (checked); its figures come from every document of
        # the run's company, and of that company only
        return self.sudo().with_company(company).with_context(allowed_company_ids=company.ids)

    @api.model
    def _cron_run_reports(self):
        """Create the runs of every due period, then generate and send pending runs one by one,
        committing after each so that a crash loses at most the run in progress."""
        self._create_due_runs()
        self.env["ir.cron"]._sales_admin_process_in_batches(
            self.browse(self._runs_to_process()),
            lambda run: run._claim_and_process(),
            batch_size=1,
        )

    def _claim_and_process(self):
        """Generate and send this run unless another worker holds it."""
        self.ensure_one()
        if run := self._claim(self.id):
            run._process()
        return True

    @api.model
    def _cron_requeue_mails(self):
        """Put back in the mail queue the report mails that found the mail server down."""
        self.env["ir.cron"]._sales_admin_process_in_batches(
            self._mails_after_outage(), lambda mails: mails._sales_admin_requeue(), batch_size=100
        )
        return True

    @api.model
    def _requeue_mails_now(self):
        """Same as the cron in the current transaction (tests); returns the mails put back."""
        mails = self._mails_after_outage()
        mails._sales_admin_requeue()
        return mails

    @api.model
    def _mails_after_outage(self):
        """The report mails that found the mail server down, to be sent once it answers again;
        mails whose recipient was refused wait for Retry."""
        # sudo: the cron's own look at the mail queue
        return (
            self.env["mail.mail"]
            .sudo()
            .search(
                [
                    ("sales_admin_report_run_id", "!=", False),
                    ("state", "=", "exception"),
                    ("failure_type", "=", "mail_smtp"),
                ]
            )
        )

    @api.model
    def _run_due_reports_now(self):
        """Same as the cron in the current transaction (demo data, tests); returns the runs."""
        self._create_due_runs()
        runs = self.browse(self._runs_to_process())
        for run in runs:
            run._process()
        return runs

    @api.model
    def _create_due_runs(self):
        definitions = self.env["sale.admin.report.definition"].search([("active", "=", True)])
        existing = {
            (definition.id, date_from)
            for definition, date_from in self._read_group(
                [("definition_id", "in", definitions.ids)], ["definition_id", "date_from:day"]
            )
        }
        created = self.browse()
        for definition in definitions:
            for date_from, date_to in definition._due_periods():
                if (definition.id, date_from) in existing:
                    continue
                created |= self._create_unique(definition, date_from, date_to, "scheduled")
        return created

    @api.model
    def _create_unique(self, definition, date_from, date_to, kind):
        """The run of a period, created once even when two workers race for it."""
        try:
            with self.env.cr.savepoint():
                return self.create(
                    {
                        "definition_id": definition.id,
                        "date_from": date_from,
                        "date_to": date_to,
                        "kind": kind,
                    }
                )
        except psycopg2.errors.UniqueViolation:
            return self.browse()

    @api.model
    def _stale_after(self):
        """How long a run may stay "running" before it counts as left behind by a dead worker."""
        # sudo: a system parameter, read by the cron and by managers regenerating runs
        minutes = (
            self.env["ir.config_parameter"]
            .sudo()
            .get_param("sales_admin_reporting.stale_run_minutes", STALE_AFTER_MINUTES)
        )
        try:
            return timedelta(minutes=max(float(minutes), 0))
        except (TypeError, ValueError):
            return timedelta(minutes=STALE_AFTER_MINUTES)

    @api.model
    def _runs_to_process(self):
        stale = fields.Datetime.now() - self._stale_after()
        domain = (
            Domain("state", "=", "pending")
            | (Domain("state", "=", "failed") & Domain("attempts", "<", MAX_ATTEMPTS))
            | (Domain("state", "=", "running") & Domain("date_started", "<", stale))
        )
        return self.search(domain, order="date_from, id").ids

    @api.model
    def _claim(self, run_id):
        """Lock one run for this transaction; None when another worker holds it or did it."""
        self.flush_model()
        rows = self.env.execute_query(
            SQL(
                "SELECT id FROM sale_admin_report_run WHERE id = %s AND state != 'done' "
                "FOR UPDATE SKIP LOCKED",
                run_id,
            )
        )
        if not rows:
            return None
        run = self.browse(run_id)
        run.invalidate_recordset()
        return run

    def _process(self):
        """Generate and deliver one run; a failure marks it failed and keeps the others going."""
        self.ensure_one()
        started = time.monotonic()
        self.write({"state": "running", "date_started": fields.Datetime.now(), "error": False})
        try:
            with self.env.cr.savepoint():
                self._generate()
        except Exception as error:
            _logger.exception("Sales admin report run %s failed", self.id)
            self.write(
                {
                    "state": "failed",
                    "attempts": self.attempts + 1,
                    "error": str(error) or error.__class__.__name__,
                    "duration": time.monotonic() - started,
                }
            )
            return False
        self.duration = time.monotonic() - started
        return True

    def _generate(self):
        """Compute the period's figures once, then make the recommendations and the file of
        every language from them."""
        self.ensure_one()
        definition = self.definition_id
        lang = self._main_lang()
        run = self.with_company(self.company_id).with_context(lang=lang)
        Kpi = run.env["sale.admin.report.kpi"]
        data = run._report_figures()
        if self.kind == "scheduled" and definition.skip_empty and not Kpi._has_activity(data):
            self.write({"state": "skipped", "attempts": self.attempts + 1})
            return
        self.recommendation_ids.unlink()
        self._keep_previous_version()
        self.file_ids.unlink()
        run._make_recommendations(data)
        main = run._make_file(lang, data)
        self.write(
            {
                "attachment_id": main.attachment_id.id,
                "checksum": main.checksum,
                "summary_html": main.summary_html,
                "state": "done",
                "attempts": self.attempts + 1,
                "version": self.version + 1,
            }
        )
        if definition.send_email:
            self._send(data)

    def _report_figures(self):
        """The run's figures (every KPI and table of the report) in the run's environment.

        When Odoo has a read replica (db_replica_host / db_replica_port), they are computed on a
        read-only cursor on it, as the same user, context and company; the records among them
        are then moved back to the run's environment. A replica that cannot be reached, lags
        behind (see `_replica_unfit_reason`) or fails during the computation sends the work back
        to the primary, and the run's chatter says why. `computed_on` records where it ran."""
        self.ensure_one()
        reason = None
        if self._replica_configured():
            try:
                with closing(self.env.registry.cursor(readonly=True)) as cr:
                    reason = self._replica_unfit_reason(cr)
                    if not reason:
                        data = self._compute_report_data(self.env(cr=cr))
                        self.computed_on = "replica"
                        return _bound_to(data, self.env)
            except (psycopg2.OperationalError, psycopg2.InterfaceError) as error:
                # connection lost, or a query cancelled by a conflict with the replay
                reason = self.env._(
                    "The figures were computed on the primary database: the read replica failed "
                    "while computing them (%s).",
                    str(error).strip() or error.__class__.__name__,
                )
            except MissingError:
                # e.g. a company created in this very transaction: only the primary has it yet
                reason = self.env._(
                    "The figures were computed on the primary database: the read replica does not "
                    "hold every record they need yet."
                )
        if reason:
            _logger.warning("Sales admin report run %s: %s", self.id, reason)
            self.message_post(body=reason, subtype_xmlid="mail.mt_note")
        self.computed_on = "primary"
        return self._compute_report_data()

    def _compute_report_data(self, env=None):
        """The run's figures computed through `env` (default: the run's). The run is read here,
        in its own environment: a replica does not hold a run created in this transaction."""
        self.ensure_one()
        env = env or self.env
        return env["sale.admin.report.kpi"]._report_data(
            self.company_id.with_env(env), self.date_from, self.date_to, self.definition_id.tz
        )

    @api.model
    def _replica_configured(self):
        """Odoo was given a read replica. Odoo also opens a read-only pool on the primary itself
        when testing: only db_replica_host / db_replica_port make it a replica. While modules are
        being installed (demo reports), what they create is not committed: no replica then."""
        return bool(
            (config["db_replica_host"] or config["db_replica_port"])
            and self.env.registry._db_readonly is not None
            and self.env.registry.ready
        )

    @api.model
    def _replica_max_lag(self):
        """How far (seconds) the replica may lag behind the primary for a report to run on it."""
        # sudo: a system parameter, read by the cron and by the report makers
        value = (
            self.env["ir.config_parameter"]
            .sudo()
            .get_param("sales_admin_reporting.replica_max_lag_seconds", REPLICA_MAX_LAG_SECONDS)
        )
        try:
            return max(float(value), 0.0)
        except (TypeError, ValueError):
            return float(REPLICA_MAX_LAG_SECONDS)

    def _replica_unfit_reason(self, cr):
        """Why the read-only cursor `cr` must not compute this run's figures (None when it may).

        Odoo gives a cursor on the primary when the replica refuses connections. A standby that
        has replayed the WAL the primary had written when the run asked (`pg_current_wal_flush_lsn`
        on the primary) holds every transaction committed before: it is up to date, and it is
        given up to REPLICA_CATCH_UP_SECONDS to get there. Otherwise its data is as old as its last
        replayed commit, which may be no more than the allowed lag behind now, nor before the end
        of a period that is over. The figures are then read in a snapshot taken after the check
        (the check's transaction is ended), so that they hold all the standby has replayed."""
        self.ensure_one()
        if not cr.readonly:
            return self.env._(
                "The figures were computed on the primary database: the read replica could not "
                "be reached."
            )
        self.env.cr.execute(SQL("SELECT pg_current_wal_flush_lsn()"))
        [primary_lsn] = self.env.cr.fetchone()
        deadline = time.monotonic() + REPLICA_CATCH_UP_SECONDS
        while True:
            cr.execute(
                SQL(
                    """
                    SELECT pg_is_in_recovery(),
                           COALESCE(pg_last_wal_replay_lsn() >= %s::pg_lsn, FALSE),
                           EXTRACT(EPOCH FROM clock_timestamp() - pg_last_xact_replay_timestamp()),
                           pg_last_xact_replay_timestamp() AT TIME ZONE 'UTC',
                           clock_timestamp() AT TIME ZONE 'UTC'
                    """,
                    primary_lsn,
                )
            )
            in_recovery, caught_up, lag, replayed, now = cr.fetchone()
            if not in_recovery or caught_up or time.monotonic() >= deadline:
                break
            time.sleep(REPLICA_CATCH_UP_POLL_SECONDS)
        # a fresh snapshot for the figures: the check's was taken before the standby caught up
        cr.rollback()
        if not in_recovery or caught_up:
            return None
        max_lag = self._replica_max_lag()
        if lag is None:
            return self.env._(
                "The figures were computed on the primary database: the read replica has not "
                "replayed any transaction yet."
            )
        if float(lag) > max_lag:
            return self.env._(
                "The figures were computed on the primary database: the read replica is "
                "%(lag)s seconds behind, more than the %(max)s seconds allowed.",
                lag=f"{float(lag):.1f}",
                max=f"{max_lag:g}",
            )
        end = self._period_end()
        if end <= now and replayed < end:
            return self.env._(
                "The figures were computed on the primary database: the read replica holds the "
                "data up to %(replayed)s (UTC) only, before the end of the period (%(end)s UTC).",
                replayed=replayed.replace(microsecond=0),
                end=end,
            )
        return None

    def _period_end(self):
        """The moment (UTC) the run's period ends: midnight after its last day in the
        definition's time zone."""
        self.ensure_one()
        _start, end = self.env["sale.admin.report.kpi"]._datetime_bounds(
            self.date_from, self.date_to, self.definition_id.tz
        )
        return end

    def _keep_previous_version(self):
        """Before the run is made again, post the files of its current version in its chatter,
        named after that version: a regenerated report never loses the file that was sent."""
        self.ensure_one()
        attachments = self.file_ids.attachment_id | self.attachment_id
        if not attachments:
            return False
        version = self.version or 1
        for attachment in attachments:
            stem, dot, extension = attachment.name.rpartition(".")
            attachment.name = (
                f"{stem}_v{version}{dot}{extension}" if dot else f"{extension}_v{version}"
            )
        self.message_post(
            body=self.env._(
                "Version %(version)s of the report, made on %(date)s, was replaced by a new one; "
                "its files are attached.",
                version=version,
                date=min(attachments.mapped("create_date")),
            ),
            attachment_ids=attachments.ids,
            subtype_xmlid="mail.mt_note",
        )
        return True

    def _main_lang(self):
        """The language of the run's main file: the company's, else English."""
        self.ensure_one()
        return self.company_id.partner_id._sales_admin_lang() or "en_US"

    def _make_file(self, lang, data=None):
        """The run's XLSX file and e-mail summary in `lang`, stored as a file of the run. `data`
        holds the run's figures; only a language asked for after the run was made (a recipient
        added since) has them computed again."""
        self.ensure_one()
        run = self.with_company(self.company_id).with_context(lang=lang)
        if data is None:
            data = run._report_figures()
        recommendations = run.recommendation_ids
        document = run.definition_id.section_ids._sheets(
            data, recommendations, run._previous_recommendations()
        )
        content = run.env["sale.admin.report.xlsx"]._render(document)
        summary = run.env["ir.qweb"]._render(
            "sales_admin_reporting.report_summary_email",
            {
                "data": data,
                "run": run,
                "messages": [rec._message_in(lang) for rec in recommendations],
                "kpis": run.env["sale.admin.report.kpi"]._kpi_catalogue(),
            },
        )
        attachment = self.env["ir.attachment"].create(
            {
                "name": self._file_name(None if lang == self._main_lang() else lang),
                "raw": content,
                "res_model": self._name,
                "res_id": self.id,
                "mimetype": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            }
        )
        return self.env["sale.admin.report.file"].create(
            {
                "run_id": self.id,
                "lang": lang,
                "attachment_id": attachment.id,
                "checksum": hashlib.sha256(content).hexdigest(),
                "summary_html": summary,
            }
        )

    def _file_name(self, lang=None):
        self.ensure_one()
        company = "".join(c if c.isalnum() else "_" for c in self.company_id.name)
        suffix = f"_{lang}" if lang else ""
        return f"sales_admin_report_{company}_{self.date_from}_{self.date_to}{suffix}.xlsx"

    def _make_recommendations(self, data):
        self.ensure_one()
        self._check_previous_recommendations()
        rules = self.env["sale.admin.report.rule"].search(
            [("company_id", "in", (False, self.company_id.id))]
        )
        # the messages are written when read, in the reader's language, from the stored numbers
        recommendations = self.env["sale.admin.report.recommendation"].create(
            [
                {
                    "run_id": self.id,
                    "rule_id": rule.id,
                    "product_id": product_id,
                    "values": values,
                    "activity_user_id": rule.activity_user_id.id,
                }
                for rule in rules
                for product_id, values in rule._findings(data)
            ]
        )
        for recommendation in recommendations.filtered("activity_user_id"):
            # the to-do reads in the language of the person who has to do it
            lang = recommendation.activity_user_id.lang or "en_US"
            activity = self.with_context(lang=lang).activity_schedule(
                "mail.mail_activity_data_todo",
                summary=recommendation.rule_id.with_context(lang=lang).name,
                note=recommendation._message_in(lang),
                user_id=recommendation.activity_user_id.id,
            )
            recommendation.write({"activity_id": activity.id, "activity_state": "open"})
        return recommendations

    def _check_previous_recommendations(self):
        """Record whether the to-dos of earlier runs' recommendations were done."""
        previous = self.env["sale.admin.report.recommendation"].search(
            [
                ("run_id.definition_id", "=", self.definition_id.id),
                ("run_id", "!=", self.id),
                ("activity_state", "=", "open"),
            ]
        )
        for recommendation in previous:
            activity = recommendation.activity_id.with_context(active_test=False)
            if not activity.exists() or not activity.active:
                recommendation.activity_state = "done"

    def _previous_recommendations(self):
        self.ensure_one()
        return self.env["sale.admin.report.recommendation"].search(
            [
                ("run_id.definition_id", "=", self.definition_id.id),
                ("run_id.date_to", "<", self.date_from),
                ("activity_state", "!=", "none"),
            ],
            limit=50,
        )

    def _allowed_recipients(self):
        """Partners who may receive this run, and what stopped the others."""
        self.ensure_one()
        definition = self.definition_id
        problems = []
        partners = self.env["res.partner"]
        for user in definition.recipient_user_ids:
            if self.company_id not in user.company_ids:
                problems.append(self.env._("%s has no access to this company.", user.name))
            elif not user.has_group("sales_team.group_sale_salesman_all_leads"):
                problems.append(
                    self.env._("%s may not read all sales documents: not sent.", user.name)
                )
            elif not user.email:
                problems.append(self.env._("%s has no e-mail address.", user.name))
            else:
                partners |= user.partner_id
        for partner in definition.recipient_partner_ids:
            if partner.email:
                partners |= partner
            else:
                problems.append(self.env._("%s has no e-mail address.", partner.display_name))
        return partners, problems

    def _file_in(self, lang):
        """The run's file in `lang`, if it has one."""
        self.ensure_one()
        return self.file_ids.filtered(lambda file: file.lang == lang)[:1]

    def _send(self, data=None):
        """Mail the report to each recipient on their own, in their language with the file of
        that language (made from the run's figures `data` when the language has none yet)."""
        self.ensure_one()
        partners, problems = self._allowed_recipients()
        if not partners:
            problems.append(
                self.env._("The report has no recipient with an e-mail address: nothing was sent.")
            )
        self.problems = "\n".join(problems) or False
        if not partners:
            return False
        # a failed mail of an earlier sending is replaced by the new one to the same recipient
        # sudo: the run's own mails, in the queue that only the system may read
        self.sudo().mail_ids.filtered(
            lambda mail: mail.state == "exception" and mail.recipient_ids & partners
        ).cancel()
        files = {file.lang: file for file in self.file_ids}
        for partner in partners.sorted("id"):
            lang = partner._sales_admin_lang() or "en_US"
            if lang not in files:
                files[lang] = self._make_file(lang, data)
            self.with_context(lang=lang)._mail(partner, files[lang])
        self.recipient_partner_ids = [fields.Command.link(p.id) for p in partners]
        return True

    def _mail(self, partner, file):
        """Queue the report's mail to one recipient, in the current language."""
        self.ensure_one()
        # sudo: the cron user queues the mail; recipients were checked in _allowed_recipients
        return (
            self.env["mail.mail"]
            .sudo()
            .create(
                {
                    "subject": self.env._(
                        "%(report)s: %(start)s to %(end)s",
                        report=self.definition_id.name,
                        start=format_date(self.env, self.date_from),
                        end=format_date(self.env, self.date_to),
                    ),
                    "body_html": file.summary_html,
                    "email_from": self.company_id.email_formatted or self.env.user.email_formatted,
                    "recipient_ids": [fields.Command.set(partner.ids)],
                    "attachment_ids": [fields.Command.link(file.attachment_id.id)],
                    "model": self._name,
                    "res_id": self.id,
                    "sales_admin_report_run_id": self.id,
                    "auto_delete": False,
                }
            )
        )
