import { registry } from "@web/core/registry";
import { stepUtils } from "@web_tour/tour_utils";

/**
 * The cockpit in the sales admin's language: the app opens on it, its sections and tiles carry
 * translated labels, a tile opens the list it counts and the breadcrumb leads back.
 */
function cockpitSteps(labels) {
    let counted;
    return [
        ...stepUtils.goToAppSteps("sales_admin_base.sales_admin_menu_root", "Open the Sales Admin app"),
        {
            content: "The app's menu bar is shown",
            trigger: `.o_main_navbar .o_menu_brand:contains("${labels.app}")`,
        },
        {
            content: "The desk menu is in the admin's language",
            trigger: `.o_main_navbar button:contains("${labels.desk}")`,
        },
        {
            content: "The app opens on the cockpit",
            trigger: `.o_breadcrumb .active:contains("${labels.cockpit}")`,
        },
        {
            content: "Tiles are grouped by section",
            trigger: `.o_sales_admin_cockpit .o_column_title:contains("${labels.section}")`,
        },
        {
            content: "The complaint tiles are there",
            trigger: `.o_sales_admin_cockpit .o_kanban_record:contains("${labels.complaintTile}")`,
        },
        ...labels.untranslated.map((name) => ({
            content: `No tile is left in the other language: ${name}`,
            trigger: `.o_sales_admin_cockpit:not(:has(.o_kanban_record:contains("${name}")))`,
        })),
        {
            content: "Open the blocked orders",
            trigger: `.o_sales_admin_cockpit .o_kanban_record:contains("${labels.blockedTile}")`,
            async run(helpers) {
                counted = parseInt(this.anchor.querySelector(".badge").textContent);
                await helpers.click();
            },
        },
        {
            content: "The list is titled like the tile",
            trigger: `.o_breadcrumb .active:contains("${labels.blockedTile}")`,
        },
        {
            content: "The list shows as many orders as the tile counted",
            trigger: ".o_list_view .o_data_row",
            run() {
                const rows = document.querySelectorAll(".o_list_view .o_data_row").length;
                if (!counted || rows !== counted) {
                    throw new Error(`The tile counted ${counted} orders, the list shows ${rows}.`);
                }
            },
        },
        {
            content: "Go back to the cockpit",
            trigger: `.o_breadcrumb a:contains("${labels.cockpit}")`,
            run: "click",
        },
        {
            content: "The cockpit is shown again",
            trigger: `.o_sales_admin_cockpit .o_kanban_record:contains("${labels.blockedTile}")`,
        },
    ];
}

registry.category("web_tour.tours").add("sales_admin_cockpit", {
    url: "/odoo",
    steps: () =>
        cockpitSteps({
            app: "Sales Admin",
            desk: "Desk",
            cockpit: "My Desk",
            section: "Orders and payments",
            complaintTile: "Complaints past their SLA",
            blockedTile: "Blocked orders",
            untranslated: [],
        }),
});

registry.category("web_tour.tours").add("sales_admin_cockpit_lv", {
    url: "/odoo",
    steps: () =>
        cockpitSteps({
            app: "Pārdošanas administrators",
            desk: "Darbagalds",
            cockpit: "Mans darbagalds",
            section: "Pasūtījumi un maksājumi",
            complaintTile: "Sūdzības ar pārkāptu SLA",
            blockedTile: "Bloķētie pasūtījumi",
            // the English names of the base tiles: none may show through
            untranslated: [
                "Complaints due today",
                "Complaints at risk",
                "Complaints past their SLA",
                "Quotations to send",
                "Blocked orders",
                "Orders waiting for payment",
                "Orders to invoice",
                "Rep requests to handle",
                "Escalations waiting for management",
                "Incomplete customers",
                "Customers without a sales admin",
            ],
        }),
});
