"""Our e-mails leave through a real SMTP server and the customer's answer comes back.

aiosmtpd listens on 127.0.0.1; the test database's outgoing mail server points at it; mails go
through Odoo's own mail queue, `mail.mail.process_email_queue()`, what the "Mail: Email Queue
Manager" cron runs. While a test runs Odoo never opens an SMTP connection
(`ir.mail_server._disable_send()` is true): the queue runs here with it false, nothing else is
patched. Customers' messages are RFC 822 messages built with `email.message` and read back by
Odoo's mail gateway (`mail.thread.message_process`), routed by their addresses as in production.
"""

import io
import logging
import socket
from dataclasses import dataclass
from email import policy
from email.message import EmailMessage
from email.parser import BytesParser
from email.utils import formataddr, formatdate, make_msgid
from unittest.mock import patch

import openpyxl
from aiosmtpd.controller import Controller

from odoo import Command
from odoo.tests import TransactionCase, tagged

from odoo.addons.sales_admin_reporting.tests.common import ReportingCommon

ALIAS_DOMAIN = "roundtrip.example.com"


@dataclass
class Delivery:
    sender: str
    recipients: list
    message: EmailMessage


class SmtpServer:
    """A real SMTP server on loopback that keeps what it receives, refuses the addresses in
    `refused` with a 550, and can be stopped and started again on the same port."""

    def __init__(self):
        with socket.socket() as probe:
            probe.bind(("127.0.0.1", 0))
            self.port = probe.getsockname()[1]
        self.deliveries = []
        self.refused = set()
        self._controller = None

    # aiosmtpd handler hooks
    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        if address.lower() in self.refused:
            return f"550 5.1.1 <{address}>: Recipient address rejected: User unknown"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):
        message = BytesParser(policy=policy.default).parsebytes(envelope.content)
        self.deliveries.append(Delivery(envelope.mail_from, list(envelope.rcpt_tos), message))
        return "250 Message accepted for delivery"

    def start(self):
        logging.getLogger("mail.log").setLevel(logging.WARNING)  # aiosmtpd's per-command log
        self._controller = Controller(self, hostname="127.0.0.1", port=self.port)
        self._controller.start()

    def stop(self):
        if self._controller:
            self._controller.stop()
            self._controller = None

    def received_by(self, address):
        return [delivery.message for delivery in self.deliveries if address in delivery.recipients]


