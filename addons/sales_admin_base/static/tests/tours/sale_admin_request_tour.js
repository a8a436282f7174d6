import { registry } from "@web/core/registry";
import { stepUtils } from "@web_tour/tour_utils";

const SUBJECT = "Tour: 15% discount for Baltic Office";

// 1. The rep (srep), on an order: asks the sales admin.
registry.category("web_tour.tours").add("sales_admin_request_rep_asks", {
    steps: () => [
        {
            content: "Open the Sales Admin menu",
            trigger: ".o_form_statusbar button.o_sales_admin_actions:contains('Sales Admin')",
            run: "click",
        },
        {
            content: "Ask the sales admin about this order",
            trigger: ".o_sales_admin_actions_menu button[name=action_sales_admin_request_new]",
            run: "click",
        },
        {
            content: "Choose the request type",
            trigger: ".modal .o_field_widget[name=type_id] input",
            run: "edit Pricing",
        },
        {
            content: "Pick pricing exception",
            trigger: ".o-autocomplete--dropdown-item:contains('Pricing exception')",
            run: "click",
        },
        {
            content: "Say what is needed",
            trigger: ".modal .o_field_widget[name=subject] input",
            run: `edit ${SUBJECT}`,
        },
        {
            content: "The customer's sales admin is proposed",
            trigger: ".modal .o_field_widget[name=sales_admin_id]:contains('Anna Admin')",
        },
        {
            content: "Send the request",
            trigger: ".modal button[name=action_send_request]",
            run: "click",
        },
        {
            content: "The rep is told who received the request",
            trigger: ".o_notification:contains('sent to Anna Admin')",
        },
        {
            content: "The order now shows its request",
            trigger:
                "body:not(:has(.modal)) button[name=action_view_sales_admin_requests] .o_stat_value:contains('1')",
        },
    ],
});

// 2. The sales admin (sadmin): finds the request on the desk and escalates it.
registry.category("web_tour.tours").add("sales_admin_request_admin_escalates", {
    url: "/odoo",
    steps: () => [
        ...stepUtils.goToAppSteps("sales_admin_base.sales_admin_menu_root", "Open Sales Admin"),
        {
            content: "Open the desk menu",
            trigger: ".o_main_navbar button:contains('Desk')",
            run: "click",
        },
        {
            content: "Open the requests",
            trigger: ".dropdown-item:contains('Requests')",
            run: "click",
        },
        {
            content: "Open the rep's request",
            trigger: `.o_list_view .o_data_row td:contains('${SUBJECT}')`,
            run: "click",
        },
        {
            content: "Escalate it",
            trigger: ".o_form_view button[name=action_open_escalate_wizard]",
            run: "click",
        },
        {
            content: "It goes to the sales manager",
            trigger: ".modal .o_field_widget[name=next_level_id]:contains('Sales manager')",
        },
        {
            content: "Summarise the problem",
            trigger: ".modal .o_field_widget[name=summary] textarea",
            run: "edit Baltic Office orders 5 cabinets a month and wants 15% instead of 8%.",
        },
        {
            content: "Propose a decision",
            trigger: ".modal .o_field_widget[name=proposed_decision] textarea",
            run: "edit Grant 12% on a one-year volume commitment.",
        },
        {
            content: "Confirm the escalation",
            trigger: ".modal button[name=action_escalate]",
            run: "click",
        },
        {
            content: "The request is escalated",
            trigger:
                "body:not(:has(.modal)) .o_field_widget[name=state] .o_arrow_button_current:contains('Escalated')",
        },
    ],
});

// 3. The sales manager (smanager): sees what waits for them and decides.
registry.category("web_tour.tours").add("sales_admin_request_manager_decides", {
    url: "/odoo",
    steps: () => [
        ...stepUtils.goToAppSteps("sales_admin_base.sales_admin_menu_root", "Open Sales Admin"),
        {
            content: "Open the desk menu",
            trigger: ".o_main_navbar button:contains('Desk')",
            run: "click",
        },
        {
            content: "Open the escalations",
            trigger: ".dropdown-item:contains('Escalations')",
            run: "click",
        },
        {
            content: "Open the escalated request",
            trigger: `.o_list_view .o_data_row td:contains('${SUBJECT}')`,
            run: "click",
        },
        {
            content: "Decide",
            trigger: ".o_form_view button[name=action_open_decide_wizard]",
            run: "click",
        },
        {
            content: "The admin's proposal is shown",
            trigger: ".modal .o_field_widget[name=proposed_decision]:contains('Grant 12%')",
        },
        {
            content: "Write the decision",
            trigger: ".modal .o_field_widget[name=decision] textarea",
            run: "edit Granted: 12% with a one-year volume commitment.",
        },
        {
            content: "Record it",
            trigger: ".modal button[name=action_decide]",
            run: "click",
        },
        {
            content: "The request goes back to the admin",
            trigger:
                "body:not(:has(.modal)) .o_field_widget[name=state] .o_arrow_button_current:contains('In Progress')",
        },
    ],
});
