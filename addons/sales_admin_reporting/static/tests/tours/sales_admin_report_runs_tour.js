import { registry } from "@web/core/registry";
import { stepUtils } from "@web_tour/tour_utils";

registry.category("web_tour.tours").add("sales_admin_report_runs", {
    url: "/odoo",
    steps: () => [
        ...stepUtils.goToAppSteps("sales_admin_base.sales_admin_menu_root", "Open the Sales Admin app"),
        {
            content: "Open the reporting menu",
            trigger: '.o_main_navbar button:contains("Reporting")',
            run: "click",
        },
        {
            content: "Open the run history",
            trigger: '.dropdown-item:contains("Report Runs")',
            run: "click",
        },
        {
            content: "Open the finished run",
            trigger: '.o_list_view .o_data_row:contains("Monthly sales administration report") td[name="state"]:contains("Done")',
            run: "click",
        },
        {
            content: "The file is there with its checksum",
            trigger: '.o_form_view .o_field_widget[name="checksum"]:not(:empty)',
        },
        {
            content: "The download button is offered (the test fetches the file itself)",
            trigger: '.o_form_view button[name="action_download"]',
        },
    ],
});
