import { registry } from "@web/core/registry";
import { stepUtils } from "@web_tour/tour_utils";

registry.category("web_tour.tours").add("sales_admin_smoke", {
    url: "/odoo",
    steps: () => [
        ...stepUtils.goToAppSteps("sales_admin_base.sales_admin_menu_root", "Open the Sales Admin app"),
        {
            content: "The app's menu bar is shown",
            trigger: '.o_main_navbar .o_menu_brand:contains("Sales Admin")',
        },
        {
            content: "Open the desk menu",
            trigger: '.o_main_navbar button:contains("Desk")',
            run: "click",
        },
        {
            content: "Open the orders",
            trigger: '.dropdown-item:contains("Orders")',
            run: "click",
        },
        {
            content: "The demo orders are listed",
            trigger: '.o_list_view .o_data_row:contains("Baltic Office Supply SIA")',
        },
    ],
});
