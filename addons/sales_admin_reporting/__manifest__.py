{
    "name": "Sales Admin: Reporting",
    "summary": "Scheduled monthly and quarterly XLSX reports with recommendations",
    "version": "19.0.1.0.0",
    "category": "Sales/Sales",
    "author": "Sales Admin for Odoo",
    "website": "https://github.com/sales-admin-for-odoo/sales-admin",
    "license": "LGPL-3",
    "depends": ["sales_admin_base"],
    "external_dependencies": {"python": ["xlsxwriter"]},
    "data": [
        # Security
        "security/ir.model.access.csv",
        "security/sales_admin_reporting_security.xml",
        # Data
        "data/sale_admin_report_data.xml",
        "data/sale_admin_report_feature_rules.xml",
        "data/sale_admin_report_templates.xml",
        # Views
        "views/sale_admin_report_definition_views.xml",
        "views/sale_admin_report_run_views.xml",
        "views/sale_admin_report_rule_views.xml",
        "views/sale_order_analysis_views.xml",
        "views/res_config_settings_views.xml",
        # Wizards
        "wizard/sale_admin_report_generate_views.xml",
        # Menus
        "views/sales_admin_reporting_menus.xml",
    ],
    "demo": [
        "demo/sale_admin_report_demo.xml",
    ],
    "assets": {
        "web.assets_tests": [
            "sales_admin_reporting/static/tests/tours/*.js",
        ],
    },
    "installable": True,
}