class RealSmtpCase(TransactionCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.smtp = SmtpServer()
        cls.smtp.start()
        cls.addClassCleanup(cls.smtp.stop)
        cls.env["ir.mail_server"].search([]).active = False
        cls.env["ir.mail_server"].create(
            {
                "name": "Loopback SMTP",
                "smtp_host": "127.0.0.1",
                "smtp_port": cls.smtp.port,
                "smtp_encryption": "none",
            }
        )

    def setUp(self):
        super().setUp()
        self.smtp.deliveries.clear()
        self.smtp.refused.clear()

    def _run_mail_queue(self):
        """One pass of the mail queue cron, with a real SMTP connection."""
        IrMailServer = type(self.env["ir.mail_server"])
        with patch.object(IrMailServer, "_disable_send", return_value=False):
            self.env["mail.mail"].process_email_queue()


@tagged("post_install", "-at_install")
class TestComplaintMailRoundTrip(RealSmtpCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        # what Settings > Discuss > Alias domain sets up
        cls.alias_domain = cls.env["mail.alias.domain"].create({"name": ALIAS_DOMAIN})
        cls.env.company.alias_domain_id = cls.alias_domain
        cls.alias = cls.env["mail.alias"].search(
            [("alias_model_id.model", "=", "sale.complaint"), ("alias_name", "!=", False)], limit=1
        )
        cls.alias.alias_domain_id = cls.alias_domain
        cls.customer = cls.env["res.partner"].create(
            {"name": "Ilze Buyer", "email": "ilze@buyer.example.com"}
        )

    def _from_customer(self, to, subject, text, headers=()):
        message = EmailMessage()
        message["From"] = formataddr((self.customer.name, self.customer.email))
        message["To"] = to
        message["Subject"] = subject
        message["Date"] = formatdate()
        message["Message-ID"] = make_msgid(domain="buyer.example.com")
        for name, value in headers:
            message[name] = value
        message.set_content(text)
        return message

    def _complaint_by_mail(self):
        first = self._from_customer(
            self.alias.alias_full_name, "Chairs broken on arrival", "Two chairs arrived broken."
        )
        return self.env["sale.complaint"].browse(
            self.env["mail.thread"].message_process(False, first.as_bytes())
        )

    def test_the_acknowledgement_reaches_the_customer_and_the_reply_threads_onto_the_complaint(
        self,
    ):
        complaint = self._complaint_by_mail()
        self.assertEqual(complaint.partner_id, self.customer)
        self.assertFalse(self.smtp.deliveries, "mail leaves through the queue, not before")

        self._run_mail_queue()
        [ack] = self.smtp.received_by(self.customer.email)
        [envelope] = [d for d in self.smtp.deliveries if self.customer.email in d.recipients]
        self.assertEqual(envelope.sender, self.alias_domain.bounce_email, "bounces come back")
        self.assertIn(complaint.name, ack["Subject"])
        self.assertIn(complaint.name, ack.get_body(("plain",)).get_content())
        self.assertEqual(ack["To"].addresses[0].addr_spec, self.customer.email)
        self.assertEqual(ack["Reply-To"].addresses[0].addr_spec, self.alias_domain.catchall_email)
        acknowledgement = complaint.message_ids.filtered(lambda m: m.message_type == "auto_comment")
        self.assertEqual(acknowledgement.message_id, ack["Message-Id"])
        self.assertEqual(acknowledgement.notification_ids.mapped("notification_status"), ["sent"])

        reply = self._from_customer(
            str(ack["Reply-To"]),
            f"Re: {ack['Subject']}",
            "Here are the photos you asked for.",
            headers=[
                ("In-Reply-To", ack["Message-Id"]),
                ("References", " ".join(filter(None, [ack["References"], ack["Message-Id"]]))),
            ],
        )
        reply.add_attachment(
            b"\xff\xd8\xff photo", maintype="image", subtype="jpeg", filename="chair.jpg"
        )
        complaints_before = self.env["sale.complaint"].search_count([])
        thread_id = self.env["mail.thread"].message_process(False, reply.as_bytes())

        self.assertEqual(thread_id, complaint.id)
        self.assertEqual(self.env["sale.complaint"].search_count([]), complaints_before)
        answer = complaint.message_ids[0]
        self.assertEqual(answer.message_id, reply["Message-ID"])
        self.assertEqual(answer.author_id, self.customer)
        self.assertIn("photos you asked for", str(answer.body))
        self.assertEqual(answer.attachment_ids.mapped("name"), ["chair.jpg"])

    # The mail gateway runs as the sender's user, and Odoo does not notify a message's author:
    # the acknowledgement is posted in our name.
    def test_a_customer_with_a_portal_user_gets_the_acknowledgement_too(self):
        self.env["res.users"].create(
            {
                "login": "ilze.buyer",
                "partner_id": self.customer.id,
                "group_ids": [Command.set(self.env.ref("base.group_portal").ids)],
            }
        )
        complaint = self._complaint_by_mail()
        self._run_mail_queue()
        self.assertEqual(complaint.partner_id, self.customer)
        received = self.smtp.received_by(self.customer.email)
        self.assertEqual(
            [ack["Subject"] for ack in received], [f"We received your complaint {complaint.name}"]
        )


@tagged("post_install", "-at_install")
class TestReportMailRoundTrip(RealSmtpCase, ReportingCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._order(cls.customer_a, 3, "2026-01-12 10:00:00")
        cls._order(cls.customer_b, 5, "2026-01-20 10:00:00")
        cls.outsider = cls.env["res.partner"].create(
            {"name": "Head office", "email": "head@office.example.com"}
        )

    def _mails(self, run):
        return self.env["mail.mail"].search([("model", "=", run._name), ("res_id", "=", run.id)])

    def test_the_scheduled_report_arrives_with_its_xlsx_holding_the_run_figures(self):
        run = self._process_run()
        self._run_mail_queue()

        [received] = self.smtp.received_by(self.manager.email)
        self.assertIn(self.definition.name, received["Subject"])
        self.assertIn("Revenue", received.get_body(("html",)).get_content())
        [xlsx] = [
            part for part in received.iter_attachments() if part.get_filename() == run.file_name
        ]
        self.assertEqual(
            xlsx.get_content_type(),
            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        )
        content = xlsx.get_content()
        self.assertEqual(content, run.attachment_id.raw)
        sheet = openpyxl.load_workbook(io.BytesIO(content), data_only=True)["Summary"]
        summary = {row[0]: row[1] for row in sheet.iter_rows(min_row=4, values_only=True) if row[0]}
        self.assertEqual(summary["Revenue (confirmed orders, untaxed)"], 800.0)
        self.assertEqual(summary["Confirmed orders"], 2)
        self.assertEqual(self._mails(run).state, "sent")

    def test_a_refused_recipient_leaves_the_mail_failed_on_the_run_until_retried(self):
        self.definition.recipient_partner_ids = [Command.set(self.outsider.ids)]
        self.smtp.refused.add(self.outsider.email)
        run = self._process_run()
        self._run_mail_queue()

        to_outsider = run.mail_ids.filtered(lambda mail: mail.recipient_ids == self.outsider)
        to_manager = run.mail_ids - to_outsider
        self.assertEqual(to_manager.state, "sent", "each recipient has a mail of their own")
        self.assertEqual(len(self.smtp.received_by(self.manager.email)), 1)
        self.assertEqual(to_outsider.state, "exception")
        self.assertIn("550", to_outsider.failure_reason)
        self.assertIn(self.outsider.email, to_outsider.failure_reason)
        self.assertIn(to_outsider.mail_message_id, run.message_ids, "the failed mail is on the run")
        self.assertEqual(run.delivery_state, "partial")
        self.assertIn(
            run, run.search([("delivery_state", "in", ("partial", "failed"))]), "and in the list"
        )

        # a refused address is not the server being down: the scheduled actions leave it
        run._requeue_mails_now()
        self._run_mail_queue()
        self.assertEqual(to_outsider.state, "exception")

        self.assertIs(run.with_user(self.manager).action_retry_failed_mails(), True)
        self._run_mail_queue()
        self.assertEqual(to_outsider.state, "exception", "refused again, failed again, visibly")
        self.assertEqual(run.delivery_state, "partial")

        self.outsider.email = "head@new-office.example.com"  # the address was fixed
        run.with_user(self.manager).action_retry_failed_mails()
        self._run_mail_queue()
        self.assertEqual(to_outsider.state, "sent")
        self.assertTrue(self.smtp.received_by("head@new-office.example.com"))
        self.assertEqual(
            len(self.smtp.received_by(self.manager.email)), 1, "a sent mail is not sent again"
        )
        self.assertEqual(run.delivery_state, "sent")

    def test_a_mail_server_down_at_send_time_delays_the_mail_which_goes_once_it_is_back(self):
        run = self._process_run()
        mail = run.mail_ids
        self.smtp.stop()
        try:
            self._run_mail_queue()
            self.assertEqual(mail.state, "exception")
            self.assertEqual(mail.failure_type, "mail_smtp")
            self.assertIn("Connection refused", mail.failure_reason)
            self.assertEqual(run.delivery_state, "pending", "delayed, not failed")
            # the scheduled actions while the server is still down: tried again, delayed again
            run._requeue_mails_now()
            self.assertEqual(mail.state, "outgoing")
            self._run_mail_queue()
            self.assertEqual(mail.state, "exception")
            self.assertFalse(self.smtp.deliveries)
        finally:
            self.smtp.start()

        # the server is back: the scheduled actions send it, nobody presses Retry
        run._requeue_mails_now()
        self._run_mail_queue()
        self.assertEqual(mail.state, "sent")
        [received] = self.smtp.received_by(self.manager.email)
        self.assertEqual(received["Message-Id"], mail.message_id)
        self.assertEqual(run.delivery_state, "sent")
