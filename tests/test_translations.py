"""Latvian and English: every term of our addons is translated into Latvian, the .pot files match
the code, what a Latvian customer or report recipient receives holds no English string of ours,
and a customer whose language is not installed gets English without errors."""

import functools
import html
import io
import re
from datetime import timedelta
from pathlib import Path

import openpyxl
from babel.messages.pofile import read_po

from odoo import Command, fields
from odoo.tests import HttpCase, TransactionCase, tagged
from odoo.tools.translate import TranslationModuleReader

import odoo.addons

ADDONS_DIR = Path(__file__).resolve().parents[1] / "addons"
OUR_ADDONS = (
    "sales_admin_base",
    "sales_admin_proposals",
    "sales_admin_proposals_crm",
    "sales_admin_reporting",
    "sales_admin_stock",
    "sales_admin_reporting_proposals",
)
LETTERS = re.compile(r"[^\W\d_]+")
# snake_case words of the visible text, to compare with our field names
SNAKE_WORDS = re.compile(r"(?<![\w.:/-])([a-z][a-z0-9]*(?:_[a-z0-9]+)+)(?![\w.:/-])")


def _catalog(path):
    with open(path, "rb") as file:
        return read_po(file)


@functools.cache
def _pot_msgids(addon):
    return frozenset(m.id for m in _catalog(ADDONS_DIR / addon / "i18n" / f"{addon}.pot") if m.id)


@functools.cache
def _lv_translations(addon):
    path = ADDONS_DIR / addon / "i18n" / "lv.po"
    if not path.exists():
        return {}
    return {m.id: m.string for m in _catalog(path) if m.id}


@functools.cache
def _core_msgids(modules):
    """Terms of Odoo's own modules: a page shows them too, so they cannot tell ours apart."""
    msgids = set()
    for module in modules:
        for root in odoo.addons.__path__:
            pot = Path(root) / module / "i18n" / f"{module}.pot"
            if pot.exists():
                text = pot.read_text(encoding="utf-8")
                msgids.update(
                    m.replace('\\"', '"') for m in re.findall(r'^msgid "(.+)"$', text, re.M)
                )
                break
    return frozenset(msgids)


# what a term's text is cut at: placeholders and markup, which are not words of ours
CUTS = re.compile(r"%\(\w+\)s|%[sd%]|\{\{.*?\}\}|\{\w+\}|<[^>]*>|\(|\)", re.S)


def _fragments(term):
    """The runs of plain text of a term, whitespace collapsed."""
    return {" ".join(part.split()) for part in CUTS.split(html.unescape(term))} - {""}


def _plain_msgids(env):
    """Our terms, and the text runs of our templates and messages, that are ordinary words or
    phrases (two words or more, or a word of six letters or more) and read differently in
    Latvian: none may reach a Latvian reader."""
    core_modules = tuple(
        sorted(
            env["ir.module.module"]
            .search([("state", "=", "installed"), ("name", "not in", OUR_ADDONS)])
            .mapped("name")
        )
    )
    core = _core_msgids(core_modules)
    plain = set()
    for addon in OUR_ADDONS:
        lv = _lv_translations(addon)
        for msgid in _pot_msgids(addon):
            translated = " ".join(html.unescape(lv.get(msgid) or "").split())
            for fragment in _fragments(msgid):
                words = LETTERS.findall(fragment)
                if len(words) < 2 and not (words and len(words[0]) >= 6):
                    continue
                if fragment in core or fragment in translated:
                    continue  # Odoo's own term, or the same in both languages (a name, a code)
                plain.add(fragment)
    return plain


def _visible_text(markup):
    markup = re.sub(r"(?is)<(script|style|head)\b.*?</\1>", " ", str(markup))
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", markup)).split())


def _english_left(text, msgids):
    return sorted(m for m in msgids if re.search(rf"(?<!\w){re.escape(m)}(?!\w)", text))


