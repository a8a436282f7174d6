"""The security matrix: who may read, write, create and delete each record our addons add.

One row per model, one cell per role: the operations the role may perform on a record owned by
customer A in company 1 (its salesperson is the rep, its responsible admin the sales admin), as
letters `r` (read), `w` (write), `c` (create), `u` (unlink), `-` where Odoo answers AccessError.
`tests/test_security_matrix.py` checks every cell against the running database and that README.md
shows this table; `python tests/security_matrix.py` prints the Markdown to paste there.
"""

ROLES = {
    "portal_a": "portal A",
    "portal_b": "portal B",
    "rep": "rep",
    "admin": "sales admin",
    "admin_manager": "manager",
    "accountant": "accountant",
    "internal": "internal",
    "admin_company2": "admin co. 2",
}

NONE = "----"

# model: (portal A, portal B, rep, sales admin, manager, accountant, internal, admin company 2)
MATRIX = {
    # complaints
    "sale.complaint": ("r---", NONE, "r-c-", "rwc-", "rwcu", "r---", NONE, NONE),
    "sale.complaint.category": (NONE, NONE, "r---", "r---", "rwcu", "r---", "r---", NONE),
    "sale.complaint.stage": (NONE, NONE, "r---", "r---", "rwcu", "r---", "r---", NONE),
    "sale.complaint.root.cause": (NONE, NONE, "r---", "r---", "rwcu", "r---", "r---", NONE),
    "sale.complaint.sla": (NONE, NONE, "r---", "r---", "rwcu", "r---", "r---", NONE),
    # rep requests and escalations
    "sale.admin.request": (NONE, NONE, "rwc-", "rwc-", "rwcu", NONE, NONE, NONE),
    "sale.admin.request.type": (NONE, NONE, "r---", "r---", "rwcu", "r---", "r---", NONE),
    "sale.admin.request.escalation": (NONE, NONE, "r---", "rwc-", "rwc-", NONE, NONE, NONE),
    "sale.admin.escalation.level": (NONE, NONE, "r---", "r---", "rwcu", "r---", "r---", NONE),
    "sale.admin.cockpit.tile": (NONE, NONE, NONE, "r---", "rwcu", NONE, NONE, "r---"),
    # proposals and RFPs
    "sale.proposal": ("r---", NONE, "rwc-", "rwcu", "rwcu", NONE, NONE, NONE),
    "sale.proposal.line": (NONE, NONE, "rwcu", "rwcu", "rwcu", NONE, NONE, NONE),
    "sale.proposal.section": (NONE, NONE, "rwcu", "rwcu", "rwcu", NONE, NONE, NONE),
    "sale.proposal.revision": (NONE, NONE, "r---", "r---", "r---", NONE, NONE, NONE),
    "sale.proposal.bid.score": (NONE, NONE, "rwcu", "rwcu", "rwcu", NONE, NONE, NONE),
    "sale.proposal.bid.criterion": (NONE, NONE, "r---", "r---", "rwcu", NONE, NONE, NONE),
    "sale.proposal.approval.rule": (NONE, NONE, "r---", "r---", "rwcu", NONE, NONE, NONE),
    "sale.proposal.template": (NONE, NONE, "r---", "r---", "rwcu", NONE, NONE, NONE),
    "sale.proposal.template.section": (NONE, NONE, "r---", "r---", "rwcu", NONE, NONE, NONE),
    "sale.proposal.reason": (NONE, NONE, "r---", "r---", "rwcu", NONE, NONE, "r---"),
    "sale.proposal.answer": (NONE, NONE, "r---", "rwcu", "rwcu", NONE, NONE, NONE),
    "sale.proposal.answer.tag": (NONE, NONE, "r---", "rwcu", "rwcu", NONE, NONE, "rwcu"),
    # contracts
    "sale.contract": ("r---", NONE, "rwc-", "rwcu", "rwcu", NONE, NONE, NONE),
    "sale.contract.line": ("r---", NONE, "rwcu", "rwcu", "rwcu", NONE, NONE, NONE),
    "sale.contract.clause": (NONE, NONE, "r---", "r---", "rwcu", NONE, NONE, NONE),
    "sale.contract.clause.version": (NONE, NONE, "r---", "r---", "rwc-", NONE, NONE, NONE),
    "sale.contract.template": (NONE, NONE, "r---", "r---", "rwcu", NONE, NONE, NONE),
    "sale.contract.template.line": (NONE, NONE, "r---", "r---", "rwcu", NONE, NONE, NONE),
    # reports for the head of sales
    "sale.admin.report.definition": (NONE, NONE, NONE, "r---", "rwcu", NONE, NONE, NONE),
    "sale.admin.report.section": (NONE, NONE, NONE, "r---", "rwcu", NONE, NONE, "r---"),
    "sale.admin.report.run": (NONE, NONE, NONE, "r---", "rwcu", NONE, NONE, NONE),
    "sale.admin.report.rule": (NONE, NONE, NONE, "r---", "rwcu", NONE, NONE, NONE),
    "sale.admin.report.recommendation": (NONE, NONE, NONE, "r---", "rwcu", NONE, NONE, NONE),
    "sale.admin.report.file": (NONE, NONE, NONE, "r---", "rwcu", NONE, NONE, NONE),
}

