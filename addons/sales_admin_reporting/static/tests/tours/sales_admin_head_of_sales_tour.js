import { registry } from "@web/core/registry";

/**
 * The head of sales lands on his desk, which counts the escalations waiting for him; the tile
 * opens them. Generate Now opens with the definition preselected, says the period was already
 * reported, and makes a new version of it.
 */
let waiting;

registry.category("web_tour.tours").add("sales_admin_head_of_sales", {
    url: "/odoo",
    steps: () => [
        {
            content: "The head of sales lands on his desk",
            trigger: '.o_breadcrumb .active:contains("My Desk")',
        },
        {
            content: "His desk counts the escalations waiting for him",
            trigger:
                '.o_sales_admin_cockpit .o_kanban_record:contains("Escalations waiting for management") .badge',
            async run(helpers) {
                waiting = parseInt(this.anchor.textContent);
                if (!waiting) {
                    throw new Error("The desk counts no escalation waiting for the head of sales.");
                }
                await helpers.click(this.anchor.closest(".o_kanban_record"));
            },
        },
        {
            content: "The tile's filter is a facet",
            trigger: '.o_searchview_facet:contains("Escalations waiting for management")',
        },
        {
            content: "The list shows the escalations the tile counted",
            trigger: ".o_list_view .o_data_row",
            run() {
                const rows = document.querySelectorAll(".o_list_view .o_data_row").length;
                if (rows !== waiting) {
                    throw new Error(`The tile counted ${waiting} escalations, the list shows ${rows}.`);
                }
            },
        },
        {
            content: "Open the reporting menu",
            trigger: '.o_main_navbar button:contains("Reporting")',
            run: "click",
        },
        {
            content: "Generate a report now",
            trigger: '.dropdown-item:contains("Generate Now")',
            run: "click",
        },
        {
            content: "The definition is preselected",
            trigger: '.modal .o_field_widget[name="definition_id"] input',
            run() {
                if (!this.anchor.value) {
                    throw new Error("Generate Now opens without a definition.");
                }
            },
        },
        {
            content: "The dialog says the period was already reported",
            trigger: '.modal .alert-warning:contains("A report for this period already exists")',
        },
        {
            content: "Make a new version",
            trigger: '.modal button:contains("Generate a new version")',
            run: "click",
        },
        {
            content: "A notification says it was made again",
            trigger: '.o_notification:contains("already reported")',
        },
        {
            content: "The run opens",
            trigger: '.o_form_view .o_field_widget[name="state"] .o_arrow_button_current',
        },
    ],
});