def _load_latvian(env):
    env["res.lang"]._activate_lang("lv_LV")
    env["ir.module.module"]._load_module_terms(list(OUR_ADDONS), ["lv_LV"], overwrite=True)


@tagged("post_install", "-at_install")
class TestTranslationFiles(TransactionCase):
    def test_every_term_of_every_addon_has_a_latvian_translation(self):
        for addon in OUR_ADDONS:
            with self.subTest(addon=addon):
                path = ADDONS_DIR / addon / "i18n" / "lv.po"
                self.assertTrue(path.exists(), f"{path} is missing")
                lv = _lv_translations(addon)
                missing = sorted(m for m in _pot_msgids(addon) if not lv.get(m))
                self.assertFalse(
                    missing, f"{addon}/i18n/lv.po lacks {len(missing)} translations: {missing[:20]}"
                )

    def test_latvian_files_have_the_latvian_header(self):
        for addon in OUR_ADDONS:
            path = ADDONS_DIR / addon / "i18n" / "lv.po"
            if not path.exists():
                continue  # reported by the completeness test
            with self.subTest(addon=addon):
                catalog = _catalog(path)
                self.assertEqual(str(catalog.locale), "lv")
                self.assertEqual(catalog.num_plurals, 3)

    def test_latvian_files_load_into_odoo_without_warnings(self):
        self.env["res.lang"]._activate_lang("lv_LV")
        with self.assertNoLogs("odoo", level="WARNING"):
            self.env["ir.module.module"]._load_module_terms(
                list(OUR_ADDONS), ["lv_LV"], overwrite=True
            )
        action = self.env.ref("sales_admin_proposals.sale_contract_action")
        self.assertEqual(action.with_context(lang="lv_LV").name, "Līgumi")
        self.assertEqual(action.with_context(lang="en_US").name, "Contracts")

    def test_pot_files_list_exactly_the_terms_of_the_code(self):
        for addon in OUR_ADDONS:
            with self.subTest(addon=addon):
                reader = TranslationModuleReader(self.env.cr, modules=[addon])
                exported = {row[4] for row in reader if row[0] == addon and row[4]}
                committed = _pot_msgids(addon)
                missing, stale = sorted(exported - committed), sorted(committed - exported)
                self.assertFalse(
                    missing or stale,
                    f"{addon}/i18n/{addon}.pot is not current (run setup/i18n.sh): "
                    f"missing {missing[:20]}, stale {stale[:20]}",
                )


