import { registry } from "@web/core/registry";
import { stepUtils } from "@web_tour/tour_utils";

registry.category("web_tour.tours").add("sales_admin_complaint", {
    url: "/odoo",
    steps: () => [
        ...stepUtils.goToAppSteps("sales_admin_base.sales_admin_menu_root", "Open the Sales Admin app"),
        {
            content: "Open the desk menu",
            trigger: '.o_main_navbar button:contains("Desk")',
            run: "click",
        },
        {
            content: "Open the complaints",
            trigger: '.dropdown-item:contains("Complaints")',
            run: "click",
        },
        {
            content: "A long subject leaves the reference whole on the card",
            trigger: '.o_kanban_record:contains("Chairs arrived scratched") span.fw-bold',
            run() {
                const reference = this.anchor;
                const style = getComputedStyle(reference);
                const width = reference.getBoundingClientRect().width;
                // neither shrunk by the subject's length nor wrapped onto several lines
                if (style.flexShrink !== "0" || style.whiteSpace !== "nowrap" || width < 40) {
                    throw new Error(`The reference may be squeezed (${width}px)`);
                }
            },
        },
        {
            content: "Open the incoming complaint",
            trigger: '.o_kanban_record:contains("Chairs arrived scratched")',
            run: "click",
        },
        {
            content: "Take the complaint",
            trigger: 'button[name="action_take"]',
            run: "click",
        },
        {
            content: "The complaint is now mine: nothing left to take",
            trigger: '.o_form_statusbar:not(:has(button[name="action_take"]))',
        },
        {
            content: "Reply to the customer",
            trigger: "button:contains(Send message)",
            run: "click",
        },
        {
            content: "Write the reply",
            trigger: ".o-mail-Composer-input",
            run: "edit We are sorry: we credit the scratched chairs today.",
        },
        {
            content: "Send the reply",
            trigger: ".o-mail-Composer-send:enabled",
            run: "click",
        },
        {
            content: "The reply is in the chatter",
            trigger: '.o-mail-Message-body:contains("we credit the scratched chairs")',
        },
        {
            content: "Open the remedy wizard",
            trigger: 'button[name="action_open_remedy_wizard"]',
            run: "click",
        },
        {
            content: "The customer keeps the chairs: compensation",
            trigger: '.modal .o_field_widget[name="credit_type"] input[data-value="compensation"]',
            run: "click",
        },
        {
            content: "Credit only one chair",
            trigger: '.modal .o_field_widget[name="line_ids"] .o_data_row:first .o_data_cell[name="quantity"]',
            run: "click",
        },
        {
            content: "Quantity 1",
            trigger: '.modal .o_field_widget[name="line_ids"] .o_data_row:first .o_data_cell[name="quantity"] input',
            run: "edit 1",
        },
        {
            content: "Create the credit note",
            trigger: '.modal button[name="action_apply"]:contains("Create Credit Note")',
            run: "click",
        },
        {
            content: "The posted credit note is shown",
            trigger: '.o_form_view .o_field_widget[name="state"] .o_arrow_button_current:contains("Posted")',
        },
        {
            content: "Back to the complaint",
            trigger: '.o_breadcrumb a:contains("CMP/")',
            run: "click",
        },
        {
            content: "Open the resolution tab",
            trigger: '.o_notebook a:contains("Resolution")',
            run: "click",
        },
        {
            content: "Write the resolution",
            trigger: '.o_field_widget[name="resolution"] .odoo-editor-editable',
            run: "editor One chair credited; the carrier was warned.",
        },
        {
            content: "Close the complaint",
            trigger: 'button[name="action_close"]',
            run: "click",
        },
        {
            content: "The complaint is closed",
            trigger: '.o_statusbar_status button.o_arrow_button_current:contains("Closed")',
        },
        {
            content: "The remedy cost is shown",
            trigger: '.o_field_widget[name="remedy_cost"]',
        },
    ],
});
