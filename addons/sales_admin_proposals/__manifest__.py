{
    "name": "Sales Admin: Proposals and Contracts",
    "summary": "Proposals, RFP responses with an answer library, and contract drafting",
    "version": "19.0.1.0.0",
    "category": "Sales/Sales",
    "author": "Sales Admin for Odoo",
    "website": "https://github.com/sales-admin-for-odoo/sales-admin",
    "license": "LGPL-3",
    "depends": ["sales_admin_base"],
    "data": [
        # Security
        "security/ir.model.access.csv",
    ],
    "installable": True,
}