# Models without a company, shared by every company on purpose (what the admin of company 2 sees).
SHARED = {
    "sale.admin.cockpit.tile": "cockpit tiles are one screen layout for every company",
    "sale.proposal.reason": "won/lost reasons are one list for every company",
    "sale.proposal.answer.tag": "answer tags are one vocabulary for every company",
    "sale.admin.report.section": "report sections are the fixed list of sheets of the file",
}

# Wizards (transient models): the roles that may open (create) them. Each wizard's action also
# checks the records it acts on (see tests/test_rpc_surface.py).
WIZARDS = {
    "sale.complaint.remedy": ("admin", "admin_manager", "accountant", "admin_company2"),
    "sale.complaint.remedy.line": ("admin", "admin_manager", "accountant", "admin_company2"),
    "sale.admin.request.escalate": ("admin", "admin_manager", "admin_company2"),
    "sale.admin.request.decide": ("admin_manager",),
    "sale.admin.sign.on.behalf": ("admin_manager",),
    "sale.admin.order.hold": ("admin", "admin_manager", "admin_company2"),
    "sale.admin.order.assign": ("admin", "admin_manager", "admin_company2"),
    "sale.admin.phone.payment": ("accountant",),
    "sale.admin.partner.deduplicate": ("admin", "admin_manager", "admin_company2"),
    "sale.admin.partner.deduplicate.pair": ("admin", "admin_manager", "admin_company2"),
    "sale.proposal.import": ("rep", "admin", "admin_manager", "admin_company2"),
    "sale.proposal.import.column": ("rep", "admin", "admin_manager", "admin_company2"),
    "sale.proposal.revision.compare": ("rep", "admin", "admin_manager", "admin_company2"),
    "sale.admin.report.generate": ("admin", "admin_manager", "admin_company2"),
}


def _cell(ops):
    return ops.replace("-", "") or "—"


def render_markdown():
    """The matrix as the Markdown tables of README.md's Security section."""
    header = "| model | " + " | ".join(ROLES.values()) + " |"
    lines = [header, "|---" * (len(ROLES) + 1) + "|"]
    lines += [
        f"| `{model}` | " + " | ".join(_cell(ops) for ops in cells) + " |"
        for model, cells in MATRIX.items()
    ]
    lines += ["", "| wizard | " + " | ".join(ROLES.values()) + " |"]
    lines.append("|---" * (len(ROLES) + 1) + "|")
    lines += [
        f"| `{model}` | " + " | ".join("c" if role in roles else "—" for role in ROLES) + " |"
        for model, roles in WIZARDS.items()
    ]
    return "\n".join(lines) + "\n"


if __name__ == "__main__":
    print(render_markdown(), end="")
