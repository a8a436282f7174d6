"""Every model our addons add, every role, every operation: the outcome stated in
tests/security_matrix.py, which README.md's Security section shows."""

import ast
import re
from pathlib import Path

from dateutil.relativedelta import relativedelta
from lxml import etree

from odoo import Command, fields
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.models import BaseModel
from odoo.tests import TransactionCase, tagged
from odoo.tools import safe_eval as safe
from odoo.tools.safe_eval import safe_eval

from .security_matrix import MATRIX, ROLES, SHARED, WIZARDS, render_markdown
from .security_world import OUR_MODULES, build_world, our_models

README = Path(__file__).resolve().parent.parent / "README.md"
OPERATIONS = ("read", "write", "create", "unlink")


def test_readme_shows_the_security_matrix():
    text = README.read_text()
    found = re.search(
        r"<!-- security-matrix:start -->\n(.*?)<!-- security-matrix:end -->", text, re.DOTALL
    )
    assert found, "README.md's Security section lacks the security-matrix markers"
    assert found.group(1).strip() == render_markdown().strip(), (
        "README.md's security matrix is out of date: paste `python tests/security_matrix.py`"
    )


@tagged("post_install", "-at_install")
class TestSecurityMatrix(TransactionCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.world = build_world(cls.env)

    def _rights(self, record, user):
        """The operations `user` may perform on `record`, as the matrix writes them."""
        letters = ""
        for operation, letter in zip(OPERATIONS, "rwcu", strict=True):
            try:
                record.with_user(user).check_access(operation)
                letters += letter
            except AccessError:
                letters += "-"
        return letters

    def test_the_matrix_lists_every_model_and_wizard(self):
        self.assertEqual(
            set(MATRIX),
            our_models(self.env),
            "a model of our addons is missing from tests/security_matrix.py (or one is gone)",
        )
        self.assertEqual(set(WIZARDS), our_models(self.env, transient=True))
        self.assertEqual(set(self.world.records), set(MATRIX), "each model needs a fixture")

    def test_shared_models_are_the_ones_without_company(self):
        for model in MATRIX:
            fields = self.env[model]._fields
            has_company = "company_id" in fields and fields["company_id"].store
            parent_company = model == "sale.proposal.template.section"  # through its template
            self.assertEqual(
                model in SHARED, not has_company and not parent_company, f"{model}: shared?"
            )

    def test_each_role_has_exactly_the_stated_rights(self):
        for model, cells in MATRIX.items():
            record = self.world.records[model]
            self.assertEqual(len(record), 1, model)
            for role, expected in zip(ROLES, cells, strict=True):
                with self.subTest(model=model, role=role):
                    user = self.world.roles[role]
                    self.assertEqual(self._rights(record, user), expected)
                    Model = self.env[model].with_user(user).with_context(active_test=False)
                    visible = Model.has_access("read") and Model.search_count(
                        [("id", "=", record.id)]
                    )
                    self.assertEqual(visible, int(expected[0] == "r"), "search disagrees")

    def test_a_refused_read_is_refused_through_the_orm_too(self):
        """check_access is what the ORM asks; reading a field must fail the same way."""
        for model, cells in MATRIX.items():
            record = self.world.records[model]
            for role, expected in zip(ROLES, cells, strict=True):
                if expected[0] == "r":
                    continue
                with self.subTest(model=model, role=role):
                    rec = record.with_user(self.world.roles[role])
                    with self.assertRaises(AccessError):
                        rec.read([rec._rec_name or "id"])

    def _records_and_odoo_ones(self):
        """{model: record} of the world's fixtures, with the confirmed order and the customer
        of Odoo's models our addons add to."""
        self.world.order.action_confirm()
        return {
            **self.world.records,
            "sale.order": self.world.order,
            "res.partner": self.world.customer_a,
        }

    def test_a_role_reads_every_field_it_is_shown_of_a_record_it_may_read(self):
        """What `fields_get` lists to a role (the form, an export, an API client) reads without
        an access error on every record the role may read: a figure that counts records the role
        may not read is kept from it with `groups`. On Odoo's models, the fields our addons add."""
        records = self._records_and_odoo_ones()
        records["account.move"] = self.world.order._create_invoices()
        problems = []
        for model, record in sorted(records.items()):
            for role, user in sorted(self.world.roles.items()):
                mine = record.with_user(user)
                if not mine.has_access("read"):
                    continue
                names = [
                    name
                    for name in mine.fields_get(attributes=["type"])
                    if model in MATRIX or mine._fields[name]._module in OUR_MODULES
                ]
                for name in names:
                    mine.invalidate_recordset()
                    try:
                        mine.read([name])
                    except AccessError as error:
                        problems.append(f"{role} reads {model}.{name}: {error.args[0][:120]}")
        self.assertFalse(problems, "\n".join(problems))

    def test_a_role_opens_a_new_form_of_whatever_it_may_create(self):
        """The New button and every dialog: the web client asks `onchange` for a new record's
        defaults with the fields of the form; it answers every role that may create the model
        (a company without any report definition yet included: company 2's sales admin)."""
        problems = []
        for model in sorted(our_models(self.env) | our_models(self.env, transient=True)):
            for role, user in sorted(self.world.roles.items()):
                Model = self.env[model].with_user(user)
                if not Model.has_access("create"):
                    continue
                try:
                    self._new_record(Model)
                except Exception as error:  # every failure is listed, then the test fails
                    problems.append(f"{role} opens a new {model}: {error!r}"[:300])
        self.assertFalse(problems, "\n".join(problems))

    def test_a_role_changes_any_field_of_a_form_it_may_fill(self):
        """Each field a role may edit on a form, changed as the web client asks it (`onchange`
        with the form's fields): on a record the role may write, and on a new record the role
        may create, filled with the values of the fixture. Every onchange and computed field
        it triggers answers, or refuses in the user's words (a UserError); none fails with an
        access error. On our models, and on the fields we add to orders and contacts."""
        records = self._records_and_odoo_ones()
        problems, tried = [], 0
        for model, record in sorted(records.items()):
            for role, user in sorted(self.world.roles.items()):
                mine = record.with_user(user)
                if user.share or not mine.has_access("read"):
                    continue
                fields = mine.get_views([(False, "form")])["models"][model]["fields"]
                spec = {name: {} for name in fields if mine._fields[name].type != "one2many"}
                editable = [
                    name
                    for name, field in mine.fields_get(list(spec), ["readonly"]).items()
                    if not field["readonly"]
                    and (model in MATRIX or mine._fields[name]._module in OUR_MODULES)
                ]
                values = mine.web_read(spec)[0]
                del values["id"]
                starts = []
                if mine.has_access("write"):
                    starts.append(("changes", mine, values))
                if mine.browse().has_access("create"):
                    try:
                        new = self._new_record(mine.browse())["value"]
                    except Exception as error:  # every failure is listed, then the test fails
                        problems.append(f"{role} opens a new {model}: {error!r}"[:300])
                        continue
                    new = {name: value for name, value in new.items() if name in spec}
                    starts.append(("fills a new", mine.browse(), new))
                for doing, target, start in starts:
                    for name in editable:
                        value = values.get(name)
                        if mine._fields[name].type == "many2many":
                            value = [Command.set(value or [])]
                        try:
                            with self.env.cr.savepoint():
                                target.onchange({**start, name: value}, [name], spec)
                            tried += 1
                        except UserError:
                            tried += 1
                        except Exception as error:  # every failure is listed, then the test fails
                            problems.append(f"{role} {doing} {model}'s {name}: {error!r}"[:300])
        self.assertFalse(problems, "\n".join(problems))
        self.assertGreater(tried, 500)

    def test_a_button_a_role_is_shown_does_not_refuse_it(self):
        """A button of a form that a role sees on a record (its `groups` and its `invisible`
        let it show) is not one that answers "you may not": it works, or refuses in the
        document's own terms (a UserError about its state or content), never an AccessError;
        the dialog it opens (to hold an order, take a payment, escalate, remedy...) opens."""
        records = self._records_and_odoo_ones()
        problems, refusals, tried = [], [], set()
        # the records as built, then in the states where the deciding buttons show (written as
        # the superuser, as the workflow would)
        for moment in ({}, {"sale.proposal": "to_approve", "sale.contract": "signed"}):
            for model, state in moment.items():
                records[model].sudo().state = state
            for model, record in sorted(records.items()):
                for role, user in sorted(self.world.roles.items()):
                    mine = record.with_user(user)
                    if user.share or not mine.has_access("read"):
                        continue
                    arch = mine.get_views([(False, "form")])["views"]["form"]["arch"]
                    for name in self._shown_buttons(arch, mine):
                        tried.add(f"{model}.{name}")
                        try:
                            with self.env.cr.savepoint() as savepoint:
                                self._open_dialog(getattr(mine, name)(), user)
                                self.env.flush_all()
                                savepoint.close(rollback=True)
                        except AccessError as error:
                            problems.append(
                                f"{role} clicks {name} on {model}: {error.args[0][:100]}"
                            )
                        except (UserError, ValidationError) as error:
                            refusals.append(error)  # in the document's own terms: it works
                        self.env.invalidate_all()
        self.assertLessEqual(
            {"sale.proposal.action_approve", "sale.contract.action_terminate"}, tried
        )
        self.assertFalse(problems, "\n".join(problems))
        self.assertGreater(len(refusals), 0, "some buttons are tried in a state they refuse")

    def _open_dialog(self, action, user):
        """When `action` opens a dialog for a new record, ask its defaults as the web client
        does (`onchange` with the fields of its form, in the action's context)."""
        if not (
            isinstance(action, dict)
            and action.get("type") == "ir.actions.act_window"
            and action.get("target") == "new"
            and not action.get("res_id")
        ):
            return
        Dialog = self.env[action["res_model"]].with_user(user)
        view_id = action.get("view_id")
        if isinstance(view_id, (list, tuple)):
            view_id = view_id[0]
        self._new_record(Dialog.with_context(**(action.get("context") or {})), view_id)

    @staticmethod
    def _new_record(Model, view_id=False):
        """The defaults of a new record of `Model`, asked as the web client asks them: `onchange`
        with the fields of its form view."""
        fields = Model.get_views([(view_id or False, "form")])["models"][Model._name]["fields"]
        return Model.onchange({}, [], {name: {} for name in fields})

    @staticmethod
    def _web_client_names(user):
        """What a domain or context of a view or action may use, as the web client gives it."""
        return {
            "uid": user.id,
            "context_today": lambda: fields.Date.context_today(user),
            "datetime": safe.datetime,
            "relativedelta": relativedelta,
            "time": safe.time,
            "allowed_company_ids": user.company_ids.ids,
            "active_id": False,
        }

    @staticmethod
    def _shown_buttons(arch, record):
        """The names of the object buttons of the form itself (not of a list or form inside it,
        which are another model's) that show on `record`: `invisible` evaluated on its values.
        Odoo's own buttons on its models are Odoo's to get right."""

        def value(name):
            value = record[name]
            if isinstance(value, BaseModel):
                return value.id if record._fields[name].type == "many2one" else value.ids
            return value

        for button in etree.fromstring(arch).iter("button"):
            name = button.get("name")
            method = getattr(type(record), name, None) if button.get("type") == "object" else None
            if (
                method is None
                or any(parent.tag == "field" for parent in button.iterancestors())
                or method.__module__.split(".")[2] not in OUR_MODULES
            ):
                continue
            expression = button.get("invisible") or "False"
            names = {
                node.id for node in ast.walk(ast.parse(expression)) if isinstance(node, ast.Name)
            }
            if names - set(record._fields) - {"True", "False", "None"}:
                continue  # a value of the web client's (context, parent): left out
            context = {name: value(name) for name in names & set(record._fields)}
            if not safe_eval(expression, context):
                yield name

    def _read_by_employees(self):
        """(model, role, user, model as the user) of our models, and of the orders, contacts and
        invoices our addons add to, for every employee role that reads the model."""
        for model in sorted(set(MATRIX) | {"sale.order", "res.partner", "account.move"}):
            for role, user in sorted(self.world.roles.items()):
                Model = self.env[model].with_user(user)
                if not user.share and Model.has_access("read"):
                    yield model, role, user, Model

    def test_every_filter_and_group_of_a_search_works_for_every_role(self):
        """The filters and groupings of the search panel of our models, and of the orders,
        contacts and invoices our addons add to, as every employee role that reads the model:
        each domain searches and each grouping groups (by month for a date, as the web client
        asks), without an error."""
        problems, tried = [], 0
        for model, role, user, Model in self._read_by_employees():
            arch = Model.get_views([(False, "search")])["views"]["search"]["arch"]
            names = self._web_client_names(user)
            for node in etree.fromstring(arch).iter("filter"):
                domain = safe_eval(node.get("domain") or "[]", dict(names))
                groups = safe_eval(node.get("context") or "{}", dict(names)).get("group_by")
                groups = [groups] if isinstance(groups, str) else list(groups or ())
                if any(Model._fields[name.split(":")[0]].type == "properties" for name in groups):
                    continue  # Odoo's own: the web client names the property
                groups = [
                    f"{name}:month"
                    if ":" not in name and Model._fields[name].type in ("date", "datetime")
                    else name
                    for name in groups
                ]
                try:
                    Model.search_count(domain)
                    if groups:
                        Model.web_read_group(domain, groupby=groups, aggregates=["__count"])
                    tried += 1
                except Exception as error:  # every failure is listed, then the test fails
                    problems.append(f"{role} uses {node.get('name')} on {model}: {error!r}")
        self.assertFalse(problems, "\n".join(problems))
        self.assertGreater(tried, 100)

    def test_every_column_sorts_groups_and_sums_for_every_role(self):
        """The web client's own choices, beyond the search view's: a list sorted by any column
        it offers (`sortable`), a custom grouping by any field it offers (`groupable`, a date by
        month), a pivot's or graph's measure on any field it offers (`aggregator`), alone and by
        group. On our models, and on the orders, contacts and invoices the fields our addons
        add, as every employee role that reads the model: none fails."""
        problems, tried = [], 0
        for model, role, _user, Model in self._read_by_employees():
            offered = Model.fields_get(attributes=["type", "sortable", "groupable", "aggregator"])
            for name, field in sorted(offered.items()):
                if model not in MATRIX and Model._fields[name]._module not in OUR_MODULES:
                    continue
                for use, call in self._column_uses(Model, name, field):
                    try:
                        with self.env.cr.savepoint():
                            call()
                        tried += 1
                    except Exception as error:  # every failure is listed, then the test fails
                        problems.append(f"{role} {use} {model}.{name}: {error!r}"[:300])
        self.assertFalse(problems, "\n".join(problems))
        self.assertGreater(tried, 1000)

    @staticmethod
    def _column_uses(Model, name, field):
        """(use, call) of what the web client may do with the field `name` of `Model`, as
        `fields_get` describes it in `field`."""
        if field.get("sortable"):
            spec = {"id": {}} if field["type"] in ("one2many", "many2many") else {name: {}}
            yield (
                "sorts by",
                lambda: Model.web_search_read([], spec, order=f"{name} desc", limit=80),
            )
        if field.get("groupable") and field["type"] != "properties":
            group = f"{name}:month" if field["type"] in ("date", "datetime") else name
            yield (
                "groups by",
                lambda: Model.web_read_group([], groupby=[group], aggregates=["__count"]),
            )
        if field.get("aggregator"):
            measure = f"{name}:{field['aggregator']}"
            yield "sums", lambda: Model.formatted_read_group([], aggregates=[measure])
            yield (
                "sums by group",
                lambda: Model.web_read_group([], groupby=["create_uid"], aggregates=[measure]),
            )

    def test_a_board_offers_a_role_no_move_it_would_be_refused(self):
        """A kanban grouped by default by a field lets a role drag a card to another column
        exactly when the role may write that field: never on the boards by a state only the
        workflow writes (requests, proposals, the orders' admin state), which do not quick-create
        in a column either; on the complaints' board by stage, for the sales admins only (a
        rep, who may raise a complaint and correct it while it is new, never moves its stage).
        As every employee role that reads the model, as the web client loads the board."""
        views = self.env["ir.ui.view"].search([("type", "=", "kanban"), ("inherit_id", "=", False)])
        ours = views.filtered(
            lambda view: view.get_external_id()[view.id].split(".")[0] in OUR_MODULES
        )
        checked = set()
        for view in ours:
            for role, user in sorted(self.world.roles.items()):
                Model = self.env[view.model].with_user(user)
                if user.share or not Model.has_access("read"):
                    continue
                arch = etree.fromstring(
                    Model.get_views([(view.id, "kanban")])["views"]["kanban"]["arch"]
                )
                group_by = arch.get("default_group_by")
                if not group_by:
                    continue
                offered = {
                    option: arch.get(option, "true").lower() not in ("0", "false")
                    for option in ("records_draggable", "quick_create")
                }
                field = Model._fields[group_by]
                movable = Model.has_access("write") and Model._has_field_access(field, "write")
                self.assertEqual(offered["records_draggable"], movable, f"{view.xml_id}, {role}")
                if isinstance(Model, self.registry["sale.admin.protected.mixin"]) and (
                    group_by in Model._get_protected_fields()
                ):
                    self.assertFalse(offered["quick_create"], view.xml_id)
                    checked.add((view.model, "protected"))
                checked.add((view.model, role, movable))
        for expected in (
            ("sale.admin.request", "admin", False),
            ("sale.proposal", "admin", False),
            ("sale.complaint", "admin", True),
            ("sale.complaint", "rep", False),
            ("sale.proposal", "protected"),
            ("sale.order", "protected"),
        ):
            self.assertIn(expected, checked)

    def test_every_menu_a_role_sees_opens(self):
        """Every menu of our addons an employee role sees opens: its action's first view loads
        its records (a list or kanban: the first 80, as the web client asks) or a new record
        (a form), in the action's domain and context, without an error."""
        menus = self.env["ir.ui.menu"].search([("action", "!=", False)])
        ours = menus.filtered(
            lambda menu: menu.get_external_id()[menu.id].split(".")[0] in OUR_MODULES
        )
        problems, opened = [], 0
        for role, user in sorted(self.world.roles.items()):
            if user.share:
                continue
            visible = set(self.env["ir.ui.menu"].with_user(user)._visible_menu_ids())
            for menu in ours.filtered(lambda menu, visible=visible: menu.id in visible):
                action = menu.action.sudo()
                if action._name != "ir.actions.act_window":
                    continue
                names = self._web_client_names(user)
                context = safe_eval(action.context or "{}", dict(names))
                domain = safe_eval(action.domain or "[]", dict(names))
                Model = self.env[action.res_model].with_user(user).with_context(**context)
                view_type = action.view_mode.split(",")[0]
                try:
                    if view_type == "form":
                        self._new_record(Model, action.view_id.id)
                    else:
                        views = Model.get_views([(action.view_id.id, view_type)])
                        spec = {name: {} for name in views["models"][action.res_model]["fields"]}
                        Model.web_search_read(domain, spec, limit=80)
                    opened += 1
                except Exception as error:  # every failure is listed, then the test fails
                    problems.append(f"{role} opens {menu.complete_name}: {error!r}"[:300])
        self.assertFalse(problems, "\n".join(problems))
        self.assertGreater(opened, 100)

    def test_each_role_opens_exactly_the_stated_wizards(self):
        for model, roles in WIZARDS.items():
            for role, user in self.world.roles.items():
                with self.subTest(wizard=model, role=role):
                    self.assertEqual(
                        self.env[model].with_user(user).has_access("create"), role in roles
                    )
