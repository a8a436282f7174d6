"""The people and records the security tests share: two companies, the eight roles of the security
matrix, two portal customers, and one record of every model our addons add, owned by customer A
in company 1 (the rep is customer A's salesperson, the sales admin customer A's responsible
admin)."""

from types import SimpleNamespace

from odoo import Command, fields
from odoo.tests import new_test_user

OUR_MODULES = frozenset(
    {
        "sales_admin_base",
        "sales_admin_proposals",
        "sales_admin_proposals_crm",
        "sales_admin_reporting",
        "sales_admin_stock",
        "sales_admin_reporting_proposals",
    }
)


def our_models(env, transient=False):
    """Names of the models our addons add (concrete; transient ones when asked)."""
    return {
        name
        for name, model in env.registry.items()
        if model._original_module in OUR_MODULES
        and not model._abstract
        and bool(model._transient) == transient
    }


def _user(env, login, groups, company, **values):
    # API clients call with the login as password: new_test_user pads a password shorter than 8
    # characters (and a password policy refuses it), so every login here has at least 8
    return new_test_user(
        env,
        login,
        password=login,
        groups=groups,
        company_id=company.id,
        company_ids=[Command.set(company.ids)],
        email=f"{login}@example.com",
        **values,
    )


def build_world(env):
    """Create everything as the superuser; return a namespace with roles, customers, records."""
    env = env(context=dict(env.context, tracking_disable=True, mail_create_nolog=True))
    w = SimpleNamespace()
    w.company = env.company
    w.company2 = env["res.company"].create({"name": "Second Sales Company"})

    # ------------------------------------------------------------------ customers and people
    w.customer_a = env["res.partner"].create(
        {"name": "Customer A Holding", "is_company": True, "email": "a@customer-a.example.com"}
    )
    w.customer_b = env["res.partner"].create(
        {"name": "Customer B Trading", "is_company": True, "email": "b@customer-b.example.com"}
    )
    w.roles = {
        "portal_a": _user(env, "sm_portal_a", "base.group_portal", w.company),
        "portal_b": _user(env, "sm_portal_b", "base.group_portal", w.company),
        "rep": _user(env, "sm_sales_rep", "sales_team.group_sale_salesman", w.company),
        "admin": _user(env, "sm_admin", "sales_admin_base.group_sales_admin_user", w.company),
        "admin_manager": _user(
            env, "sm_admin_manager", "sales_admin_base.group_sales_admin_manager", w.company
        ),
        "accountant": _user(
            env, "sm_accountant", "account.group_account_invoice,base.group_user", w.company
        ),
        "internal": _user(env, "sm_internal", "base.group_user", w.company),
        "admin_company2": _user(
            env, "sm_admin_c2", "sales_admin_base.group_sales_admin_user", w.company2
        ),
    }
    w.roles["portal_a"].partner_id.parent_id = w.customer_a
    w.roles["portal_b"].partner_id.parent_id = w.customer_b
    w.rep = w.roles["rep"]
    w.admin = w.roles["admin"]
    w.manager = w.roles["admin_manager"]
    w.team = env["crm.team"].create(
        {"name": "Matrix Team", "company_id": w.company.id, "member_ids": [Command.set(w.rep.ids)]}
    )
    w.customer_a.write({"user_id": w.rep.id, "sales_admin_id": w.admin.id})
    w.contact_a = w.roles["portal_a"].partner_id

    w.product = env["product.product"].create(
        {"name": "Matrix Desk", "list_price": 1234.56, "invoice_policy": "order", "taxes_id": False}
    )
    w.order = env["sale.order"].create(
        {
            "partner_id": w.customer_a.id,
            "user_id": w.rep.id,
            "team_id": w.team.id,
            "company_id": w.company.id,
            "order_line": [Command.create({"product_id": w.product.id, "product_uom_qty": 2})],
        }
    )
    w.records = _records(env, w)
    return w


