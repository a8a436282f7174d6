{
    "name": "Sales Admin: Proposals and Contracts",
    "summary": "Proposals, RFP responses with an answer library, and contract drafting",
    "version": "19.0.1.0.0",
    "category": "Sales/Sales",
    "author": "Sales Admin for Odoo",
    "website": "https://github.com/sales-admin-for-odoo/sales-admin",
    "license": "LGPL-3",
    "depends": ["sales_admin_base"],
    "external_dependencies": {"python": ["openpyxl"]},
    "data": [
        # Security
        "security/ir.model.access.csv",
        "security/sale_proposal_security.xml",
        "security/sale_contract_security.xml",
        # Reports
        "report/sale_proposal_report.xml",
        "report/sale_contract_report.xml",
        # Data
        "data/sale_proposal_data.xml",
        "data/sale_contract_data.xml",
        "data/sales_admin_proposals_cockpit_data.xml",
        # Wizards (the proposal form opens them)
        "wizard/sale_proposal_import_views.xml",
        "wizard/sale_proposal_revision_compare_views.xml",
        # Views
        "views/sale_proposal_views.xml",
        "views/sale_proposal_line_views.xml",
        "views/sale_proposal_answer_views.xml",
        "views/sale_proposal_config_views.xml",
        "views/sale_proposal_portal_templates.xml",
        "views/sale_contract_clause_views.xml",
        "views/sale_contract_template_views.xml",
        "views/sale_contract_views.xml",
        "views/sale_contract_portal_templates.xml",
        # Menus
        "views/sales_admin_proposals_menus.xml",
    ],
    "demo": [
        "demo/sale_proposal_demo.xml",
        "demo/sale_contract_demo.xml",
    ],
    "assets": {
        "web.assets_frontend": [
            "sales_admin_proposals/static/src/scss/sales_admin_proposals_portal.scss",
        ],
        "web.assets_tests": [
            "sales_admin_proposals/static/tests/tours/*.js",
        ],
    },
    "uninstall_hook": "uninstall_hook",
    "installable": True,
}