@tagged("post_install", "-at_install")
class TestLatvianOutput(TransactionCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        _load_latvian(cls.env)
        cls.plain = _plain_msgids(cls.env)
        cls.latvian = cls.env["res.partner"].create(
            {"name": "Ilze Bērziņa", "email": "ilze@berzini.example.com", "lang": "lv_LV"}
        )

    def _acknowledgement(self, partner):
        complaint = self.env["sale.complaint"].create(
            {"subject": "Saplīsis galds", "partner_id": partner.id}
        )
        complaint._send_acknowledgement()
        message = complaint.message_ids.filtered(lambda m: m.message_type == "auto_comment")
        self.assertEqual(len(message), 1, "one acknowledgement is posted")
        return f"{message.subject or ''}\n{_visible_text(message.body)}"

    def test_complaint_acknowledgement_to_a_latvian_customer_is_all_latvian(self):
        self.assertGreater(len(self.plain), 100, "the check must cover our terms")
        text = self._acknowledgement(self.latvian)
        self.assertFalse(_english_left(text, self.plain), text)

    def test_report_in_latvian_has_latvian_sheets_and_headers(self):
        company = self.env.company
        date_to = fields.Date.today().replace(day=1) - timedelta(days=1)
        date_from = date_to.replace(day=1)
        data = self.env["sale.admin.report.kpi"]._report_data(company, date_from, date_to, "UTC")
        sections = self.env["sale.admin.report.section"].with_context(lang="lv_LV").search([])
        content = self.env["sale.admin.report.xlsx"]._render(sections._sheets(data))
        workbook = openpyxl.load_workbook(io.BytesIO(content))
        texts = list(workbook.sheetnames)
        for sheet in workbook.worksheets:
            texts += [
                cell.value
                for row in sheet.iter_rows()
                for cell in row
                if isinstance(cell.value, str) and cell.font and cell.font.b
            ]
        self.assertGreater(len(texts), len(workbook.sheetnames), "headers were read")
        text = "\n".join(texts)
        self.assertFalse(_english_left(text, self.plain), texts)

    def test_a_language_not_installed_gets_the_english_acknowledgement(self):
        self.assertFalse(self.env["res.lang"]._lang_get("fr_FR"), "French must not be installed")
        french = self.env["res.partner"].create(
            {"name": "Jeanne Martin", "email": "jeanne@example.com", "lang": "fr_FR"}
        )
        text = self._acknowledgement(french)
        self.assertIn("Thank you for telling us", text)
        self.assertIn("We received your complaint", text)


@tagged("post_install", "-at_install")
class TestLatvianPortal(HttpCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        _load_latvian(cls.env)
        cls.plain = _plain_msgids(cls.env)
        cls.env["sale.proposal.approval.rule"].search([]).active = False
        cls.env["sale.proposal.bid.criterion"].search([]).active = False
        cls.product = cls.env["product.product"].create(
            {"name": "Regulējams galds", "list_price": 400.0, "type": "consu"}
        )
        proposal_models = [
            name for name in cls.env.registry if name.startswith(("sale.proposal", "sale.contract"))
        ]
        cls.field_names = {
            field for model in proposal_models for field in cls.env[model]._fields if "_" in field
        }

    def _sent_proposal(self, lang):
        customer = self.env["res.partner"].create(
            {"name": "Rīgas Biroji SIA", "is_company": True, "email": "birojs@example.com"}
        )
        staff_lang = lang if self.env["res.lang"]._lang_get(lang) else "en_US"
        contact = self.env["res.partner"].create(
            {
                "name": "Ilze Bērziņa",
                "parent_id": customer.id,
                "lang": staff_lang,
                "email": "i@ex.lv",
            }
        )
        order = self.env["sale.order"].create(
            {
                "partner_id": customer.id,
                "require_payment": False,
                "order_line": [Command.create({"product_id": self.product.id})],
            }
        )
        # drafted by a sales admin working in the customer's language, when it is installed
        proposal = (
            self.env["sale.proposal"]
            .with_context(lang=staff_lang)
            .create(
                {
                    "title": "Biroja mēbeles",
                    "partner_id": customer.id,
                    "contact_id": contact.id,
                    "order_id": order.id,
                    "validity_date": fields.Date.add(fields.Date.today(), days=30),
                }
            )
        )
        proposal.action_send()
        self.assertEqual(proposal.state, "sent")
        # a language that is not installed: Odoo refuses it in its forms and when languages are
        # deactivated, an import through RPC may still write it
        contact.lang = lang
        return proposal

    def _page(self, proposal):
        response = self.url_open(proposal.get_portal_url())
        self.assertEqual(response.status_code, 200)
        self.assertIn("Biroja mēbeles", response.text)
        return response.text

    def _technical_names(self, page):
        text = _visible_text(page)
        return sorted(
            {w for w in SNAKE_WORDS.findall(text) if w in self.field_names or w.startswith("x_")}
        )

    def test_proposal_page_for_a_latvian_customer_is_all_latvian(self):
        page = self._page(self._sent_proposal("lv_LV"))
        self.assertIn("Pieņemt un parakstīt", page)
        self.assertFalse(_english_left(_visible_text(page), self.plain))
        self.assertFalse(self._technical_names(page))

    def test_proposal_page_for_a_language_not_installed_is_english(self):
        self.assertFalse(self.env["res.lang"]._lang_get("fr_FR"), "French must not be installed")
        page = self._page(self._sent_proposal("fr_FR"))
        self.assertIn("Accept &amp; Sign", page)
        self.assertFalse(self._technical_names(page))