def _records(env, w):
    """One record per model our addons add, company 1, customer A."""
    company = {"company_id": w.company.id}
    r = {}
    # ------------------------------------------------------------------ complaints
    r["sale.complaint.category"] = env["sale.complaint.category"].create(
        {"name": "Matrix category", **company}
    )
    r["sale.complaint.stage"] = env["sale.complaint.stage"].create(
        {"name": "Matrix stage", "sequence": 99, **company}
    )
    r["sale.complaint.root.cause"] = env["sale.complaint.root.cause"].create(
        {"name": "Matrix root cause", **company}
    )
    r["sale.complaint.sla"] = env["sale.complaint.sla"].create(
        {"name": "Matrix SLA", "active": False, **company}
    )
    r["sale.complaint"] = env["sale.complaint"].create(
        {
            "subject": "Matrix: broken desk",
            "partner_id": w.contact_a.id,
            "user_id": w.rep.id,
            "sale_order_ids": [Command.set(w.order.ids)],
            **company,
        }
    )
    # ------------------------------------------------------------------ requests and escalations
    r["sale.admin.request.type"] = env["sale.admin.request.type"].create(
        {"name": "Matrix request type", **company}
    )
    r["sale.admin.escalation.level"] = env["sale.admin.escalation.level"].create(
        {"name": "Matrix level", "sequence": 99, "user_id": w.manager.id, **company}
    )
    r["sale.admin.request"] = (
        env["sale.admin.request"]
        .with_user(w.rep)
        .create(
            {
                "subject": "Matrix: please check the order",
                "type_id": r["sale.admin.request.type"].id,
                "res_model": "sale.order",
                "res_id": w.order.id,
            }
        )
        .sudo()
    )
    r["sale.admin.request.escalation"] = env["sale.admin.request.escalation"].create(
        {
            "request_id": r["sale.admin.request"].id,
            "level_id": r["sale.admin.escalation.level"].id,
            "user_id": w.manager.id,
            "summary": "Matrix escalation",
        }
    )
    r["sale.admin.cockpit.tile"] = env["sale.admin.cockpit.tile"].create(
        {"name": "Matrix tile", "section": "orders", "model_name": "sale.order", "active": False}
    )
    # ------------------------------------------------------------------ proposals
    r["sale.proposal.template"] = env["sale.proposal.template"].create(
        {"name": "Matrix template", **company}
    )
    r["sale.proposal.template.section"] = env["sale.proposal.template.section"].create(
        {"name": "Matrix template section", "template_id": r["sale.proposal.template"].id}
    )
    r["sale.proposal.reason"] = env["sale.proposal.reason"].create({"name": "Matrix reason"})
    r["sale.proposal.bid.criterion"] = env["sale.proposal.bid.criterion"].create(
        {"name": "Matrix criterion", "active": False, **company}
    )
    r["sale.proposal.approval.rule"] = env["sale.proposal.approval.rule"].create(
        {
            "name": "Matrix approval",
            "min_amount": 1000.0,
            "active": False,
            "approver_ids": [Command.set(w.manager.ids)],
            **company,
        }
    )
    r["sale.proposal.answer.tag"] = env["sale.proposal.answer.tag"].create({"name": "Matrix tag"})
    r["sale.proposal.answer"] = env["sale.proposal.answer"].create(
        {"name": "Matrix answer", "body": "<p>We deliver in a week.</p>", **company}
    )
    proposal = env["sale.proposal"].create(
        {
            "title": "Matrix proposal",
            "partner_id": w.customer_a.id,
            "order_id": w.order.id,
            "user_id": w.rep.id,
            "team_id": w.team.id,
            **company,
        }
    )
    r["sale.proposal"] = proposal
    r["sale.proposal.line"] = env["sale.proposal.line"].create(
        {"proposal_id": proposal.id, "question": "Matrix: delivery time?"}
    )
    r["sale.proposal.section"] = env["sale.proposal.section"].create(
        {"proposal_id": proposal.id, "name": "Matrix section"}
    )
    r["sale.proposal.bid.score"] = env["sale.proposal.bid.score"].create(
        {"proposal_id": proposal.id, "criterion_id": r["sale.proposal.bid.criterion"].id}
    )
    r["sale.proposal.revision"] = env["sale.proposal.revision"].create(
        {"proposal_id": proposal.id, "number": 1, "content": "<p>Matrix revision</p>"}
    )
    proposal.write({"state": "sent", "date_sent": fields.Datetime.now()})
    # ------------------------------------------------------------------ contracts
    clause = env["sale.contract.clause"].create(
        {"name": "Matrix clause", "body": "<p>Both parties agree.</p>", **company}
    )
    r["sale.contract.clause"] = clause
    r["sale.contract.clause.version"] = clause.version_ids[:1]
    r["sale.contract.template"] = env["sale.contract.template"].create(
        {"name": "Matrix contract template", **company}
    )
    r["sale.contract.template.line"] = env["sale.contract.template.line"].create(
        {"template_id": r["sale.contract.template"].id, "clause_id": clause.id}
    )
    contract = env["sale.contract"].create(
        {
            "order_id": w.order.id,
            "partner_id": w.customer_a.id,
            "user_id": w.rep.id,
            "team_id": w.team.id,
            **company,
        }
    )
    r["sale.contract"] = contract
    r["sale.contract.line"] = env["sale.contract.line"].create(
        {"contract_id": contract.id, "name": "Matrix contract line", "body": "<p>Agreed.</p>"}
    )
    contract.write({"state": "sent"})
    # ------------------------------------------------------------------ reporting
    definition = env["sale.admin.report.definition"].create(
        {"name": "Matrix report", "active": False, **company}
    )
    r["sale.admin.report.definition"] = definition
    r["sale.admin.report.section"] = env["sale.admin.report.section"].search([], limit=1)
    r["sale.admin.report.rule"] = env["sale.admin.report.rule"].create(
        {
            "name": "Matrix rule",
            "metric": env["sale.admin.report.rule"]._fields["metric"].get_values(env)[0],
            "threshold": 10,
            "message": "Matrix {value}",
            "active": False,
            **company,
        }
    )
    run = env["sale.admin.report.run"].create(
        {
            "definition_id": definition.id,
            "date_from": "2025-01-01",
            "date_to": "2025-01-31",
            "state": "done",
        }
    )
    r["sale.admin.report.run"] = run
    r["sale.admin.report.recommendation"] = env["sale.admin.report.recommendation"].create(
        {"run_id": run.id, "rule_id": r["sale.admin.report.rule"].id, "values": {"value": 1.0}}
    )
    attachment = env["ir.attachment"].create(
        {"name": "matrix.xlsx", "raw": b"matrix", "res_model": run._name, "res_id": run.id}
    )
    r["sale.admin.report.file"] = env["sale.admin.report.file"].create(
        {"run_id": run.id, "lang": "en_US", "attachment_id": attachment.id, "checksum": "0" * 64}
    )
    return r
