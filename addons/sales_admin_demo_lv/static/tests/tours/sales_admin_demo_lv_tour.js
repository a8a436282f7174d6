import { registry } from "@web/core/registry";
import { stepUtils } from "@web_tour/tour_utils";

/**
 * The Latvian company's sales admin logs in: the app, the cockpit and a complaint speak Latvian,
 * and what the desk counts and lists is the company's own.
 */
registry.category("web_tour.tours").add("sales_admin_demo_lv", {
    url: "/odoo",
    steps: () => [
        ...stepUtils.goToAppSteps("sales_admin_base.sales_admin_menu_root", "Open the Sales Admin app"),
        {
            content: "The app's name is Latvian",
            trigger: '.o_main_navbar .o_menu_brand:contains("Pārdošanas administrators")',
        },
        {
            content: "The app opens on the cockpit, titled in Latvian",
            trigger: '.o_breadcrumb .active:contains("Mans darbagalds")',
        },
        ...["Sūdzības", "Pasūtījumi un maksājumi", "Klienti"].map((section) => ({
            content: `The cockpit section "${section}" is titled in Latvian`,
            trigger: `.o_sales_admin_cockpit .o_column_title:contains("${section}")`,
        })),
        {
            content: "The complaint past its SLA is the company's one",
            trigger:
                '.o_sales_admin_cockpit .o_kanban_record:contains("Sūdzības ar pārkāptu SLA") .badge:contains("1")',
        },
        {
            content: "Open the blocked orders",
            trigger: '.o_sales_admin_cockpit .o_kanban_record:contains("Bloķētie pasūtījumi")',
            run: "click",
        },
        {
            content: "The blocked orders are the Latvian customers' ones",
            trigger: '.o_list_view .o_data_row:contains("AS Latgales Piens")',
        },
        {
            content: "No order of the San Francisco company is listed",
            trigger: '.o_list_view:not(:has(.o_data_row:contains("Baltic Office Supply")))',
        },
        {
            content: "Open the desk menu",
            trigger: '.o_main_navbar button:contains("Darbagalds")',
            run: "click",
        },
        {
            content: "Open the complaints",
            trigger: '.dropdown-item:contains("Sūdzības")',
            run: "click",
        },
        {
            content: "Open the new complaint of Vidzemes Koks",
            trigger: '.o_kanban_record:contains("Krēsli piegādāti ar skrāpējumiem")',
            run: "click",
        },
        {
            content: "The complaint is in its first stage, named in Latvian",
            trigger: '.o_statusbar_status button.o_arrow_button_current:contains("Jauns")',
        },
        {
            content: "Its category is named in Latvian",
            trigger: '.o_field_widget[name="category_id"] input:value("Produkta kvalitāte")',
        },
        {
            content: "Take the complaint",
            trigger: 'button[name="action_take"]:contains("Uzņemties")',
            run: "click",
        },
        {
            content: "The complaint is now the Latvian admin's",
            trigger: '.o_field_widget[name="sales_admin_id"] input:value("Līga Kalniņa")',
        },
        {
            content: "Nothing left to take",
            trigger: '.o_form_statusbar:not(:has(button[name="action_take"]))',
        },
        {
            content: "The resolution tab is titled in Latvian",
            trigger: '.o_notebook a:contains("Atrisinājums")',
            run: "click",
        },
        {
            content: "The resolution editor is shown",
            trigger: '.o_field_widget[name="resolution"]',
        },
    ],
});
