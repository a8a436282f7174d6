import { registry } from "@web/core/registry";
import { stepUtils } from "@web_tour/tour_utils";

registry.category("web_tour.tours").add("sales_admin_order_desk", {
    url: "/odoo",
    steps: () => [
        ...stepUtils.goToAppSteps("sales_admin_base.sales_admin_menu_root", "Open the Sales Admin app"),
        {
            content: "Open the desk menu",
            trigger: '.o_main_navbar button:contains("Desk")',
            run: "click",
        },
        {
            content: "Open the order desk",
            trigger: '.dropdown-item:contains("Order Desk")',
            run: "click",
        },
        {
            content: "Open the order blocked by a hold",
            trigger:
                '.o_kanban_group:contains("Blocked") .o_kanban_record:contains("Waiting for the purchase order number")',
            run: "click",
        },
        {
            content: "The form says why the order is blocked",
            trigger: '.o_form_view .alert-danger:contains("Waiting for the purchase order number")',
        },
        {
            content: "Open the Sales Admin menu",
            trigger: ".o_form_statusbar button.o_sales_admin_actions:contains('Sales Admin')",
            run: "click",
        },
        {
            content: "Release the hold",
            trigger: '.o_sales_admin_actions_menu button[name="action_sales_admin_release_hold"]',
            run: "click",
        },
        {
            content: "Odoo's status bar keeps its steps beside the menu",
            trigger:
                ".o_form_statusbar .o_statusbar_status button.o_arrow_button[data-value=draft]:contains('Quotation')",
        },
        {
            content: "The menu closed with the action",
            trigger: "body:not(:has(.o_sales_admin_actions_menu))",
        },
        {
            content: "Open the Sales Admin menu again",
            trigger: ".o_form_statusbar button.o_sales_admin_actions:contains('Sales Admin')",
            run: "click",
        },
        {
            content: "The order is no longer blocked",
            trigger: '.o_sales_admin_actions_menu button[name="action_sales_admin_put_on_hold"]',
        },
        {
            content: "Take a phone payment",
            trigger: '.o_sales_admin_actions_menu button[name="action_sales_admin_take_payment"]',
            run: "click",
        },
        {
            content: "Note the last four card digits only",
            trigger: '.modal div[name="reference"] input',
            run: "edit card ending 4242",
        },
        {
            content: "Post the payment",
            trigger: '.modal button[name="action_take_payment"]',
            run: "click",
        },
        {
            content: "The payment is logged on the order",
            trigger: '.o-mail-Message:contains("Phone payment")',
        },
    ],
});
